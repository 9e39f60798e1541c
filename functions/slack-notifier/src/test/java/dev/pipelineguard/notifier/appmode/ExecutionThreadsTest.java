package dev.pipelineguard.notifier.appmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.ManualClock;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.notifier.aws.CodePipelineExecutionFacts;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * Which execution a report belongs to when it does not say: the lookups against CodePipeline
 * (WireMock, botocore's shapes), including the ambiguous cases that must not guess.
 */
class ExecutionThreadsTest {
  static final String PIPELINE = "pipeline-guard-dev-pipeline";
  static final Instant BLOCKED_AT = Instant.parse("2025-03-14T16:40:12Z");
  static final Log QUIET = new Log("test", new PrintStream(OutputStream.nullOutputStream()));
  static WireMockServer codePipeline;
  static CodePipelineClient client;

  ManualClock clock = new ManualClock(Instant.parse("2025-03-14T16:40:13Z"));

  @BeforeAll
  static void start() {
    codePipeline = AwsJsonStubs.start();
    TestAws.route("CodePipeline", codePipeline);
    client = AwsSdk.build(CodePipelineClient.builder(), TestAws.settings());
  }

  @AfterAll
  static void stop() {
    TestAws.unroute("CodePipeline");
    client.close();
    codePipeline.stop();
  }

  @AfterEach
  void reset() {
    codePipeline.resetAll();
  }

  ExecutionThreads threads(boolean readFacts, String defaultPipeline) {
    // Lookups read CodePipeline only: no store, no Slack.
    return new ExecutionThreads(
        null,
        null,
        new CodePipelineExecutionFacts(() -> client),
        () -> "C0DEPLOYS1",
        clock,
        QUIET,
        new ExecutionThreads.Settings(readFacts, Duration.ofSeconds(2), defaultPipeline));
  }

  static Json validationReport(String pipeline) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("schema", "pipeline-guard.validation-report/v1");
    report.put("region", "us-east-1");
    report.put("account", "123456789012");
    report.put("detectedAt", BLOCKED_AT.toString());
    report.put("pipeline", pipeline);
    return Json.parse(JsonWriter.write(report));
  }

  static Map<String, Object> execution(String id, String status, String start, String lastUpdate) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("pipelineExecutionId", id);
    e.put("status", status);
    e.put("startTime", Instant.parse(start).toEpochMilli() / 1000.0);
    e.put("lastUpdateTime", Instant.parse(lastUpdate).toEpochMilli() / 1000.0);
    e.put("sourceRevisions", List.of());
    return e;
  }

  static Map<String, Object> action(
      String executionId,
      String stage,
      String category,
      String status,
      String start,
      String lastUpdate) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("pipelineExecutionId", executionId);
    a.put("stageName", stage);
    a.put("actionName", stage + "Action");
    a.put("startTime", Instant.parse(start).toEpochMilli() / 1000.0);
    a.put("lastUpdateTime", Instant.parse(lastUpdate).toEpochMilli() / 1000.0);
    a.put("status", status);
    a.put(
        "input",
        Map.of(
            "actionTypeId",
            Map.of("category", category, "owner", "AWS", "provider", "Lambda", "version", "1")));
    return a;
  }

  @SafeVarargs
  @SuppressWarnings(
      "varargs") // the array is only read (List.of copies it), never stored or written
  static void executions(Map<String, Object>... summaries) {
    codePipeline.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListPipelineExecutions")
            .willReturn(AwsJsonStubs.ok(Map.of("pipelineExecutionSummaries", List.of(summaries)))));
  }

  @SafeVarargs
  @SuppressWarnings(
      "varargs") // the array is only read (List.of copies it), never stored or written
  static void actionsOf(String executionId, Map<String, Object>... details) {
    codePipeline.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListActionExecutions")
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                    "$.filter.pipelineExecutionId",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo(executionId)))
            .willReturn(AwsJsonStubs.ok(Map.of("actionExecutionDetails", List.of(details)))));
  }

  Optional<String> located(Json report) {
    return threads(true, PIPELINE)
        .locate(report, "e1", clock.instant().plusSeconds(25))
        .map(ThreadClues::executionId);
  }

  @Test
  void theOnlyExecutionRunningWhenTheValidatorBlockedTheDeploymentIsTheOne() {
    executions(
        execution(
            "aaaaaaaa-0000-4000-8000-000000000001",
            "InProgress",
            "2025-03-14T16:31:02Z",
            "2025-03-14T16:40:03Z"),
        execution(
            "bbbbbbbb-0000-4000-8000-000000000002",
            "Succeeded",
            "2025-03-14T15:02:00Z",
            "2025-03-14T15:10:00Z"),
        execution(
            "cccccccc-0000-4000-8000-000000000003",
            "InProgress",
            "2025-03-14T16:45:00Z",
            "2025-03-14T16:45:30Z"));

    assertThat(located(validationReport(PIPELINE)))
        .contains("aaaaaaaa-0000-4000-8000-000000000001");
    assertThat(AwsJsonStubs.calls(codePipeline, AwsJsonStubs.CODEPIPELINE + "ListActionExecutions"))
        .isEmpty();
  }

  @Test
  void ofSeveralRunningExecutionsTheOneWhoseInvokeActionRanThenIsTheOne() {
    String validating = "aaaaaaaa-0000-4000-8000-000000000001";
    String building = "bbbbbbbb-0000-4000-8000-000000000002";
    executions(
        execution(building, "InProgress", "2025-03-14T16:38:00Z", "2025-03-14T16:40:00Z"),
        execution(validating, "Failed", "2025-03-14T16:31:02Z", "2025-03-14T16:40:46Z"));
    actionsOf(
        building,
        action(
            building,
            "Build",
            "Build",
            "InProgress",
            "2025-03-14T16:38:05Z",
            "2025-03-14T16:40:00Z"));
    actionsOf(
        validating,
        action(
            validating,
            "Validate",
            "Invoke",
            "Failed",
            "2025-03-14T16:40:03Z",
            "2025-03-14T16:40:45Z"),
        action(
            validating,
            "Build",
            "Build",
            "Succeeded",
            "2025-03-14T16:31:07Z",
            "2025-03-14T16:34:34Z"));

    assertThat(located(validationReport(PIPELINE))).contains(validating);
  }

  @Test
  void whenTwoExecutionsRanAnInvokeActionThenNoneIsChosen() {
    List<Map<String, Object>> running = new ArrayList<>();
    for (String id :
        List.of("aaaaaaaa-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000002")) {
      running.add(execution(id, "InProgress", "2025-03-14T16:31:02Z", "2025-03-14T16:40:13Z"));
      actionsOf(
          id,
          action(
              id,
              "Validate",
              "Invoke",
              "InProgress",
              "2025-03-14T16:40:03Z",
              "2025-03-14T16:40:13Z"));
    }
    executions(running.get(0), running.get(1));

    assertThat(located(validationReport(PIPELINE))).isEmpty();
  }

  @Test
  void withoutAPipelineOrWithLookupsOffNothingIsCalled() {
    assertThat(
            threads(true, null)
                .locate(validationReport(null), "e1", clock.instant().plusSeconds(25)))
        .isEmpty();
    assertThat(
            threads(false, PIPELINE)
                .locate(validationReport(PIPELINE), "e1", clock.instant().plusSeconds(25)))
        .isEmpty();
    assertThat(codePipeline.getAllServeEvents()).isEmpty();
  }

  @Test
  void aPipelineNamedByTheConfigurationIsSearchedWhenTheReportNamesNone() {
    executions(
        execution(
            "aaaaaaaa-0000-4000-8000-000000000001",
            "InProgress",
            "2025-03-14T16:31:02Z",
            "2025-03-14T16:40:13Z"));

    assertThat(
            threads(true, PIPELINE)
                .locate(validationReport(null), "e1", clock.instant().plusSeconds(25)))
        .get()
        .extracting(ThreadClues::pipeline, ThreadClues::executionId)
        .containsExactly(PIPELINE, "aaaaaaaa-0000-4000-8000-000000000001");
  }

  @Test
  void whenCodePipelineRefusesTheReportIsNotLostButPostedOnItsOwn() {
    codePipeline.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListPipelineExecutions")
            .willReturn(AwsJsonStubs.error(400, "AccessDeniedException", "not authorized")));

    assertThat(located(validationReport(PIPELINE))).isEmpty();
  }

  @Test
  void withTooLittleTimeLeftNoLookupIsStarted() {
    executions(
        execution(
            "aaaaaaaa-0000-4000-8000-000000000001",
            "InProgress",
            "2025-03-14T16:31:02Z",
            "2025-03-14T16:40:13Z"));

    assertThat(
            threads(true, PIPELINE)
                .locate(validationReport(PIPELINE), "e1", clock.instant().plusSeconds(6)))
        .isEmpty();
    assertThat(codePipeline.getAllServeEvents()).isEmpty();
  }

  @Test
  void somethingRanAtAMomentIfItStartedBeforeAndWasStillRunningOrEndedAfter() {
    Instant at = BLOCKED_AT;
    assertThat(ExecutionThreads.running(at.minusSeconds(60), at.minusSeconds(30), true, at))
        .isTrue();
    assertThat(ExecutionThreads.running(at.minusSeconds(60), at.plusSeconds(30), false, at))
        .isTrue();
    assertThat(ExecutionThreads.running(at.minusSeconds(60), at.minusSeconds(30), false, at))
        .isFalse();
    assertThat(ExecutionThreads.running(at.plusSeconds(60), at.plusSeconds(90), true, at))
        .isFalse();
    assertThat(ExecutionThreads.running(null, at, true, at)).isFalse();
  }
}
