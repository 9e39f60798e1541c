package dev.pipelineguard.notifier.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.TestAws;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * The SDK adapter against WireMock answering in the AWS JSON 1.1 shapes (moto has no such APIs).
 */
class CodePipelineExecutionHistoryTest {
  static final String EXECUTION = "8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01";
  static final String GET = AwsJsonStubs.CODEPIPELINE + "GetPipelineExecution";
  static final String LIST = AwsJsonStubs.CODEPIPELINE + "ListActionExecutions";
  static WireMockServer codePipeline;
  static CodePipelineClient client;
  static Json fixture;

  @BeforeAll
  static void start() throws IOException {
    fixture =
        Json.parse(
            Files.readAllBytes(
                RepoPaths.root()
                    .resolve(
                        "functions/slack-notifier/src/test/resources/golden/codepipeline/"
                            + EXECUTION
                            + ".json")));
    codePipeline = AwsJsonStubs.start();
    TestAws.route("CodePipeline", codePipeline);
    // the production client settings: a short API-call timeout bounds a slow CodePipeline
    client =
        AwsSdk.build(
            CodePipelineClient.builder()
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMillis(800))),
            TestAws.settings());
    TestAws.unroute("CodePipeline");
  }

  @AfterAll
  static void stop() {
    client.close();
    codePipeline.stop();
  }

  @BeforeEach
  void reset() {
    codePipeline.resetAll();
  }

  @Test
  void readsSourceRevisionsAndTheTriggerOfAnExecution() {
    codePipeline.stubFor(
        AwsJsonStubs.target(GET)
            .willReturn(AwsJsonStubs.ok(fixture.get("GetPipelineExecution").toString())));

    ExecutionDetails details =
        new CodePipelineExecutionHistory(client)
            .execution("pipeline-guard-dev-pipeline", EXECUTION);

    assertThat(details.status()).isEqualTo("Failed");
    assertThat(details.triggerType()).isEqualTo("WebhookV2");
    assertThat(details.sources())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.revisionId()).isEqualTo("3f9e2b7c1d4a5e6f708192a3b4c5d6e7f8091a2b");
              assertThat(s.summary()).contains("\"CommitMessage\":\"Bump base image");
              assertThat(s.url())
                  .isEqualTo(
                      "https://github.com/acme/orders-api/commit/3f9e2b7c1d4a5e6f708192a3b4c5d6e7f8091a2b");
            });
    assertThat(AwsJsonStubs.calls(codePipeline, GET))
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.get("pipelineName").text())
                  .isEqualTo("pipeline-guard-dev-pipeline");
              assertThat(request.get("pipelineExecutionId").text()).isEqualTo(EXECUTION);
            });
  }

  @Test
  void listsTheActionsOfTheExecutionWithTheirErrors() {
    codePipeline.stubFor(
        AwsJsonStubs.target(LIST)
            .willReturn(AwsJsonStubs.ok(fixture.get("ListActionExecutions").toString())));

    List<ActionRun> runs =
        new CodePipelineExecutionHistory(client)
            .actionRuns("pipeline-guard-dev-pipeline", EXECUTION);

    assertThat(runs).hasSize(2);
    assertThat(runs.get(0))
        .satisfies(
            run -> {
              assertThat(run.failed()).isTrue();
              assertThat(run.stage()).isEqualTo("Build");
              assertThat(run.action()).isEqualTo("BuildImage");
              assertThat(run.provider()).isEqualTo("CodeBuild");
              assertThat(run.errorCode()).isEqualTo("JobFailed");
              assertThat(run.errorMessage()).contains("COMMAND_EXECUTION_ERROR");
              assertThat(run.externalUrl()).startsWith("https://console.aws.amazon.com/codebuild/");
            });
    assertThat(runs.get(1).failed()).isFalse();
    assertThat(AwsJsonStubs.calls(codePipeline, LIST))
        .singleElement()
        .satisfies(
            request ->
                assertThat(request.path("filter", "pipelineExecutionId").text())
                    .isEqualTo(EXECUTION));
  }

  @Test
  void aServiceErrorNamesTheCallAndTheErrorCode() {
    codePipeline.stubFor(
        AwsJsonStubs.target(GET)
            .willReturn(
                AwsJsonStubs.error(
                    400,
                    "AccessDeniedException",
                    "User is not authorized to perform codepipeline:GetPipelineExecution")));

    assertThatThrownBy(() -> new CodePipelineExecutionHistory(client).execution("p", EXECUTION))
        .isInstanceOf(EnrichmentException.class)
        .hasMessage("GetPipelineExecution: AccessDeniedException");
  }

  @Test
  void aSlowCodePipelineTimesOutWithinTheApiCallTimeout() {
    codePipeline.stubFor(
        AwsJsonStubs.target(LIST)
            .willReturn(
                AwsJsonStubs.ok(fixture.get("ListActionExecutions").toString())
                    .withFixedDelay(5000)));
    long started = System.nanoTime();

    assertThatThrownBy(() -> new CodePipelineExecutionHistory(client).actionRuns("p", EXECUTION))
        .isInstanceOf(EnrichmentException.class)
        .hasMessage("ListActionExecutions: timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }
}
