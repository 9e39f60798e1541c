package dev.pipelineguard.validator.result;

import dev.pipelineguard.validator.model.TextSanitizer;
import java.util.List;

/**
 * The outcome of one check: what it concluded, a one-line summary, the evidence, and how to fix it.
 * Texts never contain a secret value; dynamic parts are cleaned with {@link TextSanitizer#clean}.
 *
 * @param failureType set when {@code status} is FAILED
 * @param fix what to do about a failure or a pending state; empty when passed
 */
public record CheckResult(
    CheckId check,
    CheckStatus status,
    FailureType failureType,
    String summary,
    List<String> details,
    String fix) {

  public CheckResult {
    details = List.copyOf(details);
    fix = fix == null ? "" : fix;
    if (status == CheckStatus.FAILED && failureType == null) {
      failureType = FailureType.JOB_FAILED;
    }
    if (status != CheckStatus.FAILED) {
      failureType = null;
    }
  }

  public static CheckResult passed(CheckId check, String summary, List<String> details) {
    return new CheckResult(check, CheckStatus.PASSED, null, summary, details, "");
  }

  public static CheckResult skipped(CheckId check, String summary) {
    return new CheckResult(check, CheckStatus.SKIPPED, null, summary, List.of(), "");
  }

  public static CheckResult pending(CheckId check, String summary, List<String> details) {
    return new CheckResult(check, CheckStatus.PENDING, null, summary, details, "");
  }

  public static CheckResult failed(
      CheckId check, FailureType type, String summary, List<String> details, String fix) {
    return new CheckResult(check, CheckStatus.FAILED, type, summary, details, fix);
  }

  public boolean is(CheckStatus wanted) {
    return status == wanted;
  }
}
