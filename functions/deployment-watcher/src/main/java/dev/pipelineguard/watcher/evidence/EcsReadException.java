package dev.pipelineguard.watcher.evidence;

/**
 * An ECS read that failed after the SDK's retries. The message names the operation and the AWS
 * error code only (never response text), so it is safe to put in a report.
 */
public final class EcsReadException extends RuntimeException {
  public EcsReadException(String operation, String errorCode, boolean throttled, Throwable cause) {
    super(
        operation
            + " failed: "
            + (errorCode == null ? "no answer" : errorCode)
            + (throttled ? " (throttled after retries)" : ""),
        cause);
  }
}
