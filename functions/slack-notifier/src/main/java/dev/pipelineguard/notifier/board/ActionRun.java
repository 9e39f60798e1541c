package dev.pipelineguard.notifier.board;

import java.util.Comparator;

/**
 * What is known about one action of an execution: its newest state with what that event said (error
 * code, summary, link), and its type.
 */
public record ActionRun(
    String stage, String name, Stamp latest, Result result, String provider, String category) {

  /** What the event of the newest state said; a newer run (STARTED again) clears an old failure. */
  public record Result(
      String errorCode, String summary, String externalUrl, String actionExecutionId)
      implements Comparable<Result> {
    static final Result NONE = new Result(null, null, null, null);
    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<Result> ORDER =
        Comparator.comparing(Result::errorCode, TEXT)
            .thenComparing(Result::summary, TEXT)
            .thenComparing(Result::externalUrl, TEXT)
            .thenComparing(Result::actionExecutionId, TEXT);

    @Override
    public int compareTo(Result other) {
      return ORDER.compare(this, other);
    }
  }

  static ActionRun unseen(String stage, String name) {
    return new ActionRun(stage, name, null, Result.NONE, null, null);
  }

  ActionRun apply(BoardEvent event) {
    BoardEvent.ActionDetails d = event.details();
    Stamp stamp = event.stamp();
    Result incoming =
        new Result(d.errorCode(), d.summary(), d.externalUrl(), d.actionExecutionId());
    Stamp newest = latest;
    Result kept = result;
    int order = latest == null ? 1 : stamp.compareTo(latest);
    // Equal stamps (a duplicate, or two events that differ only in what they say): the larger
    // result wins, so the outcome does not depend on which came first.
    if (order > 0 || (order == 0 && incoming.compareTo(result) > 0)) {
      newest = stamp;
      kept = incoming;
    }
    return new ActionRun(
        stage,
        name,
        newest,
        kept,
        Merge.pick(provider, d.provider()),
        Merge.pick(category, d.category()));
  }

  boolean approval() {
    return "Approval".equalsIgnoreCase(category);
  }

  boolean waitingForApproval() {
    return approval() && latest != null && "STARTED".equals(latest.state());
  }

  boolean failed() {
    return latest != null && "FAILED".equals(latest.state());
  }
}
