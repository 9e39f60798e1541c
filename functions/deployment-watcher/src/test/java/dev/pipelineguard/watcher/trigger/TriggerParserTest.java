package dev.pipelineguard.watcher.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.Events;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerParserTest {

  private static List<Trigger> parse(Json payload) {
    return Envelope.unwrap(payload).stream()
        .map(e -> TriggerParser.parse(e, "default-cluster", "eu-west-1"))
        .toList();
  }

  private static Trigger parseOne(String event) {
    List<Trigger> triggers = parse(Events.json("watcher/" + event));
    assertThat(triggers).hasSize(1);
    return triggers.get(0);
  }

  @Test
  void readsCircuitBreakerFailureWithClusterAndServiceFromTheServiceArn() {
    Trigger.DeploymentEvent e = (Trigger.DeploymentEvent) parseOne("circuit-breaker-failed.json");
    assertThat(e.eventName()).isEqualTo("SERVICE_DEPLOYMENT_FAILED");
    assertThat(e.isRollback()).isFalse();
    assertThat(e.cluster()).isEqualTo("pipeline-guard-dev");
    assertThat(e.service()).isEqualTo("web");
    assertThat(e.region()).isEqualTo("us-east-1");
    assertThat(e.account()).isEqualTo("123456789012");
    assertThat(e.deploymentId()).isEqualTo("ecs-svc/4820150927361184571");
    assertThat(e.time()).isEqualTo(Instant.parse("2025-11-20T10:15:41.902Z"));
    assertThat(e.eventId()).isEqualTo("7c2d9e4a-5b1f-4e8a-9c3d-2f6b8a1e0d45");
  }

  @Test
  void readsRollbackInProgressWithTheDeploymentRolledBackTo() {
    Trigger.DeploymentEvent e = (Trigger.DeploymentEvent) parseOne("rollback-in-progress.json");
    assertThat(e.isRollback()).isTrue();
    assertThat(e.rolledBackTo()).isEqualTo("ecs-svc/1957203861194027364");
  }

  @Test
  void unwrapsTheEcsEventFromAnSnsRecord() {
    Trigger.DeploymentEvent e = (Trigger.DeploymentEvent) parseOne("sns-wrapped-failed.json");
    assertThat(e.deploymentId()).isEqualTo("ecs-svc/4820150927361184571");
    assertThat(e.eventId()).isEqualTo("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
  }

  @Test
  void recognisesTheScheduledScanInput() {
    assertThat(parseOne("scheduled-scan.json")).isInstanceOf(Trigger.Scan.class);
  }

  @Test
  void ignoresAnInitialDeploymentInProgress() {
    Trigger t = parseOne("deployment-in-progress-initial.json");
    assertThat(t).isInstanceOf(Trigger.Ignored.class);
    assertThat(((Trigger.Ignored) t).why()).contains("not a failure");
  }

  @Test
  void ignoresTheServiceActionTwinOfDeploymentFailedSoItIsNotReportedTwice() {
    assertThat(parseOne("service-action-deployment-failed.json"))
        .isInstanceOf(Trigger.Ignored.class);
  }

  @Test
  void rejectsAFailureWithoutAServiceArn() {
    Trigger t = parseOne("failed-without-service.json");
    assertThat(t).isInstanceOf(Trigger.Rejected.class);
    assertThat(((Trigger.Rejected) t).why()).contains("without a service ARN");
  }

  @Test
  void rejectsSomethingThatIsNotAnEventBridgeEvent() {
    Trigger t = parseOne("unknown-event.json");
    assertThat(t).isInstanceOf(Trigger.Rejected.class);
  }

  @Test
  void usesTheConfiguredClusterForOldFormatServiceArns() {
    Json event =
        Json.parse(
            "{\"detail-type\":\"ECS Deployment State Change\",\"source\":\"aws.ecs\","
                + "\"resources\":[\"arn:aws:ecs:us-west-2:111122223333:service/legacy\"],"
                + "\"detail\":{\"eventName\":\"SERVICE_DEPLOYMENT_FAILED\",\"deploymentId\":\"ecs-svc/1\"}}");
    Trigger.DeploymentEvent e = (Trigger.DeploymentEvent) parse(event).get(0);
    assertThat(e.cluster()).isEqualTo("default-cluster");
    assertThat(e.service()).isEqualTo("legacy");
    assertThat(e.region()).isEqualTo("us-west-2");
    assertThat(e.account()).isEqualTo("111122223333");
    assertThat(e.time()).isNull();
  }

  @Test
  void rejectsAServiceArnWhoseServiceNameIsEmpty() {
    // Not read as service "c" of the configured cluster: the cluster is named, the service is not.
    Json event =
        Json.parse(
            "{\"detail-type\":\"ECS Deployment State Change\",\"source\":\"aws.ecs\","
                + "\"resources\":[\"arn:aws:ecs:us-east-1:1:service/c/\"],\"detail\":{\"eventName\":\"SERVICE_DEPLOYMENT_FAILED\"}}");
    Trigger t = parse(event).get(0);
    assertThat(t).isInstanceOf(Trigger.Rejected.class);
    assertThat(((Trigger.Rejected) t).why()).contains("without a service ARN");
  }

  @Test
  void keepsAFailureWithoutDeploymentIdForTheWatcherToResolve() {
    Json event =
        Json.parse(
            "{\"detail-type\":\"ECS Deployment State Change\",\"source\":\"aws.ecs\","
                + "\"resources\":[\"arn:aws:ecs:us-east-1:1:service/c/s\"],\"detail\":{\"eventName\":\"SERVICE_DEPLOYMENT_FAILED\"}}");
    Trigger.DeploymentEvent e = (Trigger.DeploymentEvent) parse(event).get(0);
    assertThat(e.deploymentId()).isNull();
    assertThat(e.region()).isEqualTo("us-east-1");
  }

  @Test
  void rejectsAnEcsDeploymentEventWhoseDetailIsNotAnObject() {
    Json event =
        Json.parse(
            "{\"detail-type\":\"ECS Deployment State Change\",\"source\":\"aws.ecs\",\"detail\":\"x\"}");
    assertThat(parse(event).get(0)).isInstanceOf(Trigger.Rejected.class);
  }

  @Test
  void ignoresOurOwnReportsAndPlainTextSnsMessages() {
    Json sns =
        Json.parse(
            "{\"Records\":[{\"Sns\":{\"MessageId\":\"m1\",\"Message\":\"hello\"}},"
                + "{\"Sns\":{\"MessageId\":\"m2\",\"Message\":\"{\\\"schema\\\":\\\"pipeline-guard.rollback-report/v1\\\"}\"}}]}");
    List<Trigger> triggers = parse(sns);
    assertThat(triggers).hasSize(2).allMatch(t -> t instanceof Trigger.Ignored);
  }

  @Test
  void rejectsAJsonArray() {
    assertThat(parse(Json.parse("[1,2]")).get(0)).isInstanceOf(Trigger.Rejected.class);
  }
}
