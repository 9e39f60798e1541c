package dev.pipelineguard.watcher;

import java.time.Instant;

/**
 * The durable half of report-once, shared by every container: a marker per report key, taken
 * conditionally before publishing (IN_PROGRESS), COMPLETED after, deleted if publishing failed.
 * Implementations throw {@link LedgerException} when the store cannot be reached.
 */
public interface ReportLedger {

  /** What a claim found. */
  enum Claim { CLAIMED, ALREADY_REPORTED, IN_PROGRESS_ELSEWHERE }

  /**
   * Marks {@code key} IN_PROGRESS unless it is COMPLETED or another invocation holds it; an
   * IN_PROGRESS marker whose holder's deadline has passed is taken over.
   *
   * @param inProgressUntil when this invocation's own marker goes stale (its Lambda deadline)
   */
  Claim claim(String key, Instant now, Instant inProgressUntil);

  /** Marks {@code key} COMPLETED with the SNS message id. */
  void complete(String key, String messageId, Instant now);

  /** Deletes this invocation's IN_PROGRESS marker so a retry can report. */
  void release(String key);

  /** The store could not be read or written. */
  final class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
