package dev.pipelineguard.notifier.appmode;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.Text;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.board.BoardCodec;
import dev.pipelineguard.notifier.board.BoardEvent;
import dev.pipelineguard.notifier.board.BoardMessages;
import dev.pipelineguard.notifier.board.BoardRecord;
import dev.pipelineguard.notifier.board.ExecutionBoard;
import dev.pipelineguard.notifier.board.PipelineLayout;
import dev.pipelineguard.notifier.board.Source;
import dev.pipelineguard.notifier.board.ThreadReply;
import dev.pipelineguard.notifier.board.ThreadState;
import dev.pipelineguard.notifier.delivery.SlackDeliveryException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Slack app mode: one thread per pipeline execution. A CodePipeline execution event updates its
 * execution's board (the thread's parent, through {@link BoardSync}); a report or a build that
 * belongs to an execution becomes a reply in its thread; the caller posts everything else as a
 * standalone message, as in webhook mode.
 *
 * <p>What events do not say is read from CodePipeline, when ENRICH_PIPELINE_EVENTS allows it and
 * enough time is left, and never stops a message: the declared stage order once per pipeline
 * version and container (GetPipeline), the commit link on pipeline-level events
 * (GetPipelineExecution), and which execution a report or build belongs to when it does not name it
 * (ListPipelineExecutions, ListActionExecutions). A message whose execution cannot be found is
 * posted on its own.
 */
public final class ExecutionThreads {
  /**
   * Time kept for DynamoDB and Slack after CodePipeline reads; the reads are skipped when less is
   * left.
   */
  static final Duration SLACK_RESERVE = Duration.ofSeconds(5);

  /** Clock difference allowed between a report's {@code detectedAt} and CodePipeline's times. */
  static final Duration RUNNING_TOLERANCE = Duration.ofSeconds(5);

  /** More executions running at one moment than this: too ambiguous to pick one. */
  static final int MAX_CANDIDATES = 3;

  /**
   * A DynamoDB item holds at most 400 KB; a reply that would take the board past this goes on its
   * own.
   */
  static final int MAX_ITEM_BYTES = 300_000;

  static final int MAX_LAYOUTS = 100;

  /**
   * @param readFacts read CodePipeline (ENRICH_PIPELINE_EVENTS)
   * @param factsTimeout the most one CodePipeline call takes (ENRICHMENT_TIMEOUT_MS)
   * @param defaultPipeline the pipeline to search when a report does not name one (PIPELINE_NAME),
   *     or null
   */
  public record Settings(boolean readFacts, Duration factsTimeout, String defaultPipeline) {}

  private final BoardSync sync;
  private final BoardStore store;
  private final ExecutionFacts facts;
  private final Supplier<String> channel;
  private final Clock clock;
  private final Log log;
  private final Settings settings;
  private final Map<String, PipelineLayout> layouts = new ConcurrentHashMap<>();

  /**
   * @param channel the channel new parents go to (read from the app secret on first use)
   */
  public ExecutionThreads(
      BoardSync sync,
      BoardStore store,
      ExecutionFacts facts,
      Supplier<String> channel,
      Clock clock,
      Log log,
      Settings settings) {
    this.sync = sync;
    this.store = store;
    this.facts = facts;
    this.channel = channel;
    this.clock = clock;
    this.log = log;
    this.settings = settings;
  }

  /** Whether {@code body} is a CodePipeline execution event (EventBridge or Developer Tools). */
  public static boolean isExecutionEvent(Json body) {
    String source = body.get("source").text();
    return BoardEvent.isExecutionEvent(body)
        && (source == null || "aws.codepipeline".equals(source));
  }

  /**
   * Merges an execution event into its board and brings Slack up to date.
   *
   * @return empty when the event lacks what a board needs (execution id, pipeline, state): the
   *     caller posts it on its own rather than lose it
   * @throws RuntimeException from the store or Slack ({@link BoardSync#apply}): the invocation
   *     fails
   */
  public Optional<BoardSync.Result> event(Json body, String eventId, Instant deadline) {
    BoardEvent event;
    try {
      event = BoardEvent.from(body);
    } catch (IllegalArgumentException e) {
      log.warn("board.unusable_event", "eventId", eventId, "reason", e.getMessage());
      return Optional.empty();
    }
    PipelineLayout layout = layout(event.pipeline(), structureVersion(body), deadline, eventId);
    Source revision =
        event.level() == BoardEvent.Level.PIPELINE ? revision(event, deadline, eventId) : null;
    UnaryOperator<ExecutionBoard> known =
        board -> {
          ExecutionBoard out = layout == null ? board : board.withLayout(layout);
          return revision == null ? out : out.withSource(revision.missingFrom(out.source()));
        };
    try {
      BoardSync.Result result = sync.apply(event, known, channel.get(), deadline);
      log.info(
          "board.event",
          "eventId",
          eventId,
          "executionId",
          event.executionId(),
          "of",
          event.level(),
          "state",
          event.state(),
          "outcome",
          result.outcome(),
          "slackCalls",
          result.slackCalls());
      return Optional.of(result);
    } catch (RuntimeException e) {
      failed("board.failed", eventId, event.executionId(), e);
      throw e;
    }
  }

  /**
   * The execution a message belongs to, from what it says or a CodePipeline lookup; empty when it
   * belongs to none, or when the execution cannot be found (the caller posts it on its own).
   */
  public Optional<ThreadClues> locate(Json body, String eventId, Instant deadline) {
    ThreadClues clues = ThreadClues.of(body);
    if (clues == null) {
      return Optional.empty();
    }
    if (clues.executionId() != null) {
      log.info(
          "thread.located",
          "eventId",
          eventId,
          "kind",
          clues.kind(),
          "executionId",
          clues.executionId(),
          "by",
          "named");
      return Optional.of(clues);
    }
    String pipeline = clues.pipeline() != null ? clues.pipeline() : settings.defaultPipeline();
    if (pipeline == null || !clues.searchable() || !settings.readFacts()) {
      log.info(
          "thread.not_found",
          "eventId",
          eventId,
          "kind",
          clues.kind(),
          "reason",
          pipeline == null
              ? "no pipeline named"
              : !clues.searchable() ? "nothing to search by" : "lookups are off");
      return Optional.empty();
    }
    String by = clues.buildId() != null ? "build" : clues.commit() != null ? "commit" : "time";
    String found;
    try {
      found =
          switch (by) {
            case "build" -> byBuild(pipeline, clues.buildId(), deadline);
            case "commit" -> byCommit(pipeline, clues.commit(), deadline);
            default -> runningAt(pipeline, clues.at(), deadline);
          };
    } catch (ExecutionFacts.FactsException e) {
      log.warn(
          "thread.lookup_failed",
          "eventId",
          eventId,
          "kind",
          clues.kind(),
          "error",
          e.getMessage());
      return Optional.empty();
    }
    if (found == null) {
      log.info(
          "thread.not_found",
          "eventId",
          eventId,
          "kind",
          clues.kind(),
          "pipeline",
          pipeline,
          "by",
          by);
      return Optional.empty();
    }
    log.info(
        "thread.located", "eventId", eventId, "kind", clues.kind(), "executionId", found, "by", by);
    return Optional.of(clues.withExecution(pipeline, found));
  }

  /**
   * Posts {@code message} in the thread of the execution {@code at} names, once per {@code key}
   * (the same news delivered again has the same key).
   *
   * @return empty when the reply would make the execution's stored record too large (Slack down for
   *     long with many replies waiting): the caller posts it on its own
   */
  public Optional<BoardSync.Result> reply(
      ThreadClues at, String key, SlackMessage message, String eventId, Instant deadline) {
    ThreadReply reply = ThreadReply.of(key, message);
    try {
      BoardRecord stored = store.load(at.executionId());
      if (!stored.thread().knows(key)
          && Text.utf8Length(BoardCodec.write(stored.board(), stored.thread()))
                  + Text.utf8Length(reply.payloadJson())
              > MAX_ITEM_BYTES) {
        log.warn(
            "thread.full",
            "eventId",
            eventId,
            "executionId",
            at.executionId(),
            "pending",
            stored.thread().pending().size());
        return Optional.empty();
      }
      BoardSync.Result result =
          sync.reply(
              at.executionId(),
              reply,
              board -> board.withPipeline(at.pipeline(), at.region(), at.account()),
              channel.get(),
              deadline);
      log.info(
          "thread.reply",
          "eventId",
          eventId,
          "executionId",
          at.executionId(),
          "kind",
          at.kind(),
          "outcome",
          result.outcome(),
          "slackCalls",
          result.slackCalls());
      return Optional.of(result);
    } catch (RuntimeException e) {
      failed("thread.failed", eventId, at.executionId(), e);
      throw e;
    }
  }

  /**
   * SnapStart priming: reads {@code body} (an execution event) and renders its board, its stored
   * form and its replies as a real event would, without the store, CodePipeline or Slack.
   */
  public int prime(Json body) {
    BoardEvent event = BoardEvent.from(body);
    ExecutionBoard board =
        ExecutionBoard.empty(event.executionId())
            .apply(event)
            .withLayout(
                new PipelineLayout(1, List.of(event.stage() == null ? "Source" : event.stage())));
    List<ThreadReply> replies = BoardMessages.replies(event, board);
    ThreadState thread = ThreadState.NONE;
    for (ThreadReply reply : replies) {
      thread = thread.request(reply, clock.instant());
    }
    String stored = BoardCodec.write(board, thread);
    BoardCodec.read(stored, 1);
    ThreadClues.of(body);
    return BoardSync.render(board).json().isEmpty() ? 0 : 1 + replies.size();
  }

  /** SnapStart priming: builds the store's and CodePipeline's clients without calling them. */
  public void primeClients() {
    store.prime();
    facts.prime();
  }

  /**
   * Logs a failure; the message only of our own exceptions, which never carry event text or
   * secrets.
   */
  private void failed(String what, String eventId, String executionId, RuntimeException e) {
    boolean ours =
        e instanceof SlackDeliveryException
            || e instanceof BoardSyncException
            || e instanceof BoardStore.StoreException;
    log.error(
        what,
        "eventId",
        eventId,
        "executionId",
        executionId,
        "error",
        e.getClass().getSimpleName(),
        "detail",
        ours ? Text.truncate(Text.oneLine(String.valueOf(e.getMessage())), 300) : "-");
  }

  // ---------------------------------------------------------------------------------------------
  // What CodePipeline adds

  private static long structureVersion(Json body) {
    return body.path("detail", "version").number().map(BigDecimal::longValue).orElse(-1L);
  }

  /** The declared stages, once per pipeline version and container; null when unknown. */
  private PipelineLayout layout(String pipeline, long version, Instant deadline, String eventId) {
    if (version < 0 || !settings.readFacts()) {
      return null;
    }
    String key = pipeline + "#" + version;
    PipelineLayout known = layouts.get(key);
    if (known != null || !timeFor(deadline)) {
      return known;
    }
    try {
      PipelineLayout read = facts.layout(pipeline, version);
      if (layouts.size() >= MAX_LAYOUTS) {
        layouts.clear();
      }
      layouts.put(key, read);
      return read;
    } catch (ExecutionFacts.FactsException e) {
      log.warn(
          "board.layout_unavailable",
          "eventId",
          eventId,
          "pipeline",
          pipeline,
          "error",
          e.getMessage());
      return null;
    }
  }

  /** The commit with its link, for pipeline-level events (few per execution); null when unknown. */
  private Source revision(BoardEvent event, Instant deadline, String eventId) {
    if (!settings.readFacts() || !timeFor(deadline)) {
      return null;
    }
    try {
      return facts.source(event.pipeline(), event.executionId());
    } catch (ExecutionFacts.FactsException e) {
      log.warn(
          "board.source_unavailable",
          "eventId",
          eventId,
          "executionId",
          event.executionId(),
          "error",
          e.getMessage());
      return null;
    }
  }

  private boolean timeFor(Instant deadline) {
    return !clock.instant().plus(settings.factsTimeout()).plus(SLACK_RESERVE).isAfter(deadline);
  }

  /** The execution whose build action ran this CodeBuild build. */
  private String byBuild(String pipeline, String buildId, Instant deadline) {
    if (!timeFor(deadline)) {
      return null;
    }
    for (ExecutionFacts.Action action : facts.recentActions(pipeline, null)) {
      if (buildId.equals(action.externalExecutionId())) {
        return action.executionId();
      }
    }
    return null;
  }

  /** The newest execution that built {@code commit} (the image tag the watcher's report names). */
  private String byCommit(String pipeline, String commit, Instant deadline) {
    if (!timeFor(deadline)) {
      return null;
    }
    for (ExecutionFacts.Execution execution : facts.recentExecutions(pipeline)) {
      for (String revision : execution.revisionIds()) {
        if (revision != null && revision.toLowerCase(java.util.Locale.ROOT).startsWith(commit)) {
          return execution.executionId();
        }
      }
    }
    return null;
  }

  /**
   * The execution that was running at {@code at} (when the validator blocked a deployment): the
   * only one, or among a few, the only one with an Invoke action running then.
   */
  private String runningAt(String pipeline, Instant at, Instant deadline) {
    if (!timeFor(deadline)) {
      return null;
    }
    List<ExecutionFacts.Execution> candidates = new ArrayList<>();
    for (ExecutionFacts.Execution execution : facts.recentExecutions(pipeline)) {
      if (running(execution.startTime(), execution.lastUpdateTime(), execution.inProgress(), at)) {
        candidates.add(execution);
      }
    }
    if (candidates.size() <= 1) {
      return candidates.isEmpty() ? null : candidates.get(0).executionId();
    }
    if (candidates.size() > MAX_CANDIDATES) {
      return null;
    }
    List<String> invoking = new ArrayList<>();
    for (ExecutionFacts.Execution execution : candidates) {
      if (!timeFor(deadline)) {
        return null;
      }
      boolean ran =
          facts.recentActions(pipeline, execution.executionId()).stream()
              .anyMatch(
                  a ->
                      "Invoke".equals(a.category())
                          && running(a.startTime(), a.lastUpdateTime(), a.inProgress(), at));
      if (ran) {
        invoking.add(execution.executionId());
      }
    }
    return invoking.size() == 1 ? invoking.get(0) : null;
  }

  /**
   * Whether something that started at {@code start} and was last updated at {@code last} ran at
   * {@code at}.
   */
  static boolean running(Instant start, Instant last, boolean inProgress, Instant at) {
    if (start == null || start.isAfter(at.plus(RUNNING_TOLERANCE))) {
      return false;
    }
    return inProgress || (last != null && !last.isBefore(at.minus(RUNNING_TOLERANCE)));
  }
}
