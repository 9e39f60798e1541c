package dev.pipelineguard.validator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pipelineguard.emulation.AwsJsonStubs.CODEPIPELINE;
import static dev.pipelineguard.emulation.AwsJsonStubs.error;
import static dev.pipelineguard.emulation.AwsJsonStubs.ok;
import static dev.pipelineguard.emulation.AwsJsonStubs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.validator.aws.HttpHealthProbe;
import dev.pipelineguard.validator.job.ContinuationToken;
import dev.pipelineguard.validator.job.UnreportableJobException;
import dev.pipelineguard.validator.result.ReportingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole validator through its handler, on real SDK adapters against moto and WireMock: the pass
 * and fail case of every check, continuation, malformed input, and exactly one job result each
 * time.
 */
class PreDeployValidatorHandlerTest {
  private static Harness harness;

  @BeforeAll
  static void start() {
    harness = new Harness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static Harness.Reports run(DeploymentFixture.Job job) {
    Harness.invoke(harness.handler(), job.bytes());
    return harness.reports(job.id());
  }

  @Test
  void passesEveryCheckAndReportsSuccessWithOutputVariables() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    DeploymentFixture.Job job =
        d.job(d.parameters("\"imageScan\":{\"maxCritical\":0,\"maxHigh\":5}"));
    Moto.ecr()
        .startImageScan(b -> b.repositoryName(d.repository).imageId(i -> i.imageTag("abc1234")));

    Json out = Harness.invoke(harness.handler(), job.bytes());

    Json success = harness.reports(job.id()).success();
    assertThat(success.has("continuationToken")).isFalse();
    assertThat(success.path("executionDetails", "summary").text())
        .startsWith("pipeline-guard: 5 of 5 checks passed");
    Json vars = success.get("outputVariables");
    assertThat(vars.get("ImageUri").text()).isEqualTo(d.imageUri);
    assertThat(vars.get("ContainerName").text()).isEqualTo("app");
    assertThat(vars.get("TaskDefinitionArn").text()).isEqualTo(d.taskDefinitionArn);
    assertThat(vars.get("Cluster").text()).isEqualTo(d.cluster);
    assertThat(vars.get("ChecksPassed").text())
        .isEqualTo("artifact,image,secrets,plaintext-secrets,health");
    assertThat(out.get("outcome").text()).isEqualTo("succeeded");
    assertThat(out.get("delivery").text()).isEqualTo("REPORTED");
  }

  @Test
  void failsJobWhenSecretIsScheduledForDeletion() {
    String doomed = Moto.secret(Moto.unique("app/doomed"), "{\"token\":\"t\"}");
    Moto.secretsManager().deleteSecret(b -> b.secretId(doomed).recoveryWindowInDays(7L));
    DeploymentFixture d =
        DeploymentFixture.withSecrets(harness.aws, Map.of("API_TOKEN", doomed + ":token::"));

    Harness.Reports reports = run(d.job(d.parameters("")));

    Json failure = reports.failure();
    assertThat(failure.path("failureDetails", "type").text()).isEqualTo("JobFailed");
    assertThat(reports.message())
        .contains("FAILED secrets (JobFailed)")
        .contains(
            "container 'app' secrets API_TOKEN: "
                + doomed
                + ":token:: is scheduled for deletion on")
        .contains("aws secretsmanager restore-secret --secret-id " + doomed)
        .contains("Passed: artifact, image, plaintext-secrets, health");
  }

  @Test
  void failsJobWhenASecretOrParameterDoesNotExistOrLacksItsKey() {
    DeploymentFixture d =
        DeploymentFixture.withSecrets(
            harness.aws, Map.of("MISSING_PARAM", "/" + Moto.unique("nothing") + "/here"));
    DeploymentFixture.Job job =
        d.job(d.parameters("\"requiredSecrets\":[\"" + d.secretName + ":pasword\"]"));

    Harness.Reports reports = run(job);

    assertThat(reports.message())
        .contains("MISSING_PARAM")
        .contains("does not exist")
        .contains(
            "requiredSecrets: "
                + d.secretName
                + ":pasword has no JSON key 'pasword' (its keys: username, password)");
  }

  @Test
  void failsWithConfigurationErrorWhenImageDefinitionsNamesAnUnknownContainer() {
    DeploymentFixture d =
        DeploymentFixture.withImageDefinitions(
            harness.aws,
            "[{\"name\":\"orders\",\"imageUri\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1\"}]");

    Harness.Reports reports = run(d.job(d.parameters("")));

    assertThat(reports.failure().path("failureDetails", "type").text())
        .isEqualTo("ConfigurationError");
    assertThat(reports.message())
        .contains("FAILED artifact (ConfigurationError)")
        .contains("container 'orders' is not in the task definition; its containers are: 'app'");
  }

  @Test
  void failsJobWhenTheImageToDeployWasNeverPushed() {
    DeploymentFixture probe = DeploymentFixture.healthy(harness.aws);
    String missing = probe.imageUri.replace(":abc1234", ":never-pushed");
    DeploymentFixture d =
        DeploymentFixture.withImageDefinitions(
            harness.aws, "[{\"name\":\"app\",\"imageUri\":\"" + missing + "\"}]");

    Harness.Reports reports = run(d.job(d.parameters("")));

    assertThat(reports.message())
        .contains("FAILED image (JobFailed)")
        .contains("image :never-pushed is not in repository");
  }

  @Test
  void failsJobWhenCredentialsArePlainEnvironmentVariablesWithoutShowingThem() {
    DeploymentFixture d =
        DeploymentFixture.withEnvironment(
            harness.aws,
            Map.of(
                "DB_PASSWORD",
                DeploymentFixture.SECRET_VALUE,
                "AWS_KEY",
                "AKIAIOSFODNN7EXAMPLE",
                "LOG_LEVEL",
                "INFO"));

    Harness.Reports reports = run(d.job(d.parameters("")));

    assertThat(reports.message())
        .contains("FAILED plaintext-secrets (JobFailed): 2 plain environment variable(s)")
        .contains("container 'app', variable DB_PASSWORD: the name suggests a password")
        .contains("container 'app', variable AWS_KEY: the value looks like an AWS access key id")
        .doesNotContain(DeploymentFixture.SECRET_VALUE)
        .doesNotContain("AKIAIOSFODNN7EXAMPLE");
  }

  @Test
  void failsTheImageScanWhenFindingsExceedTheThresholds() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    Moto.ecr()
        .startImageScan(b -> b.repositoryName(d.repository).imageId(i -> i.imageTag("abc1234")));

    Harness.Reports reports = run(d.job(d.parameters("\"imageScan\":{\"maxHigh\":0}")));

    assertThat(reports.message()).contains("scan found HIGH 1; allowed: CRITICAL <= 0, HIGH <= 0");
  }

  @Test
  void waitsForAnImageScanInProgress() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    harness.aws.stubFor(
        target("AmazonEC2ContainerRegistry_V20150921.DescribeImageScanFindings")
            .withRequestBody(containing(d.repository))
            .willReturn(
                ok(
                    "{\"imageScanStatus\":{\"status\":\"IN_PROGRESS\",\"description\":\"scanning\"}}")));

    Harness.Reports reports = run(d.job(d.parameters("\"imageScan\":{}")));

    Json success = reports.success();
    assertThat(ContinuationToken.decode(success.get("continuationToken").text())).isPresent();
    assertThat(success.path("executionDetails", "summary").text())
        .contains("waiting up to ")
        .contains("image: ")
        .contains("IN_PROGRESS");
    assertThat(success.has("outputVariables")).isFalse();
  }

  @Test
  void pollsASettlingServiceThroughContinuationTokensUntilItIsHealthy() {
    DeploymentFixture d = DeploymentFixture.replacingTheRunningImage(harness.aws);
    d.stubService("IN_PROGRESS", 1, 2);
    String params = d.parameters("\"timeoutSeconds\":900");

    DeploymentFixture.Job first = d.job(params);
    Json firstResult = run(first).success();
    String token = firstResult.get("continuationToken").text();
    assertThat(token.length()).isLessThan(200);
    assertThat(ContinuationToken.decode(token).orElseThrow().poll()).isEqualTo(1);
    assertThat(firstResult.path("executionDetails", "summary").text())
        .contains("IN_PROGRESS (1 of 2 running)");
    assertThat(firstResult.has("outputVariables")).isFalse();

    d.stubService("COMPLETED", 2, 2);
    DeploymentFixture.Job second = d.continuation(params, token);
    Json secondResult = run(second).success();

    assertThat(secondResult.has("continuationToken")).isFalse();
    assertThat(secondResult.path("executionDetails", "summary").text())
        .contains("5 of 5 checks passed")
        .contains("after 2 polls");
    assertThat(secondResult.path("outputVariables", "ImageUri").text())
        .isEqualTo(d.imageUri)
        .isNotEqualTo(d.runningImageUri);
    assertThat(secondResult.path("outputVariables", "Images").text())
        .isEqualTo("app=" + d.imageUri);
    assertThat(secondResult.path("outputVariables", "ContainerName").text()).isEqualTo("app");
  }

  @Test
  void failsWithWhatWasLastSeenWhenTheServiceIsStillSettlingAtTheDeadline() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    d.stubService("IN_PROGRESS", 1, 2);
    String token = new ContinuationToken(Instant.now().minusSeconds(700), 9).encode();

    Harness.Reports reports = run(d.continuation(d.parameters(""), token));

    assertThat(reports.failure().path("failureDetails", "type").text()).isEqualTo("JobFailed");
    assertThat(reports.message())
        .contains("FAILED health (JobFailed): still not settled after 70")
        .contains("IN_PROGRESS (1 of 2 running)");
  }

  @Test
  void unhealthyTargetsFailASettledService() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    d.stubService("COMPLETED", 2, 2, Moto.targetGroupWithStoppedInstance(Moto.unique("tg")));

    Harness.Reports reports = run(d.job(d.parameters("")));

    assertThat(reports.message())
        .contains("FAILED health (JobFailed)")
        .contains("is settled but unhealthy")
        .contains("is unused (Target.InvalidState: Target is in the stopped state)");
  }

  @Test
  void checksTheHealthUrl() {
    harness.aws.stubFor(get(urlEqualTo("/orders/health")).willReturn(aResponse().withStatus(503)));
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    String url = "http://127.0.0.1:" + harness.aws.port() + "/orders/health";

    Harness.Reports reports = run(d.job(d.parameters("\"healthUrl\":\"" + url + "\"")));

    assertThat(reports.message()).contains("healthUrl " + url + " answered 503, expected 200");
  }

  @Test
  void aHealthUrlOnTheInstanceMetadataServiceIsAConfigurationErrorAndNotCalled() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    String url = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";

    Harness.Reports reports = run(d.job(d.parameters("\"healthUrl\":\"" + url + "\"")));

    assertThat(reports.failure().path("failureDetails", "type").text())
        .isEqualTo("ConfigurationError");
    assertThat(reports.message())
        .contains(
            "FAILED health (ConfigurationError): healthUrl "
                + url
                + " is not called: "
                + "169.254.169.254, a link-local address");
  }

  @Test
  void aMissingServiceIsAConfigurationErrorReportedOnce() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    String params = "{\"cluster\":\"" + d.cluster + "-gone\",\"service\":\"orders-api\"}";

    Harness.Reports reports = run(d.job(params));

    assertThat(reports.failure().path("failureDetails", "type").text())
        .isEqualTo("ConfigurationError");
    assertThat(reports.message())
        .contains(
            "FAILED health (ConfigurationError): cluster '" + d.cluster + "-gone' does not exist");
    // Checks that need the task definition say so once instead of repeating the cause.
    assertThat(reports.message())
        .doesNotContain("FAILED secrets")
        .doesNotContain("FAILED plaintext-secrets");
  }

  @Test
  void malformedParametersFromTheSampleEventAreAConfigurationError() {
    Json out =
        Harness.invoke(harness.handler(), Events.bytes("validator/malformed-parameters.json"));
    Harness.Reports reports = harness.reports("d3e4f5a6-7b8c-4d9e-af01-b2c3d4e5f603");

    assertThat(reports.failure().path("failureDetails", "type").text())
        .isEqualTo("ConfigurationError");
    assertThat(reports.message()).contains("UserParameters is not valid JSON");
    assertThat(out.get("failureType").text()).isEqualTo("ConfigurationError");
  }

  @Test
  void anUnknownParameterIsNamedWithTheKeyItProbablyMeant() {
    Harness.invoke(harness.handler(), Events.bytes("validator/unknown-parameter.json"));

    assertThat(harness.reports("e5f6a7b8-9c0d-4e1f-a203-c4d5e6f7a804").message())
        .contains("unknown key \"timeout\" (did you mean \"timeoutSeconds\"?)");
  }

  @Test
  void aForeignContinuationTokenRestartsValidationInsteadOfTrustingIt() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);

    Harness.Reports reports =
        run(d.continuation(d.parameters(""), "{\"previous_job_id\":\"abc\"}"));

    assertThat(reports.success().path("executionDetails", "summary").text())
        .contains("5 of 5 checks passed")
        .contains("validation restarted");
  }

  @Test
  void throttlingThatOutlastsTheSdkRetriesIsPolledAgainInsteadOfFailing() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    harness.aws.stubFor(
        target("secretsmanager.GetSecretValue")
            .withRequestBody(containing(d.secretName))
            .willReturn(error(400, "ThrottlingException", "Rate exceeded")));

    Json success = run(d.job(d.parameters(""))).success();

    assertThat(ContinuationToken.decode(success.get("continuationToken").text())).isPresent();
    assertThat(success.path("executionDetails", "summary").text())
        .contains("secrets: ")
        .contains("ThrottlingException");
  }

  @Test
  void accessDeniedIsAPermissionError() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    harness.aws.stubFor(
        target("secretsmanager.GetSecretValue")
            .withRequestBody(containing(d.secretName))
            .willReturn(
                error(
                    400,
                    "AccessDeniedException",
                    "User is not authorized to perform: secretsmanager:GetSecretValue")));

    Harness.Reports reports = run(d.job(d.parameters("")));

    assertThat(reports.failure().path("failureDetails", "type").text())
        .isEqualTo("PermissionError");
    assertThat(reports.message()).contains("access denied").contains("SecretsPrefix");
  }

  @Test
  void withoutAnInputArtifactTheImagesOfTheTaskDefinitionAreChecked() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    DeploymentFixture.Job job = d.job(d.parameters(""));

    Harness.invoke(harness.handler(), job.bytes(false));

    Json success = harness.reports(job.id()).success();
    assertThat(success.path("executionDetails", "summary").text())
        .contains("4 of 5 checks passed")
        .contains("artifact: the action has no input artifact");
    assertThat(success.path("outputVariables", "ImageUri").text()).isEqualTo(d.imageUri);
  }

  @Test
  void anUnexpectedExceptionInACheckStillEndsInOneReport() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    Wiring broken =
        harness.real.withSecrets(
            ref -> {
              throw new IllegalStateException("bug with " + DeploymentFixture.SECRET_VALUE);
            });
    DeploymentFixture.Job job = d.job(d.parameters(""));

    Harness.invoke(Harness.handler(broken), job.bytes());

    Harness.Reports reports = harness.reports(job.id());
    assertThat(reports.count()).isEqualTo(1);
    assertThat(reports.message())
        .contains(
            "FAILED secrets (JobFailed): the check could not complete (internal error "
                + "IllegalStateException)")
        .doesNotContain(DeploymentFixture.SECRET_VALUE);
  }

  @Test
  void aCrashOutsideTheChecksStillEndsInOneReport() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    Wiring broken =
        harness.real.withClock(
            new Clock() {
              private int calls;

              @Override
              public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
              }

              @Override
              public Clock withZone(java.time.ZoneId zone) {
                return this;
              }

              @Override
              public Instant instant() {
                if (++calls == 2) {
                  throw new IllegalStateException("clock broke");
                }
                return Instant.now();
              }
            });
    DeploymentFixture.Job job = d.job(d.parameters(""));

    Harness.invoke(Harness.handler(broken), job.bytes());

    assertThat(harness.reports(job.id()).message())
        .contains("the validator could not complete (IllegalStateException)");
  }

  @Test
  void reportingThatKeepsFailingThrowsSoLambdaRetriesAndAlarms() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    DeploymentFixture.Job job = d.job(d.parameters(""));
    harness.aws.stubFor(
        target(CODEPIPELINE + "PutJobSuccessResult")
            .withRequestBody(containing(job.id()))
            .atPriority(1)
            .willReturn(error(500, "InternalFailure", "down")));

    assertThatThrownBy(() -> Harness.invoke(harness.handler(), job.bytes()))
        .isInstanceOf(ReportingException.class)
        .hasMessageContaining("after 3 attempts");
  }

  @Test
  void aJobAlreadyReportedByAnEarlierAttemptIsNotAnError() {
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    DeploymentFixture.Job job = d.job(d.parameters(""));
    harness.aws.stubFor(
        target(CODEPIPELINE + "PutJobSuccessResult")
            .withRequestBody(containing(job.id()))
            .atPriority(1)
            .willReturn(error(400, "InvalidJobStateException", "Job is in state Succeeded")));

    Json out = Harness.invoke(harness.handler(), job.bytes());

    assertThat(out.get("delivery").text()).isEqualTo("ALREADY_REPORTED");
    assertThat(harness.reports(job.id()).count()).isEqualTo(1);
  }

  @Test
  void aPayloadWithoutAJobIdCannotBeReportedAndThrows() {
    assertThatThrownBy(
            () ->
                Harness.invoke(
                    harness.handler(), "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreportableJobException.class);
  }

  @Test
  void aCheckThatOutlivesTheInvocationBudgetIsPolledAgain() {
    harness.aws.stubFor(
        get(urlEqualTo("/slow/health"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(6_000)));
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    Wiring slow = harness.real.withHttp(new HttpHealthProbe(Duration.ofSeconds(10)));
    DeploymentFixture.Job job =
        d.job(
            d.parameters(
                "\"healthUrl\":\"http://127.0.0.1:" + harness.aws.port() + "/slow/health\""));

    // 22 s left minus the 20 s reporting reserve leaves the checks 2 s.
    Harness.invoke(Harness.handler(slow), job.bytes(), 22);

    Json success = harness.reports(job.id()).success();
    assertThat(ContinuationToken.decode(success.get("continuationToken").text())).isPresent();
    // The probe ends at the poll's deadline too: whichever is seen first, the health check is
    // pending.
    assertThat(success.path("executionDetails", "summary").text())
        .containsPattern(
            "health: (did not finish within this invocation's time budget|.*healthUrl .* was not answered in time)");
  }

  @Test
  void checkBudgetKeepsTimeToReport() {
    assertThat(PreDeployValidatorHandler.checkBudget(120_000)).isEqualTo(Duration.ofSeconds(60));
    assertThat(PreDeployValidatorHandler.checkBudget(50_000)).isEqualTo(Duration.ofSeconds(30));
    assertThat(PreDeployValidatorHandler.checkBudget(5_000)).isEqualTo(Duration.ofSeconds(2));
  }
}
