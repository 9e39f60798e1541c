package dev.pipelineguard.watcher;

import dev.pipelineguard.common.Redactor;
import dev.pipelineguard.common.Text;

/**
 * What the handler throws instead of an exception whose messages hold something the redactor would
 * change. Lambda writes a thrown exception to the log and to a synchronous caller's answer with its
 * causes' messages, and an SDK exception's message is AWS's text, which may quote the request: the
 * copy keeps each class name (in the message) and stack trace, with every message redacted and no
 * suppressed exceptions (the SDK adds one per failed attempt, with its message). The watcher's own
 * exceptions quote only error codes and names, so they are thrown as they are unless a cause needs
 * this.
 */
final class RedactedException extends RuntimeException {
  /**
   * How deep causes are followed: deeper ones are dropped from the copy (and make a copy
   * necessary).
   */
  static final int MAX_DEPTH = 8;

  private RedactedException(String message, RedactedException cause, StackTraceElement[] trace) {
    super(message, cause, false, true);
    setStackTrace(trace);
  }

  /** {@code e} itself when nothing in it needs redacting, else its redacted copy. */
  static RuntimeException outward(RuntimeException e) {
    return isClean(e, 0) ? e : copy(e, 0);
  }

  /**
   * Every message in {@code t}, its causes and suppressed exceptions is left unchanged by
   * redaction.
   */
  private static boolean isClean(Throwable t, int depth) {
    if (t == null) {
      return true;
    }
    if (depth >= MAX_DEPTH || !isClean(t.getMessage())) {
      return false;
    }
    for (Throwable suppressed : t.getSuppressed()) {
      if (!isClean(suppressed, depth + 1)) {
        return false;
      }
    }
    return t.getCause() == t || isClean(t.getCause(), depth + 1);
  }

  private static boolean isClean(String message) {
    return message == null || redact(message).equals(message);
  }

  private static RedactedException copy(Throwable t, int depth) {
    Throwable cause = t.getCause();
    RedactedException copiedCause =
        cause == null || cause == t || depth + 1 >= MAX_DEPTH ? null : copy(cause, depth + 1);
    String message =
        t.getClass().getName() + (t.getMessage() == null ? "" : ": " + redact(t.getMessage()));
    return new RedactedException(message, copiedCause, t.getStackTrace());
  }

  /**
   * Newlines stay (a stack trace's message may have several lines); invisible characters go first.
   */
  private static String redact(String message) {
    return Redactor.redact(Text.stripInvisible(message));
  }
}
