package dev.pipelineguard.validator.job;

/**
 * The payload names no CodePipeline job, so there is nothing to report a result to. The handler
 * throws it: the function's error alarm and failure queue are the only way anyone hears of it.
 */
public final class UnreportableJobException extends RuntimeException {
  public UnreportableJobException(String message) {
    super(message);
  }
}
