package dev.pipelineguard.notifier.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.notifier.appmode.ExecutionFacts;
import dev.pipelineguard.notifier.board.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * What app mode reads from CodePipeline, through the SDK against WireMock answering as botocore's
 * codepipeline model says (moto has no pipeline executions).
 */
class CodePipelineExecutionFactsTest {
  static final String PIPELINE = "pipeline-guard-dev-pipeline";
  static final String EXECUTION = "8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01";
  static WireMockServer codePipeline;
  static CodePipelineClient client;
  static Json fixture;
  static CodePipelineExecutionFacts facts;

  @BeforeAll
  static void start() throws IOException {
    codePipeline = AwsJsonStubs.start();
    TestAws.route("CodePipeline", codePipeline);
    client =
        AwsSdk.build(
            CodePipelineClient.builder()
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(20))),
            TestAws.settings());
    fixture =
        Json.parse(
            Files.readAllBytes(
                RepoPaths.root()
                    .resolve(
                        "functions/slack-notifier/src/test/resources/appmode/failing-run-codepipeline.json")));
    facts = new CodePipelineExecutionFacts(() -> client);
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

  static void answer(String operation, String json) {
    codePipeline.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + operation)
            .willReturn(AwsJsonStubs.ok(json)));
  }

  @Test
  void theLayoutIsTheDeclaredStagesOfTheVersionTheExecutionRuns() {
    answer("GetPipeline", fixture.get("GetPipeline").toString());

    var layout = facts.layout(PIPELINE, 7);

    assertThat(layout.version()).isEqualTo(7);
    assertThat(layout.stages()).containsExactly("Source", "Build", "Approve", "Validate", "Deploy");
    Json request =
        AwsJsonStubs.calls(codePipeline, AwsJsonStubs.CODEPIPELINE + "GetPipeline").get(0);
    assertThat(request.get("name").text()).isEqualTo(PIPELINE);
    assertThat(request.get("version").wholeNumber()).contains(7L);
  }

  @Test
  void theSourceIsTheCommitWithItsMessageOutOfTheConnectionsJsonAndItsLink() {
    answer("GetPipelineExecution", fixture.get("GetPipelineExecution").toString());

    Source source = facts.source(PIPELINE, EXECUTION);

    assertThat(source.commitId()).isEqualTo("3f9e2b7c1d4a5e6f708192a3b4c5d6e7f8091a2b");
    assertThat(source.commitMessage())
        .isEqualTo(
            "Bump base image to eclipse-temurin:21-jre\n\nAlso pins the Maven wrapper to 3.3.2.");
    assertThat(source.revisionUrl())
        .isEqualTo(
            "https://github.com/acme/orders-api/commit/3f9e2b7c1d4a5e6f708192a3b4c5d6e7f8091a2b");
    assertThat(source.author()).isNull();
  }

  @Test
  void recentExecutionsCarryTheirTimesAndRevisions() {
    answer("ListPipelineExecutions", fixture.get("ListPipelineExecutions").toString());

    List<ExecutionFacts.Execution> executions = facts.recentExecutions(PIPELINE);

    assertThat(executions).hasSize(2);
    assertThat(executions.get(0).executionId()).isEqualTo(EXECUTION);
    assertThat(executions.get(0).status()).isEqualTo("Failed");
    assertThat(executions.get(0).startTime()).isEqualTo(Instant.parse("2025-03-14T16:31:02.417Z"));
    assertThat(executions.get(0).revisionIds())
        .containsExactly("3f9e2b7c1d4a5e6f708192a3b4c5d6e7f8091a2b");
  }

  @Test
  void recentActionsOfOneExecutionAreFilteredAndThePipelinesAreNot() {
    answer("ListActionExecutions", fixture.get("ListActionExecutions").toString());

    List<ExecutionFacts.Action> ofOne = facts.recentActions(PIPELINE, EXECUTION);
    List<ExecutionFacts.Action> ofAll = facts.recentActions(PIPELINE, null);

    assertThat(ofOne)
        .extracting(ExecutionFacts.Action::stage)
        .containsExactly("Validate", "Approve", "Build", "Source");
    assertThat(ofOne.get(0).category()).isEqualTo("Invoke");
    assertThat(ofOne.get(2).externalExecutionId())
        .isEqualTo("pipeline-guard-dev-build:5b1e8f2a-3c4d-4e6f-9a0b-7c8d9e0f1a2b");
    assertThat(ofAll).hasSameSizeAs(ofOne);
    List<Json> calls =
        AwsJsonStubs.calls(codePipeline, AwsJsonStubs.CODEPIPELINE + "ListActionExecutions");
    assertThat(calls.get(0).path("filter", "pipelineExecutionId").text()).isEqualTo(EXECUTION);
    assertThat(calls.get(1).has("filter")).isFalse();
  }

  @Test
  void everyFailureIsAFactsExceptionNamingTheOperationAndTheErrorCodeOnly() {
    codePipeline.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListPipelineExecutions")
            .willReturn(
                AwsJsonStubs.error(
                    400,
                    "AccessDeniedException",
                    "User arn:aws:sts::123456789012:assumed-role/x is not authorized")));
    codePipeline.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "GetPipeline")
            .willReturn(AwsJsonStubs.ok("{}").withFixedDelay(5_000)));

    assertThatThrownBy(() -> facts.recentExecutions(PIPELINE))
        .isInstanceOf(ExecutionFacts.FactsException.class)
        .hasMessage("ListPipelineExecutions: AccessDeniedException");
    try (CodePipelineClient impatient =
        AwsSdk.build(
            CodePipelineClient.builder()
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(1))),
            TestAws.settings())) {
      assertThatThrownBy(() -> new CodePipelineExecutionFacts(() -> impatient).layout(PIPELINE, 7))
          .isInstanceOf(ExecutionFacts.FactsException.class)
          .hasMessage("GetPipeline: timed out");
    }
  }
}
