package dev.pipelineguard.notifier;

/**
 * The invocation payload is not JSON, or carries more records than one invocation handles. Its
 * message never quotes the payload.
 */
final class InvalidEventException extends RuntimeException {
  InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
