package dev.pipelineguard.notifier.appmode;

import dev.pipelineguard.notifier.board.BoardRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * Where boards are kept between invocations, one record per execution, shared by every container.
 * Writes are optimistic: a save succeeds only if nobody saved the record since it was loaded.
 * Implementations throw {@link StoreException} for every failure to read or write (refused, timed
 * out, throttled, denied), never anything else.
 */
public interface BoardStore {

  /** The execution's record (consistent read), or {@link BoardRecord#fresh} with version 0. */
  BoardRecord load(String executionId);

  /**
   * Saves {@code record} if the stored version is still {@code record.version()} (0: none stored)
   * and refreshes its expiry from {@code now}.
   *
   * @return the record as saved (version + 1), or empty when someone saved it meanwhile
   */
  Optional<BoardRecord> save(BoardRecord record, Instant now);

  /** SnapStart priming: get ready (build clients) without reading or writing. */
  default void prime() {}

  /** The store could not be read or written. The message names the operation and the error only. */
  final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
