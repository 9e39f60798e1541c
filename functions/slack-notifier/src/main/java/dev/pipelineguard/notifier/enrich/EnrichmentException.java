package dev.pipelineguard.notifier.enrich;

/** A CodePipeline read that failed; the message says which call and the AWS error code only. */
public final class EnrichmentException extends RuntimeException {
  public EnrichmentException(String message, Throwable cause) {
    super(message, cause);
  }
}
