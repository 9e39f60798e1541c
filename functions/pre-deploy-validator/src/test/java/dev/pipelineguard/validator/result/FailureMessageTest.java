package dev.pipelineguard.validator.result;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.model.TextSanitizer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class FailureMessageTest {

  private static List<CheckResult> failing(int detailCount, String detail) {
    List<CheckResult> out = new ArrayList<>();
    for (CheckId check : CheckId.values()) {
      List<String> details = new ArrayList<>();
      for (int i = 0; i < detailCount; i++) {
        details.add(detail + " #" + i);
      }
      out.add(
          CheckResult.failed(
              check,
              FailureType.JOB_FAILED,
              check.id() + " failed: " + detail,
              details,
              "fix " + detail));
    }
    return out;
  }

  @Test
  void listsEveryFailingCheckWithEvidenceAndFix() {
    List<CheckResult> checks =
        new ArrayList<>(
            List.of(
                CheckResult.passed(CheckId.ARTIFACT, "ok", List.of()),
                CheckResult.failed(
                    CheckId.SECRETS,
                    FailureType.JOB_FAILED,
                    "1 of 2 secret reference(s) would stop the task",
                    List.of("container 'app' secrets DB: arn:x is scheduled for deletion"),
                    "Fix each reference."),
                CheckResult.pending(
                    CheckId.HEALTH, "still settling", List.of("deployment IN_PROGRESS"))));

    String message =
        FailureMessage.forChecks("service 'orders-api' in cluster 'prod'", checks, "job-1", null);

    assertThat(message)
        .isEqualTo(
            """
        Deployment blocked by pipeline-guard: 1 of 3 checks failed for service 'orders-api' in cluster 'prod'.

        FAILED secrets (JobFailed): 1 of 2 secret reference(s) would stop the task
          - container 'app' secrets DB: arn:x is scheduled for deletion
          Fix: Fix each reference.

        NOT FINISHED health: still settling
          - deployment IN_PROGRESS

        Passed: artifact. Job job-1: the validator logs one line per check with this job id.""");
  }

  @Test
  void tenThousandCharacterReasonsStayWithin5000AndNameEveryCheck() {
    String message =
        FailureMessage.forChecks(
            "service 's'", failing(40, "x".repeat(10_000)), "job-1", "restarted");

    assertThat(message.length()).isBetween(1, 5000);
    for (CheckId check : CheckId.values()) {
      assertThat(message).contains("FAILED " + check.id() + " (JobFailed)");
    }
    assertThat(message).contains("more").endsWith("this job id.");
  }

  @Property(tries = 200)
  void neverLongerThan5000NorEmpty(
      @ForAll @IntRange(min = 0, max = 200) int details,
      @ForAll @StringLength(max = 3000) String text) {
    String message = FailureMessage.forChecks(text, failing(details, text), text, text);

    assertThat(message.length()).isBetween(1, 5000);
    assertThat(message).contains("FAILED health");
  }

  @Test
  void hostileTextLosesItsControlCharacters() {
    String message =
        FailureMessage.forChecks("s", failing(1, "line\nbreak\u0000\u202Eevil\r"), "job", null);

    assertThat(message)
        .doesNotContain("\u0000")
        .doesNotContain("\u202E")
        .doesNotContain("\r")
        .contains("line break");
  }

  @Property(tries = 300)
  void theProblemCountAgreesWithTheProblemsListedOrLeftOut(
      @ForAll @IntRange(min = 1, max = 300) int count,
      @ForAll @StringLength(max = 700) String text) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      problems.add("problem " + i + " " + text);
    }

    String message = FailureMessage.forParameters(problems, "job-1");

    assertThat(message.length()).isBetween(1, 5000);
    MessageCounts.assertAgree(message);
  }

  @Property(tries = 200)
  void theFailedCheckCountAgreesWithTheFailedSections(
      @ForAll @IntRange(min = 0, max = 100) int details,
      @ForAll @StringLength(max = 3000) String text) {
    MessageCounts.assertAgree(
        FailureMessage.forChecks("service 's'", failing(details, text), "job-1", text));
  }

  @Test
  void parameterProblemsAreListedWithTheAllowedKeys() {
    String message =
        FailureMessage.forParameters(
            List.of("unknown key \"timeout\" (did you mean \"timeoutSeconds\"?)"), "job-9");

    assertThat(message)
        .contains("UserParameters cannot be used (1 problem)")
        .contains("unknown key \"timeout\"")
        .contains("allowed keys: cluster, service, requiredSecrets");
    assertThat(message.length()).isLessThanOrEqualTo(5000);
  }

  @Test
  void manyParameterProblemsStayWithinTheLimit() {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      problems.add("problem " + i + " " + "y".repeat(100));
    }
    assertThat(FailureMessage.forParameters(problems, "j").length()).isLessThanOrEqualTo(5000);
  }

  @Test
  void accessKeyIdsInOutsideTextAreRedacted() {
    assertThat(TextSanitizer.clean("s3:GetObject failed: key ASIAIOSFODNN7EXAMPLE is not valid"))
        .isEqualTo("s3:GetObject failed: key [redacted aws-access-key-id] is not valid");
  }
}
