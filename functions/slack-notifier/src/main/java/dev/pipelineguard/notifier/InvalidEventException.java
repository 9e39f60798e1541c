package dev.pipelineguard.notifier;

/** The invocation payload is not JSON. Its message never quotes the payload. */
public final class InvalidEventException extends RuntimeException {
  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
