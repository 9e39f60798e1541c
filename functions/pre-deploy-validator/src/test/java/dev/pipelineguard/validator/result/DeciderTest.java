package dev.pipelineguard.validator.result;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.job.ContinuationToken;
import dev.pipelineguard.validator.job.PollPlan;
import dev.pipelineguard.validator.job.ValidatorParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeciderTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final ValidatorParameters PARAMS =
      ValidatorParameters.parse(
          "{\"cluster\":\"prod\",\"service\":\"orders-api\",\"timeoutSeconds\":600}");
  private static final PollPlan FIRST = new PollPlan(T0, T0.plusSeconds(600), 1, null);
  private static final Optional<Outputs> OUTPUTS =
      Optional.of(
          new Outputs(
              "arn:aws:ecs:us-east-1:123456789012:task-definition/orders:7",
              List.of(
                  new Outputs.Image(
                      "app", "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:abc1234"))));

  private static List<CheckResult> allPassed() {
    List<CheckResult> out = new ArrayList<>();
    for (CheckId check : CheckId.values()) {
      out.add(CheckResult.passed(check, check.id() + " fine", List.of()));
    }
    return out;
  }

  private static List<CheckResult> with(CheckResult replacement) {
    List<CheckResult> out = allPassed();
    replace(out, replacement);
    return out;
  }

  /** Puts the result in its check's place. */
  private static void replace(List<CheckResult> results, CheckResult replacement) {
    results.replaceAll(r -> r.check() == replacement.check() ? replacement : r);
  }

  @Test
  void allPassedSucceedsWithOutputVariables() {
    Decision d = Decider.decide(PARAMS, FIRST, allPassed(), OUTPUTS, "job-1", T0.plusSeconds(3));

    assertThat(d).isInstanceOf(Decision.Succeed.class);
    Decision.Succeed s = (Decision.Succeed) d;
    assertThat(s.summary())
        .startsWith(
            "pipeline-guard: 5 of 5 checks passed for service 'orders-api' in cluster 'prod'");
    assertThat(s.outputVariables())
        .containsEntry("ImageUri", "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:abc1234")
        .containsEntry("ContainerName", "app")
        .containsEntry(
            "TaskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/orders:7")
        .containsEntry("Cluster", "prod")
        .containsEntry("Service", "orders-api")
        .containsEntry("ChecksPassed", "artifact,image,secrets,plaintext-secrets,health");
    assertThat(s.outputVariables().keySet()).allMatch(k -> Outputs.KEY.matcher(k).matches());
  }

  @Test
  void aPendingCheckBeforeTheDeadlineContinuesWithATokenAndNoOutputVariables() {
    Decision d =
        Decider.decide(
            PARAMS,
            FIRST,
            with(CheckResult.pending(CheckId.HEALTH, "rollout IN_PROGRESS", List.of())),
            OUTPUTS,
            "job-1",
            T0.plusSeconds(60));

    assertThat(d).isInstanceOf(Decision.Continue.class);
    Decision.Continue c = (Decision.Continue) d;
    assertThat(ContinuationToken.decode(c.token())).hasValue(new ContinuationToken(T0, 1));
    assertThat(c.token().length()).isLessThanOrEqualTo(2048);
    assertThat(c.percentComplete()).isEqualTo(10);
    assertThat(c.summary())
        .contains("waiting up to 540 s more")
        .contains("health: rollout IN_PROGRESS");
  }

  @Test
  void aPendingCheckAtTheDeadlineFailsWithWhatWasLastSeen() {
    Decision d =
        Decider.decide(
            PARAMS,
            FIRST,
            with(
                CheckResult.pending(
                    CheckId.HEALTH,
                    "rollout IN_PROGRESS, 1 of 2 running",
                    List.of("deployment ecs-svc/1 IN_PROGRESS"))),
            OUTPUTS,
            "job-1",
            T0.plusSeconds(600));

    assertThat(d).isInstanceOf(Decision.Fail.class);
    Decision.Fail f = (Decision.Fail) d;
    assertThat(f.type()).isEqualTo(FailureType.JOB_FAILED);
    assertThat(f.message())
        .contains(
            "FAILED health (JobFailed): still not settled after 600 s (timeoutSeconds 600); "
                + "last seen: rollout IN_PROGRESS, 1 of 2 running")
        .contains("deployment ecs-svc/1 IN_PROGRESS");
  }

  @Test
  void aFailedCheckBlocksAtOnceEvenWhileOthersArePending() {
    List<CheckResult> results =
        with(
            CheckResult.failed(
                CheckId.SECRETS,
                FailureType.JOB_FAILED,
                "1 secret missing",
                List.of("x"),
                "fix it"));
    replace(results, CheckResult.pending(CheckId.HEALTH, "settling", List.of()));

    Decision.Fail f =
        (Decision.Fail) Decider.decide(PARAMS, FIRST, results, OUTPUTS, "job-1", T0.plusSeconds(1));

    assertThat(f.message())
        .contains("FAILED secrets (JobFailed): 1 secret missing")
        .contains("NOT FINISHED health: settling");
  }

  @Test
  void theMostFundamentalFailureTypeWins() {
    List<CheckResult> results =
        with(
            CheckResult.failed(
                CheckId.SECRETS, FailureType.PERMISSION_ERROR, "denied", List.of(), ""));
    replace(
        results,
        CheckResult.failed(CheckId.IMAGE, FailureType.JOB_FAILED, "missing", List.of(), ""));
    assertThat(((Decision.Fail) Decider.decide(PARAMS, FIRST, results, OUTPUTS, "j", T0)).type())
        .isEqualTo(FailureType.PERMISSION_ERROR);

    replace(
        results,
        CheckResult.failed(
            CheckId.ARTIFACT, FailureType.CONFIGURATION_ERROR, "bad", List.of(), ""));
    assertThat(((Decision.Fail) Decider.decide(PARAMS, FIRST, results, OUTPUTS, "j", T0)).type())
        .isEqualTo(FailureType.CONFIGURATION_ERROR);
  }

  @Test
  void aContinuationPollDecidesOnItsOwnResultsAndPassesTheSameStartOn() {
    PollPlan third = new PollPlan(T0, T0.plusSeconds(600), 3, null);

    Decision.Succeed s =
        (Decision.Succeed)
            Decider.decide(PARAMS, third, allPassed(), OUTPUTS, "job-3", T0.plusSeconds(90));
    assertThat(s.summary()).contains("5 of 5 checks passed").contains("after 3 polls");

    Decision.Continue c =
        (Decision.Continue)
            Decider.decide(
                PARAMS,
                third,
                with(CheckResult.pending(CheckId.IMAGE, "scan IN_PROGRESS", List.of())),
                OUTPUTS,
                "job-3",
                T0.plusSeconds(90));
    assertThat(ContinuationToken.decode(c.token())).hasValue(new ContinuationToken(T0, 3));
  }

  @Test
  void outputsThatWereNotReadInThePollAreNeverGuessedButWaitedFor() {
    Decision d =
        Decider.decide(PARAMS, FIRST, allPassed(), Optional.empty(), "j", T0.plusSeconds(60));

    assertThat(d).isInstanceOf(Decision.Continue.class);
    assertThat(((Decision.Continue) d).summary())
        .contains(
            "artifact: every check finished, but imagedefinitions.json and "
                + "the task definition were not read completely in this poll");
  }

  @Test
  void outputsStillNotReadAtTheDeadlineFailInsteadOfSucceedingWithoutImages() {
    Decision d =
        Decider.decide(PARAMS, FIRST, allPassed(), Optional.empty(), "j", T0.plusSeconds(600));

    assertThat(d).isInstanceOf(Decision.Fail.class);
    assertThat(((Decision.Fail) d).message())
        .contains("FAILED artifact (JobFailed): still not settled after 600 s")
        .contains("the images to deploy (ImageUri, Images) are not known yet");
  }

  @Test
  void aFailureIsReportedEvenWhenTheOutputsWereNotRead() {
    Decision d =
        Decider.decide(
            PARAMS,
            FIRST,
            with(
                CheckResult.failed(
                    CheckId.SECRETS, FailureType.JOB_FAILED, "gone", List.of(), "fix")),
            Optional.empty(),
            "j",
            T0.plusSeconds(1));

    assertThat(((Decision.Fail) d).message())
        .contains("FAILED secrets")
        .doesNotContain("not known yet");
  }

  @Test
  void aTimeoutOfZeroNeverWaits() {
    PollPlan noWait = new PollPlan(T0, T0, 1, null);

    Decision d =
        Decider.decide(
            PARAMS,
            noWait,
            with(CheckResult.pending(CheckId.IMAGE, "scan IN_PROGRESS", List.of())),
            OUTPUTS,
            "j",
            T0);

    assertThat(d).isInstanceOf(Decision.Fail.class);
  }

  @Test
  void outputVariablesSkipWhatIsUnknown() {
    Map<String, String> vars =
        new Outputs(null, List.of()).variables(PARAMS, List.of(CheckId.HEALTH));

    assertThat(vars).containsOnlyKeys("Cluster", "Service", "ChecksPassed");
  }
}
