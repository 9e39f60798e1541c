package dev.pipelineguard.notifier.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything known about one pipeline execution, merged from its events. Merging is commutative,
 * associative and idempotent: any order and any number of duplicates of the same events give an
 * equal board, so the message rendered from it converges whatever the delivery order.
 *
 * <ul>
 *   <li>pipeline, stage and action states keep the newest by {@link Stamp} (attempt, retry,
 *       finished before running, time, name): a finished state never goes back to STARTED on an
 *       older or equally timed event;
 *   <li>facts every event should agree on (region, trigger, commit) are filled in when missing;
 *   <li>times that order or measure (execution start, first sight of a stage) keep the earliest.
 * </ul>
 *
 * <p>Stage order: CodePipeline's events do not say where a stage sits in the pipeline, and the
 * order of first arrival changes with the delivery order. Stages are ordered by the time they were
 * first seen (the earliest event of the stage or its actions; stages run one after the other, so
 * that is their pipeline order), ties by name; a {@link PipelineLayout} read from GetPipeline, when
 * given, replaces this with the declared order and lists stages not reached yet.
 *
 * @param actions keyed by {@link #actionKey}
 */
public record ExecutionBoard(
    String executionId,
    String pipeline,
    String region,
    String account,
    Stamp pipelineState,
    String stopComments,
    Instant executionStart,
    Source source,
    SortedMap<String, StageRun> stages,
    SortedMap<String, ActionRun> actions,
    PipelineLayout layout,
    Instant lastEventAt) {

  public ExecutionBoard {
    stages = Collections.unmodifiableSortedMap(new TreeMap<>(stages));
    actions = Collections.unmodifiableSortedMap(new TreeMap<>(actions));
    source = source == null ? Source.NONE : source;
  }

  /** The board of an execution no event has reached yet. */
  public static ExecutionBoard empty(String executionId) {
    return new ExecutionBoard(
        executionId,
        null,
        null,
        null,
        null,
        null,
        null,
        Source.NONE,
        new TreeMap<>(),
        new TreeMap<>(),
        null,
        null);
  }

  /** {@code stage} and {@code action} as one map key (names cannot contain a NUL). */
  static String actionKey(String stage, String action) {
    return stage + '\u0000' + action;
  }

  /**
   * This board with {@code event} merged in. An event of another pipeline that happens to carry
   * this execution id changes nothing.
   *
   * @throws IllegalArgumentException when the event belongs to another execution
   */
  public ExecutionBoard apply(BoardEvent event) {
    if (!executionId.equals(event.executionId())) {
      throw new IllegalArgumentException(
          "event of execution " + event.executionId() + " applied to the board of " + executionId);
    }
    if (pipeline != null && !pipeline.equals(event.pipeline())) {
      return this;
    }
    Stamp state = pipelineState;
    String comments = stopComments;
    Source merged = source;
    TreeMap<String, StageRun> newStages = new TreeMap<>(stages);
    TreeMap<String, ActionRun> newActions = new TreeMap<>(actions);
    switch (event.level()) {
      case PIPELINE:
        state = Stamp.newer(pipelineState, event.stamp());
        comments = Merge.pick(stopComments, event.stopComments());
        merged = source.merge(event.source());
        break;
      case STAGE:
        newStages.put(event.stage(), stage(event.stage()).apply(event));
        break;
      case ACTION:
        newStages.put(event.stage(), stage(event.stage()).sawAction(event.time()));
        String key = actionKey(event.stage(), event.action());
        newActions.put(
            key,
            actions
                .getOrDefault(key, ActionRun.unseen(event.stage(), event.action()))
                .apply(event));
        break;
      default:
        throw new IllegalStateException("unknown level " + event.level());
    }
    ExecutionBoard next =
        new ExecutionBoard(
            executionId,
            event.pipeline(),
            Merge.pick(region, event.region()),
            Merge.pick(account, event.account()),
            state,
            comments,
            Merge.earliest(executionStart, event.executionStart()),
            merged,
            newStages,
            newActions,
            layout,
            Merge.latest(lastEventAt, event.time()));
    return next.equals(this) ? this : next;
  }

  /** This board with the pipeline's declared stages (the higher structure version wins). */
  public ExecutionBoard withLayout(PipelineLayout declared) {
    PipelineLayout kept = PipelineLayout.newer(layout, declared);
    return Objects.equals(kept, layout)
        ? this
        : new ExecutionBoard(
            executionId,
            pipeline,
            region,
            account,
            pipelineState,
            stopComments,
            executionStart,
            source,
            stages,
            actions,
            kept,
            lastEventAt);
  }

  /** This board with facts from elsewhere (GetPipelineExecution) merged into its source. */
  public ExecutionBoard withSource(Source more) {
    Source merged = source.merge(more);
    return merged.equals(source)
        ? this
        : new ExecutionBoard(
            executionId,
            pipeline,
            region,
            account,
            pipelineState,
            stopComments,
            executionStart,
            merged,
            stages,
            actions,
            layout,
            lastEventAt);
  }

  /**
   * This board with where the execution runs, as a report or a lookup names it (a report can arrive
   * before any event). Fills in what is missing only, the way {@link #apply} does.
   */
  public ExecutionBoard withPipeline(String pipelineName, String regionName, String accountId) {
    ExecutionBoard next =
        new ExecutionBoard(
            executionId,
            pipeline != null ? pipeline : pipelineName,
            Merge.pick(region, regionName),
            Merge.pick(account, accountId),
            pipelineState,
            stopComments,
            executionStart,
            source,
            stages,
            actions,
            layout,
            lastEventAt);
    return next.equals(this) ? this : next;
  }

  private StageRun stage(String name) {
    return stages.getOrDefault(name, StageRun.unseen(name));
  }

  /** The stages in display order: the declared layout if known, then by first sight and name. */
  public List<StageRun> orderedStages() {
    List<StageRun> seen = new ArrayList<>(stages.values());
    seen.sort(
        Comparator.comparing(
                StageRun::firstSeen, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(StageRun::name));
    if (layout == null) {
      return seen;
    }
    List<StageRun> ordered = new ArrayList<>();
    for (String name : layout.stages()) {
      ordered.add(stages.getOrDefault(name, StageRun.unseen(name)));
    }
    for (StageRun run : seen) {
      if (!layout.stages().contains(run.name())) {
        ordered.add(run);
      }
    }
    return ordered;
  }

  /** The actions of {@code stage}, by name. */
  public List<ActionRun> actionsOf(String stage) {
    List<ActionRun> out = new ArrayList<>();
    for (Map.Entry<String, ActionRun> entry :
        actions.subMap(stage + '\u0000', stage + '\u0001').entrySet()) {
      out.add(entry.getValue());
    }
    return out;
  }

  public ActionRun action(String stage, String action) {
    return actions.get(actionKey(stage, action));
  }

  /** The pipeline's state, or null before its first pipeline-level event. */
  public String state() {
    return pipelineState == null ? null : pipelineState.state();
  }

  /** Whether the execution has finished (succeeded, failed, stopped, canceled, superseded). */
  public boolean finished() {
    return pipelineState != null && pipelineState.finished();
  }

  /** The highest attempt any event reported. */
  public long attempt() {
    long attempt = pipelineState == null ? 1 : pipelineState.attempt();
    for (StageRun run : stages.values()) {
      if (run.latest() != null) {
        attempt = Math.max(attempt, run.latest().attempt());
      }
    }
    return attempt;
  }
}
