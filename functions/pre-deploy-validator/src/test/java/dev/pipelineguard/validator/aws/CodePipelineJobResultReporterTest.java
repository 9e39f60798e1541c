package dev.pipelineguard.validator.aws;

import static dev.pipelineguard.emulation.AwsJsonStubs.CODEPIPELINE;
import static dev.pipelineguard.emulation.AwsJsonStubs.error;
import static dev.pipelineguard.emulation.AwsJsonStubs.ok;
import static dev.pipelineguard.emulation.AwsJsonStubs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.result.Decision;
import dev.pipelineguard.validator.result.FailureType;
import dev.pipelineguard.validator.result.JobResultReporter;
import dev.pipelineguard.validator.result.ReportingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/** Reporting job results to CodePipeline (WireMock: moto has no CodePipeline job API). */
class CodePipelineJobResultReporterTest {
  private static final String SUCCESS = CODEPIPELINE + "PutJobSuccessResult";
  private static final String FAILURE = CODEPIPELINE + "PutJobFailureResult";
  private static WireMockServer wiremock;
  private static CodePipelineClient client;
  private final List<Duration> pauses = new ArrayList<>();
  private CodePipelineJobResultReporter reporter;

  @BeforeAll
  static void start() {
    Moto.start();
    wiremock = AwsJsonStubs.start();
    TestAws.route("CodePipeline", wiremock);
    client = Moto.codePipeline();
    TestAws.unroute("CodePipeline");
  }

  @AfterAll
  static void stop() {
    wiremock.stop();
  }

  @BeforeEach
  void reset() {
    wiremock.resetAll();
    reporter = new CodePipelineJobResultReporter(() -> client, pauses::add, new Log("test"));
  }

  @Test
  void reportsSuccessWithSummaryAndOutputVariables() {
    wiremock.stubFor(target(SUCCESS).willReturn(ok("{}")));

    JobResultReporter.Delivery delivery =
        reporter.report(
            "job-1", new Decision.Succeed("all passed", Map.of("ImageUri", "repo:1"), List.of()));

    assertThat(delivery).isEqualTo(JobResultReporter.Delivery.REPORTED);
    Json body = AwsJsonStubs.calls(wiremock, SUCCESS).get(0);
    assertThat(body.get("jobId").text()).isEqualTo("job-1");
    assertThat(body.path("executionDetails", "summary").text()).isEqualTo("all passed");
    assertThat(body.path("executionDetails", "percentComplete").text()).isEqualTo("100");
    assertThat(body.path("outputVariables", "ImageUri").text()).isEqualTo("repo:1");
    assertThat(body.has("continuationToken")).isFalse();
  }

  @Test
  void reportsAContinuationWithItsTokenAndNoOutputVariables() {
    wiremock.stubFor(target(SUCCESS).willReturn(ok("{}")));

    reporter.report("job-2", new Decision.Continue("{\"v\":1}", "waiting", 40, List.of()));

    Json body = AwsJsonStubs.calls(wiremock, SUCCESS).get(0);
    assertThat(body.get("continuationToken").text()).isEqualTo("{\"v\":1}");
    assertThat(body.path("executionDetails", "percentComplete").text()).isEqualTo("40");
    assertThat(body.has("outputVariables")).isFalse();
  }

  @Test
  void reportsAFailureWithItsType() {
    wiremock.stubFor(target(FAILURE).willReturn(ok("{}")));

    reporter.report("job-3", new Decision.Fail(FailureType.PERMISSION_ERROR, "denied", List.of()));

    Json body = AwsJsonStubs.calls(wiremock, FAILURE).get(0);
    assertThat(body.path("failureDetails", "type").text()).isEqualTo("PermissionError");
    assertThat(body.path("failureDetails", "message").text()).isEqualTo("denied");
  }

  @Test
  void aJobThatAlreadyHasAResultCountsAsReported() {
    wiremock.stubFor(
        target(FAILURE)
            .willReturn(
                error(
                    400,
                    "InvalidJobStateException",
                    "Job job-4 is in state Failed, expected InProgress")));

    assertThat(reporter.report("job-4", new Decision.Fail(FailureType.JOB_FAILED, "x", List.of())))
        .isEqualTo(JobResultReporter.Delivery.ALREADY_REPORTED);
    assertThat(AwsJsonStubs.calls(wiremock, FAILURE)).hasSize(1);
  }

  @Test
  void anUnknownJobIsNotRetried() {
    wiremock.stubFor(target(SUCCESS).willReturn(error(400, "JobNotFoundException", "no such job")));

    assertThat(reporter.report("job-5", new Decision.Succeed("s", Map.of(), List.of())))
        .isEqualTo(JobResultReporter.Delivery.JOB_NOT_FOUND);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aTransientFailureIsRetriedUntilTheReportGoesThrough() {
    wiremock.stubFor(
        target(FAILURE)
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(500, "InternalFailure", "try again"))
            .willSetStateTo("recovered"));
    wiremock.stubFor(
        target(FAILURE).inScenario("flaky").whenScenarioStateIs("recovered").willReturn(ok("{}")));

    assertThat(reporter.report("job-6", new Decision.Fail(FailureType.JOB_FAILED, "x", List.of())))
        .isEqualTo(JobResultReporter.Delivery.REPORTED);
    assertThat(AwsJsonStubs.calls(wiremock, FAILURE)).hasSize(2);
  }

  @Test
  void aRetryThatFindsTheFirstAttemptLandedCountsAsReported() {
    // The first answer is lost (500) although CodePipeline recorded the result: the retry sees the
    // job completed.
    wiremock.stubFor(
        target(SUCCESS)
            .inScenario("lost")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(500, "InternalFailure", "lost answer"))
            .willSetStateTo("recorded"));
    wiremock.stubFor(
        target(SUCCESS)
            .inScenario("lost")
            .whenScenarioStateIs("recorded")
            .willReturn(error(400, "InvalidJobStateException", "Job is in state Succeeded")));

    assertThat(reporter.report("job-10", new Decision.Succeed("s", Map.of(), List.of())))
        .isEqualTo(JobResultReporter.Delivery.ALREADY_REPORTED);
  }

  @Test
  void whenEveryAttemptFailsItThrowsAfterBoundedRetries() {
    wiremock.stubFor(target(FAILURE).willReturn(error(503, "ServiceUnavailableException", "down")));

    assertThatThrownBy(
            () ->
                reporter.report("job-7", new Decision.Fail(FailureType.JOB_FAILED, "x", List.of())))
        .isInstanceOf(ReportingException.class)
        .hasMessageContaining("after 3 attempts");
    assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    // 3 application-level attempts, each with the SDK's own retries: bounded, not endless.
    assertThat(AwsJsonStubs.calls(wiremock, FAILURE)).hasSizeBetween(3, 12);
  }

  @Test
  void aRejectedResultIsSentOnceMoreInMinimalForm() {
    wiremock.stubFor(
        target(SUCCESS)
            .inScenario("rejected")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(400, "OutputVariablesSizeExceededException", "too big"))
            .willSetStateTo("minimal"));
    wiremock.stubFor(
        target(SUCCESS).inScenario("rejected").whenScenarioStateIs("minimal").willReturn(ok("{}")));

    assertThat(reporter.report("job-8", new Decision.Succeed("s", Map.of("Big", "x"), List.of())))
        .isEqualTo(JobResultReporter.Delivery.REPORTED);
    List<Json> calls = AwsJsonStubs.calls(wiremock, SUCCESS);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).has("outputVariables")).isFalse();
  }

  @Test
  void anEmptyFailureMessageIsNeverSent() {
    wiremock.stubFor(target(FAILURE).willReturn(ok("{}")));

    reporter.report("job-9", new Decision.Fail(FailureType.JOB_FAILED, "", List.of()));

    assertThat(
            AwsJsonStubs.calls(wiremock, FAILURE).get(0).path("failureDetails", "message").text())
        .isNotEmpty();
  }
}
