package dev.pipelineguard.watcher.report;

import java.time.Instant;

/**
 * The durable half of report-once, shared by every container: a marker per report key, taken
 * conditionally before publishing (IN_PROGRESS), COMPLETED after, deleted if publishing failed.
 * Implementations throw {@link LedgerException} for every failure to read or write the store
 * (refused, reset, timed out, throttled, denied), never anything else.
 */
public interface ReportLedger {

  /** What a claim found. */
  enum Claim {
    CLAIMED,
    ALREADY_REPORTED,
    IN_PROGRESS_ELSEWHERE
  }

  /**
   * Marks {@code key} IN_PROGRESS for {@code holder} unless it is COMPLETED or another holder has
   * it; an IN_PROGRESS marker whose holder's deadline has passed is taken over, and the same
   * holder's own marker (a retried request whose first answer was lost) is claimed again.
   *
   * @param holder this attempt to report, unique per invocation and key
   * @param inProgressUntil when this invocation's own marker goes stale (its Lambda deadline)
   */
  Claim claim(String key, String holder, Instant now, Instant inProgressUntil);

  /**
   * Marks {@code key} COMPLETED with the SNS message id, also when it was never claimed (the store
   * was unreachable at claim time): whatever arrives later is then a duplicate.
   */
  void complete(String key, String messageId, Instant now);

  /** Deletes {@code holder}'s IN_PROGRESS marker so a retry can report; anyone else's stays. */
  void release(String key, String holder);

  /**
   * The store could not be read or written. The message names the operation and the error, nothing
   * more.
   */
  final class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
