package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.FailureType;
import java.util.List;

/** How a failed AWS call turns into a check result, the same way for every check. */
final class CallFailures {
  private CallFailures() {}

  /**
   * @param what what was being read, e.g. "service orders-api"
   * @param grant the permission to grant when access is denied
   */
  static CheckResult result(CheckId check, AwsCallException error, String what, String grant) {
    switch (error.kind()) {
      case ACCESS_DENIED:
        return CheckResult.failed(
            check,
            FailureType.PERMISSION_ERROR,
            "access denied reading " + what,
            List.of(error.evidence()),
            grant);
      case THROTTLED:
        return CheckResult.pending(
            check,
            "AWS throttled reading " + what + "; will look again",
            List.of(error.evidence()));
      case UNAVAILABLE:
        return CheckResult.pending(
            check,
            "AWS did not answer reading " + what + "; will look again",
            List.of(error.evidence()));
      default:
        return CheckResult.failed(
            check,
            FailureType.JOB_FAILED,
            "could not read " + what,
            List.of(error.evidence()),
            "Look at the error above; if it persists, check the validator's logs for this job id.");
    }
  }

  /** A detail line for one failed read inside a check that reads many things. */
  static String detail(String where, AwsCallException error) {
    switch (error.kind()) {
      case ACCESS_DENIED:
        return where + ": access denied (" + error.evidence() + ")";
      case THROTTLED:
      case UNAVAILABLE:
        return where + ": not answered yet (" + error.evidence() + ")";
      default:
        return where + ": " + error.evidence();
    }
  }
}
