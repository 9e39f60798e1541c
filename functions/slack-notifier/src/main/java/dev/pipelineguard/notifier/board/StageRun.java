package dev.pipelineguard.notifier.board;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * What is known about one stage of an execution, merged from its events in any order.
 *
 * @param latest the newest stage state (by {@link Stamp}), or null when only its actions have been
 *     seen so far
 * @param started the start (STARTED or RESUMED) of the newest run, for the duration
 * @param firstSeen the earliest time of any event of the stage or its actions: orders stages when
 *     the pipeline's layout is not known
 * @param firstRun the stage's own event of its earliest run (attempt, then retry time): when the
 *     newest start belongs to another run, the stage was retried. (Whether CodePipeline stamps
 *     {@code stage-last-retry-attempt-time} on the events of stages that were not retried is not
 *     documented, so a stage whose events all carry the same one is not called retried.)
 */
public record StageRun(
    String name, Stamp latest, Stamp started, Instant firstSeen, Stamp firstRun) {
  /** The newest run first; within one run the earliest start (STARTED and RESUMED alike). */
  private static final Comparator<Stamp> START_ORDER =
      Comparator.comparingLong(Stamp::attempt)
          .thenComparing(Stamp::retriedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(
              Stamp::time, Comparator.nullsLast(Comparator.<Instant>naturalOrder()).reversed())
          .thenComparing(Stamp::state, Comparator.reverseOrder());

  /** The earliest run first; within one run any fixed order. */
  private static final Comparator<Stamp> RUN_ORDER =
      Comparator.comparingLong(Stamp::attempt)
          .thenComparing(Stamp::retriedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Comparator.naturalOrder());

  static StageRun unseen(String name) {
    return new StageRun(name, null, null, null, null);
  }

  StageRun apply(BoardEvent event) {
    Stamp stamp = event.stamp();
    Stamp start = started;
    if ("STARTED".equals(event.state()) || "RESUMED".equals(event.state())) {
      start = started == null || START_ORDER.compare(stamp, started) > 0 ? stamp : started;
    }
    Stamp first = firstRun == null || RUN_ORDER.compare(stamp, firstRun) < 0 ? stamp : firstRun;
    return new StageRun(
        name, Stamp.newer(latest, stamp), start, Merge.earliest(firstSeen, event.time()), first);
  }

  /** An event of one of the stage's actions: only when the stage was first seen. */
  StageRun sawAction(Instant time) {
    Instant seen = Merge.earliest(firstSeen, time);
    return Objects.equals(seen, firstSeen)
        ? this
        : new StageRun(name, latest, started, seen, firstRun);
  }

  /** Whether the stage ran again: its newest start is of another run than its first event. */
  boolean retried() {
    return started != null && !started.sameRun(firstRun);
  }

  /** From the start of the newest run to its end, when both are known. */
  java.time.Duration duration() {
    if (latest == null
        || !latest.finished()
        || started == null
        || !started.sameRun(latest)
        || started.time() == null
        || latest.time() == null
        || latest.time().isBefore(started.time())) {
      return null;
    }
    return java.time.Duration.between(started.time(), latest.time());
  }
}
