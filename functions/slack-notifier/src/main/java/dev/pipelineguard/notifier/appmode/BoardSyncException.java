package dev.pipelineguard.notifier.appmode;

/**
 * The board could not be brought up to date in this invocation (too many concurrent writes, no time
 * left): what the event changed is stored or not, and the invocation fails so Lambda retries it.
 * Never carries event text.
 */
public final class BoardSyncException extends RuntimeException {
  public BoardSyncException(String message) {
    super(message);
  }
}
