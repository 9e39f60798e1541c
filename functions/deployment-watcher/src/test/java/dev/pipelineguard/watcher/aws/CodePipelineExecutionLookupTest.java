package dev.pipelineguard.watcher.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.emulation.WatcherScenarios;
import dev.pipelineguard.watcher.evidence.ExecutionLookup;
import dev.pipelineguard.watcher.evidence.PipelineExecution;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * moto has no pipeline executions with source revisions: WireMock answers in the CodePipeline JSON
 * shape.
 */
class CodePipelineExecutionLookupTest {
  static WireMockServer wiremock;
  static CodePipelineExecutionLookup lookup;

  @BeforeAll
  static void start() {
    wiremock = AwsJsonStubs.start();
    TestAws.route("CodePipeline", wiremock);
    CodePipelineClient client = AwsSdk.build(CodePipelineClient.builder(), TestAws.settings());
    lookup = new CodePipelineExecutionLookup(() -> client, WatcherScenarios.PIPELINE, "us-east-1");
  }

  @AfterAll
  static void stop() {
    TestAws.unroute("CodePipeline");
    wiremock.stop();
  }

  @BeforeEach
  void reset() {
    wiremock.resetAll();
  }

  @Test
  void findsTheExecutionWhoseSourceCommitStartsWithTheImageTag() {
    WatcherScenarios.pipelineExecutions(wiremock);
    PipelineExecution found =
        lookup.find(List.of(WatcherScenarios.REPO + ":3f9c2e1")).orElseThrow();
    assertThat(found.executionId()).isEqualTo(WatcherScenarios.EXECUTION_ID);
    assertThat(found.status()).isEqualTo("InProgress");
    assertThat(found.link())
        .isEqualTo(
            "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/"
                + "pipeline-guard-dev-pipeline/executions/"
                + WatcherScenarios.EXECUTION_ID
                + "/timeline?region=us-east-1");
    assertThat(AwsJsonStubs.calls(wiremock, AwsJsonStubs.CODEPIPELINE + "ListPipelineExecutions"))
        .singleElement()
        .satisfies(
            b -> assertThat(b.get("pipelineName").text()).isEqualTo(WatcherScenarios.PIPELINE));
  }

  @Test
  void noMatchingCommitIsNoExecution() {
    WatcherScenarios.pipelineExecutions(wiremock);
    assertThat(lookup.find(List.of(WatcherScenarios.REPO + ":0badc0de"))).isEmpty();
  }

  @Test
  void tagsThatAreNotCommitsCostNoCall() {
    assertThat(
            lookup.find(
                List.of(
                    WatcherScenarios.REPO + ":latest",
                    "nginx",
                    "registry:5000/app",
                    WatcherScenarios.REPO + "@sha256:" + "a".repeat(64))))
        .isEmpty();
    assertThat(wiremock.getAllServeEvents()).isEmpty();
  }

  @Test
  void readsCommitTagsAndPrefixedOnes() {
    assertThat(CodePipelineExecutionLookup.commitTag(List.of("r/app:3F9C2E1")))
        .isEqualTo("3f9c2e1");
    assertThat(CodePipelineExecutionLookup.commitTag(List.of("r/app:prod-3f9c2e1b")))
        .isEqualTo("3f9c2e1b");
    assertThat(CodePipelineExecutionLookup.commitTag(List.of("localhost:5000/app"))).isNull();
    assertThat(CodePipelineExecutionLookup.commitTag(List.of("r/app:v1.2.3", "r/side:abcdef0")))
        .isEqualTo("abcdef0");
  }

  @Test
  void aMissingPipelineIsALookupErrorNamingTheCode() {
    wiremock.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListPipelineExecutions")
            .willReturn(AwsJsonStubs.error(400, "PipelineNotFoundException", "not found")));
    assertThatThrownBy(() -> lookup.find(List.of(WatcherScenarios.REPO + ":3f9c2e1")))
        .isInstanceOf(ExecutionLookup.LookupException.class)
        .hasMessage(
            "ListPipelineExecutions on pipeline-guard-dev-pipeline failed: PipelineNotFoundException");
  }
}
