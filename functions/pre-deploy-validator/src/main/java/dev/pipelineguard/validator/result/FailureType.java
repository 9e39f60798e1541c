package dev.pipelineguard.validator.result;

/**
 * The CodePipeline failure types the validator reports. When several checks fail, the most
 * fundamental wins: a configuration mistake hides everything behind it, a missing permission makes
 * the other evidence unreliable, and only then is it a plain failed check.
 */
public enum FailureType {
  CONFIGURATION_ERROR("ConfigurationError"),
  PERMISSION_ERROR("PermissionError"),
  JOB_FAILED("JobFailed");

  private final String apiName;

  FailureType(String apiName) {
    this.apiName = apiName;
  }

  /** The value of {@code failureDetails.type} in PutJobFailureResult. */
  public String apiName() {
    return apiName;
  }

  /** The more fundamental of two types ({@code null} counts as none). */
  public static FailureType worst(FailureType a, FailureType b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) <= 0 ? a : b; // declared from the most fundamental
  }
}
