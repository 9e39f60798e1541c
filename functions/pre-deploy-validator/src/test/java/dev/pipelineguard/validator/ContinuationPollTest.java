package dev.pipelineguard.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.validator.check.ArtifactReader;
import dev.pipelineguard.validator.check.SecretStore;
import dev.pipelineguard.validator.check.ServiceReader;
import dev.pipelineguard.validator.check.TargetHealthReader;
import dev.pipelineguard.validator.job.ContinuationToken;
import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TaskDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Continuation polls through the handler, on real adapters against moto and WireMock. The output
 * variables come from this poll's completed reads, whatever order the reads finish in (the order is
 * forced with latches, not timing); and a continuation token grants nothing: forged or replayed, it
 * cannot skip a check or turn a service that is still settling into a pass.
 */
class ContinuationPollTest {
  private static Harness harness;

  @BeforeAll
  static void start() {
    harness = new Harness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static Harness.Reports run(Wiring wiring, DeploymentFixture.Job job, int timeoutSeconds) {
    Harness.invoke(Harness.handler(wiring), job.bytes(), timeoutSeconds);
    return harness.reports(job.id());
  }

  private static Harness.Reports run(DeploymentFixture.Job job) {
    return run(harness.real, job, 120);
  }

  /** A genuine token: the first poll of {@code d} while its service is still rolling out. */
  private static String firstPollToken(DeploymentFixture d, String params) {
    d.stubService("IN_PROGRESS", 1, 2);
    String token = run(d.job(params)).success().get("continuationToken").text();
    d.stubService("COMPLETED", 2, 2);
    return token;
  }

  /** Waits for a gate; bounded, so a broken test fails on its assertions instead of hanging. */
  private static void await(CountDownLatch gate) {
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Which reads the health check finishes ahead of (the two ways outputs used to go wrong). */
  enum SlowReads {
    /** The task definition (with the running image) is known, imagedefinitions.json is not yet. */
    ARTIFACT,
    /** Neither is known yet. */
    ARTIFACT_AND_TASK_DEFINITION
  }

  @ParameterizedTest
  @EnumSource(SlowReads.class)
  void outputsNameTheImageBeingDeployedWhateverOrderTheReadsFinishIn(SlowReads slow) {
    DeploymentFixture d = DeploymentFixture.replacingTheRunningImage(harness.aws);
    String params = d.parameters("");
    String token = firstPollToken(d, params);
    CountDownLatch targetsRead = new CountDownLatch(1);
    CountDownLatch taskDefinitionRead = new CountDownLatch(1);
    TargetHealthReader targets = harness.real.targets();
    ServiceReader services = harness.real.services();
    ArtifactReader artifacts = harness.real.artifacts();
    Wiring gated =
        harness
            .real
            .withTargets(
                arn -> {
                  try {
                    return targets.describeTargetHealth(arn);
                  } finally {
                    targetsRead.countDown();
                  }
                })
            .withServices(
                new ServiceReader() {
                  @Override
                  public Optional<ServiceState> describeService(String cluster, String service) {
                    return services.describeService(cluster, service);
                  }

                  @Override
                  public TaskDefinition describeTaskDefinition(String arn) {
                    if (slow == SlowReads.ARTIFACT_AND_TASK_DEFINITION) {
                      await(targetsRead);
                    }
                    try {
                      return services.describeTaskDefinition(arn);
                    } finally {
                      taskDefinitionRead.countDown();
                    }
                  }
                })
            .withArtifacts(
                (artifact, credentials, fileName, deadline) -> {
                  await(targetsRead);
                  await(taskDefinitionRead);
                  return artifacts.find(artifact, credentials, fileName, deadline);
                });

    Json success = run(gated, d.continuation(params, token), 120).success();

    assertThat(success.has("continuationToken")).isFalse();
    Json vars = success.get("outputVariables");
    assertThat(vars.get("ImageUri").text()).isEqualTo(d.imageUri).isNotEqualTo(d.runningImageUri);
    assertThat(vars.get("Images").text()).isEqualTo("app=" + d.imageUri);
    assertThat(vars.get("ContainerName").text()).isEqualTo("app");
    assertThat(vars.get("TaskDefinitionArn").text()).isEqualTo(d.taskDefinitionArn);
  }

  @Test
  void anArtifactNotReadWithinThePollIsSaidSoInsteadOfPublishingTheRunningImage() {
    DeploymentFixture d = DeploymentFixture.replacingTheRunningImage(harness.aws);
    String params = d.parameters("");
    String token = firstPollToken(d, params);
    CountDownLatch release = new CountDownLatch(1);
    ArtifactReader artifacts = harness.real.artifacts();
    Wiring blocked =
        harness.real.withArtifacts(
            (artifact, credentials, fileName, deadline) -> {
              await(release);
              return artifacts.find(artifact, credentials, fileName, deadline);
            });
    DeploymentFixture.Job second = d.continuation(params, token);

    Harness.Reports reports;
    try {
      // 22 s left minus the 20 s reporting reserve leaves the checks 2 s; the artifact read
      // outlasts them.
      reports = run(blocked, second, 22);
    } finally {
      release.countDown();
    }

    Json success = reports.success();
    assertThat(success.has("continuationToken")).isTrue();
    assertThat(success.has("outputVariables")).isFalse();
    assertThat(success.path("executionDetails", "summary").text())
        .contains("artifact: did not finish within this invocation's time budget");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // The previous format, naming which checks were still pending: it used to skip all the
        // others.
        "{\"v\":\"pipeline-guard/validator/1\",\"started\":%d,\"deadline\":%d,\"poll\":1,\"pending\":[\"health\"],\"skipped\":[]}",
        // The current format, well-formed but never issued.
        "{\"v\":\"pipeline-guard/validator/2\",\"started\":%d,\"poll\":4}",
      })
  void aForgedTokenCannotSkipAFailingCheck(String format) {
    DeploymentFixture d =
        DeploymentFixture.withSecrets(
            harness.aws, Map.of("API_KEY", "/" + Moto.unique("gone") + "/api-key"));
    long now = Instant.now().getEpochSecond();
    String forged =
        String.format(format, now - 10, now + 590); // a format without the deadline ignores it

    Harness.Reports reports = run(d.continuation(d.parameters(""), forged));

    assertThat(reports.failure().path("failureDetails", "type").text()).isEqualTo("JobFailed");
    assertThat(reports.message())
        .contains("FAILED secrets (JobFailed)")
        .contains("API_KEY")
        .doesNotContain("earlier poll");
  }

  @Test
  void aGenuineTokenOfAnotherJobReplayedIntoABadDeploymentFails() {
    DeploymentFixture good = DeploymentFixture.healthy(harness.aws);
    String genuine = firstPollToken(good, good.parameters(""));
    DeploymentFixture bad =
        DeploymentFixture.withSecrets(
            harness.aws, Map.of("API_KEY", "/" + Moto.unique("gone") + "/api-key"));

    Harness.Reports reports = run(bad.continuation(bad.parameters(""), genuine));

    assertThat(reports.count()).isEqualTo(1);
    assertThat(reports.message())
        .contains("FAILED secrets (JobFailed)")
        .contains("API_KEY")
        .doesNotContain("earlier poll");
  }

  @Test
  void aTokenClaimingAnEarlyStartTurnsASettlingServiceIntoATimeoutFailureNeverAPass() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    d.stubService("IN_PROGRESS", 1, 2);
    String forged = new ContinuationToken(Instant.EPOCH, 1).encode();

    Harness.Reports reports = run(d.continuation(d.parameters(""), forged));

    assertThat(reports.failure().path("failureDetails", "type").text()).isEqualTo("JobFailed");
    assertThat(reports.message())
        .contains("FAILED health (JobFailed): still not settled after")
        .contains("IN_PROGRESS (1 of 2 running)");
  }

  @Test
  void aTokenClaimingAStartInTheFutureRestartsValidationInsteadOfWaitingLonger() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    d.stubService("IN_PROGRESS", 1, 2);
    Instant now = Instant.now();
    String forged = new ContinuationToken(now.plusSeconds(3000), 1).encode();

    Json success = run(d.continuation(d.parameters(""), forged)).success();

    ContinuationToken next =
        ContinuationToken.decode(success.get("continuationToken").text()).orElseThrow();
    assertThat(next.started()).isBetween(now.minusSeconds(1), Instant.now());
    assertThat(next.poll()).isEqualTo(1);
    // The job's own 600 s from now, not from the claimed start.
    assertThat(success.path("executionDetails", "summary").text())
        .containsPattern("waiting up to (5\\d\\d|600) s more")
        .contains("validation restarted");
  }

  @Test
  void everyPollRunsEveryCheckAgain() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    String params = d.parameters("");
    String token = firstPollToken(d, params);
    List<String> secretReads = new java.util.concurrent.CopyOnWriteArrayList<>();
    SecretStore secrets = harness.real.secrets();
    Wiring counting =
        harness.real.withSecrets(
            ref -> {
              secretReads.add(ref.versionKey());
              return secrets.probe(ref);
            });

    Json success = run(counting, d.continuation(params, token), 120).success();

    assertThat(success.path("executionDetails", "summary").text())
        .contains("5 of 5 checks passed")
        .contains("after 2 polls");
    // DB_PASSWORD, FEATURE_FLAGS and the required secret, read again although they passed in poll
    // 1.
    assertThat(secretReads).hasSize(3);
  }
}
