package dev.pipelineguard.validator.check;

import java.time.Duration;

/**
 * When this poll's reads must be done (on {@link System#nanoTime()}'s clock). Reads that stream
 * (the artifact) or wait on a server (the health URL) stop at it, so no work outlives the poll.
 */
public record Deadline(long nanoTime) {

  public static Deadline in(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  /** What is left, never negative. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
  }

  public boolean passed() {
    return System.nanoTime() - nanoTime >= 0;
  }
}
