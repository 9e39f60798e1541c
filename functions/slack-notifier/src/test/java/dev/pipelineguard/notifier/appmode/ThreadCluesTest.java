package dev.pipelineguard.notifier.appmode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.Events;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What reports and builds say about the execution they belong to (docs/report-schema.md). */
class ThreadCluesTest {
  static Json message(String sample) {
    return Json.parse(Events.json(sample).get("Records").at(0).path("Sns", "Message").text());
  }

  @Test
  void theWatchersReportNamesItsExecutionAndTheCommitItsImageWasBuiltFrom() {
    ThreadClues clues = ThreadClues.of(message("notifier/sns-rollback-report.json"));

    assertThat(clues.kind()).isEqualTo("rollback-report");
    assertThat(clues.executionId()).isEqualTo("8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01");
    assertThat(clues.pipeline()).isEqualTo("pipeline-guard-dev-pipeline");
    assertThat(clues.commit()).isEqualTo("3f9e2b7");
    assertThat(clues.region()).isEqualTo("us-east-1");
  }

  @Test
  void aWatcherReportWithoutItsExecutionIsSearchedByTheImagesCommit() {
    Json report =
        Json.parse(
            message("notifier/sns-rollback-report.json")
                .toString()
                .replaceFirst("\"pipelineExecution\":\\{[^}]*\\}", "\"pipelineExecution\":null"));
    ThreadClues clues = ThreadClues.of(report);

    assertThat(clues.executionId()).isNull();
    assertThat(clues.pipeline()).isNull();
    assertThat(clues.commit()).isEqualTo("3f9e2b7");
    assertThat(clues.searchable()).isTrue();
  }

  @Test
  void theValidatorsReportIsSearchedByItsPipelineAndWhenItBlockedTheDeployment() {
    ThreadClues clues = ThreadClues.of(message("notifier/sns-validation-report.json"));

    assertThat(clues.kind()).isEqualTo("validation-report");
    assertThat(clues.executionId()).isNull();
    assertThat(clues.pipeline()).isEqualTo("pipeline-guard-dev-pipeline");
    assertThat(clues.at()).isEqualTo(Instant.parse("2025-03-14T16:40:12Z"));
  }

  @Test
  void aBuildCodePipelineStartedIsSearchedByItsBuildIdAndOtherBuildsBelongToNoExecution() {
    ThreadClues clues = ThreadClues.of(Events.json("notifier/codebuild-failed.json"));

    assertThat(clues.pipeline()).isEqualTo("pipeline-guard-dev-pipeline");
    assertThat(clues.buildId())
        .isEqualTo("pipeline-guard-dev-build:5b1e8f2a-3c4d-4e6f-9a0b-7c8d9e0f1a2b");

    Json manual =
        Json.parse(
            Events.json("notifier/codebuild-failed.json")
                .toString()
                .replace("codepipeline/pipeline-guard-dev-pipeline", "dana.okafor"));
    assertThat(ThreadClues.of(manual)).isNull();
  }

  @Test
  void eventsAndUnknownReportsBelongToNoExecution() {
    assertThat(ThreadClues.of(Events.json("notifier/ecs-deployment-failed.json"))).isNull();
    assertThat(ThreadClues.of(message("notifier/sns-report-unknown-version.json"))).isNull();
  }

  @Test
  void valuesThatWouldBecomeKeysOrApiParametersAreDroppedUnlessTheyHaveTheRightShape() {
    Json hostile =
        Json.parse(
            "{\"schema\":\"pipeline-guard.rollback-report/v1\",\"region\":\"us-east-1\\n<!here>\","
                + "\"pipelineExecution\":{\"pipeline\":\"<https://evil|p>\",\"executionId\":\"../../other item\"},"
                + "\"failedDeployment\":{\"images\":[\"repo@sha256:3f9e2b7aaaa\",\"repo:latest\"]}}");
    ThreadClues clues = ThreadClues.of(hostile);

    assertThat(clues.executionId()).isNull();
    assertThat(clues.pipeline()).isNull();
    assertThat(clues.region()).isNull();
    assertThat(clues.commit()).isNull();
    assertThat(clues.searchable()).isFalse();
  }

  @Test
  void aCommitIsTheTagOrTheHexTailOfTheTag() {
    assertThat(ThreadClues.commitTag("1234.dkr.ecr.us-east-1.amazonaws.com/orders-api:3f9e2b7"))
        .isEqualTo("3f9e2b7");
    assertThat(ThreadClues.commitTag("registry:5000/orders-api:main-3f9e2b7c"))
        .isEqualTo("3f9e2b7c");
    assertThat(ThreadClues.commitTag("registry:5000/orders-api")).isNull();
    assertThat(ThreadClues.commitTag("orders-api:latest")).isNull();
  }
}
