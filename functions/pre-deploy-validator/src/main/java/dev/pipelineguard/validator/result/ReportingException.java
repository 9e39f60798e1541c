package dev.pipelineguard.validator.result;

/** The job's result could not be reported to CodePipeline after bounded retries. */
public final class ReportingException extends RuntimeException {
  public ReportingException(String message, Throwable cause) {
    super(message, cause);
  }
}
