package dev.pipelineguard.notifier.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.notifier.blockkit.BlockKitLimits;
import dev.pipelineguard.notifier.enrich.Enrichment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Format decisions the golden files do not pin down on their own. */
class MessageFormatsTest {
  final MessageFormats formats = new MessageFormats(FormatContext.of("prod"));

  private Notice read(Json payload) {
    return formats.read(Envelope.unwrap(payload).get(0));
  }

  private static Json json(String text) {
    return Json.parse(text);
  }

  /** A sample event with top-level or detail members replaced. */
  @SuppressWarnings(
      "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
  private static Json sample(String name, Map<String, Object> top, Map<String, Object> detail) {
    Map<String, Object> event = (Map<String, Object>) Events.json("notifier/" + name).toPlain();
    event.putAll(top);
    ((Map<String, Object>) event.get("detail")).putAll(detail);
    return Json.parse(JsonWriter.write(event));
  }

  private static String rendered(Notice notice) {
    String json = notice.render(Enrichment.NONE).json();
    assertThat(BlockKitLimits.violations(Json.parse(json))).isEmpty();
    return json;
  }

  @Test
  void consoleLinksFollowThePartitionOfTheRegion() {
    String china =
        rendered(read(sample("pipeline-failed.json", Map.of("region", "cn-north-1"), Map.of())));
    String govCloud =
        rendered(
            read(
                sample("ecs-deployment-failed.json", Map.of("region", "us-gov-west-1"), Map.of())));

    assertThat(china)
        .contains("https://console.amazonaws.cn/codesuite/codepipeline/pipelines/")
        .contains("cn-north-1 (aws-cn)")
        .doesNotContain("console.aws.amazon.com");
    assertThat(govCloud)
        .contains("https://console.amazonaws-us-gov.com/ecs/v2/clusters/")
        .doesNotContain("console.aws.amazon.com");
  }

  @Test
  void theAttemptIsShownWhenAboveOneWhateverItsJsonType() {
    for (Object attempt : List.of(2, "2", 2.0)) {
      String json =
          rendered(
              read(
                  sample(
                      "pipeline-failed.json",
                      Map.of(),
                      Map.of("pipeline-execution-attempt", attempt))));
      assertThat(json).as("attempt %s", attempt).contains("*Attempt*\\n2");
    }
    assertThat(
            rendered(
                read(
                    sample(
                        "pipeline-failed.json",
                        Map.of(),
                        Map.of("pipeline-execution-attempt", 1.0)))))
        .doesNotContain("*Attempt*");
  }

  @Test
  void pipelineFailuresAskForTheFailedActionsAndSuccessesOnlyForTheExecution() {
    Notice failed = read(Events.json("notifier/pipeline-failed.json"));
    Notice succeeded = read(Events.json("notifier/pipeline-succeeded.json"));
    Notice started = read(Events.json("notifier/pipeline-started.json"));

    assertThat(failed.enrichment().includeActions()).isTrue();
    assertThat(succeeded.enrichment().includeActions()).isFalse();
    assertThat(started.enrichment()).isNull();
    assertThat(failed.routeKeys()).containsExactly("pipeline:pipeline-guard-dev-pipeline");
  }

  @Test
  void anUnknownPipelineStateIsInformationalNotAFailure() {
    Notice notice = read(sample("pipeline-failed.json", Map.of(), Map.of("state", "PAUSED")));

    assertThat(notice.category()).isEqualTo(Category.INFO);
    assertThat(rendered(notice)).contains("Pipeline is paused: pipeline-guard-dev-pipeline");
  }

  @Test
  void anEventWithoutDetailStillRendersWithoutLinks() {
    Notice notice =
        read(
            json(
                "{\"detail-type\": \"CodePipeline Pipeline Execution State Change\","
                    + " \"source\": \"aws.codepipeline\", \"id\": \"x\"}"));

    assertThat(rendered(notice)).contains("unknown pipeline").doesNotContain("https://");
  }

  @Test
  void theSameDetailTypeFromAnotherSourceIsNotTrusted() {
    Notice notice = read(sample("pipeline-failed.json", Map.of("source", "my.app"), Map.of()));

    assertThat(notice.kind()).isEqualTo("event.unknown");
    assertThat(notice.category()).isEqualTo(Category.OTHER);
  }

  @Test
  void theRollbackTargetIsReadFromTheReason() {
    assertThat(
            EcsEvents.rollbackTarget(
                "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/88134."))
        .isEqualTo("ecs-svc/88134");
    assertThat(EcsEvents.rollbackTarget("(service x) rolling back to deployment ecs-svc/1"))
        .isEqualTo("ecs-svc/1");
    assertThat(EcsEvents.rollbackTarget("ECS deployment ecs-svc/1 in progress.")).isNull();
  }

  @Test
  void aRollbackWithNothingToReturnToSaysSo() {
    Json report =
        Json.parse(
            Events.json("notifier/sns-rollback-report.json")
                .path("Records")
                .at(0)
                .path("Sns", "Message")
                .text());
    @SuppressWarnings(
        "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
    Map<String, Object> plain = (Map<String, Object>) report.toPlain();
    plain.put("restoredDeployment", null);

    String json = rendered(read(Json.parse(JsonWriter.write(plain))));

    assertThat(json).contains("none: no completed deployment to return to");
  }

  @Test
  void aBuildPhaseContextGivenAsOneStringIsRead() {
    Notice notice =
        read(
            sample(
                "codebuild-failed.json",
                Map.of(),
                Map.of(
                    "current-phase", "PRE_BUILD",
                    "current-phase-context",
                        "[CLIENT_ERROR: authorization failed for primary source]",
                    "additional-information", Map.of("phases", List.of()))));

    assertThat(rendered(notice))
        .contains("`PRE_BUILD`")
        .contains("CLIENT_ERROR: authorization failed for primary source");
  }

  @Test
  void approvalsFromEventBridgeAndFromTheApprovalTopicAreBothApprovals() {
    assertThat(read(Events.json("notifier/action-approval-started.json")).category())
        .isEqualTo(Category.APPROVAL);
    Notice sns = read(Events.json("notifier/sns-approval-notification.json"));

    assertThat(sns.category()).isEqualTo(Category.APPROVAL);
    assertThat(sns.dedupeKeys()).containsExactly("approval/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
  }

  @Test
  void reportsRouteByServiceAndPipeline() {
    Notice validation = read(Events.json("notifier/sns-validation-report.json"));

    assertThat(validation.routeKeys())
        .containsExactly(
            "pipeline:pipeline-guard-dev-pipeline",
            "service:pipeline-guard-dev/orders-api",
            "service:orders-api");
    assertThat(validation.dedupeKeys())
        .containsExactly("report/validation/b3a9f1e2-6c4d-4e8f-a1b2-c3d4e5f60718");
  }

  @Test
  void aReportLinkOutsideTheConsoleIsLeftOut() {
    String json = rendered(read(Events.json("notifier/hostile-rollback-report.json")));

    assertThat(json).doesNotContain("<https://evil").contains("|Stopped tasks>");
  }
}
