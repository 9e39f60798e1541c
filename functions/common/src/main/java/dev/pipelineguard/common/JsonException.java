package dev.pipelineguard.common;

/** Input that is not the JSON we expect. The message never quotes the input. */
public final class JsonException extends RuntimeException {
  public JsonException(String message) {
    super(message);
  }
}
