package dev.pipelineguard.notifier;

/** The invocation payload is not JSON. Its message never quotes the payload. */
final class InvalidEventException extends RuntimeException {
  InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
