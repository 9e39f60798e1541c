package dev.pipelineguard.notifier.board;

import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/**
 * When a state was reported, ordered so that merging keeps the newest state whatever order the
 * events arrive in. CodePipeline delivers its events at least once and out of order, and their
 * {@code time} has whole seconds only, so two events of one stage often share a time. The order:
 *
 * <ol>
 *   <li>{@code attempt} ({@code pipeline-execution-attempt}): a retry is newer than everything of
 *       an earlier attempt;
 *   <li>{@code retriedAt} ({@code stage-last-retry-attempt-time}): a stage retry, also when the
 *       attempt did not change;
 *   <li>{@code phase}: within one attempt a finished state (SUCCEEDED, FAILED, ...) is never
 *       replaced by STARTED, even one with a later time;
 *   <li>{@code time}, then the state's name, so that even two different states with equal
 *       everything else resolve the same way on every delivery order.
 * </ol>
 */
public record Stamp(long attempt, Instant retriedAt, int phase, Instant time, String state)
    implements Comparable<Stamp> {
  static final int RUNNING = 0;
  static final int STOPPING = 1;
  static final int FINISHED = 2;

  private static final Comparator<Instant> INSTANTS =
      Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<Stamp> ORDER =
      Comparator.comparingLong(Stamp::attempt)
          .thenComparing(Stamp::retriedAt, INSTANTS)
          .thenComparingInt(Stamp::phase)
          .thenComparing(Stamp::time, INSTANTS)
          .thenComparing(Stamp::state);

  public Stamp {
    state = state == null ? "UNKNOWN" : state;
  }

  public static Stamp of(String state, long attempt, Instant retriedAt, Instant time) {
    return new Stamp(attempt, retriedAt, phaseOf(state), time, state);
  }

  /** Unknown (future) states count as running: they never hide a finished state. */
  static int phaseOf(String state) {
    switch (state == null ? "" : state.toUpperCase(Locale.ROOT)) {
      case "STOPPING":
        return STOPPING;
      case "SUCCEEDED":
      case "FAILED":
      case "STOPPED":
      case "CANCELED":
      case "SUPERSEDED":
      case "ABANDONED":
        return FINISHED;
      default:
        return RUNNING;
    }
  }

  public boolean finished() {
    return phase == FINISHED;
  }

  /** Whether this state and {@code other} belong to the same run (attempt and retry). */
  public boolean sameRun(Stamp other) {
    return other != null
        && attempt == other.attempt
        && java.util.Objects.equals(retriedAt, other.retriedAt);
  }

  @Override
  public int compareTo(Stamp other) {
    return ORDER.compare(this, other);
  }

  /** The newer of two stamps; either may be null. */
  static Stamp newer(Stamp a, Stamp b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }
}
