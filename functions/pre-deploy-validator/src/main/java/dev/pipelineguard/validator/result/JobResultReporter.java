package dev.pipelineguard.validator.result;

/**
 * Reports a job's result to CodePipeline. Implementations retry within bounds, treat "the job is
 * already reported" as done, and throw {@link ReportingException} only when reporting keeps
 * failing.
 */
public interface JobResultReporter {
  /** How a report ended. */
  enum Delivery {
    /** This call reported the result. */
    REPORTED,
    /** CodePipeline already had a result for the job (an earlier attempt got through). */
    ALREADY_REPORTED,
    /** CodePipeline does not know the job (expired or not a real job). */
    JOB_NOT_FOUND
  }

  Delivery report(String jobId, Decision decision);
}
