package dev.pipelineguard.watcher.trigger;

import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.watcher.evidence.Rollbacks;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import software.amazon.awssdk.arns.Arn;

/**
 * Reads one unwrapped message (EventBridge event, or the EventBridge event an SNS message carries)
 * into a {@link Trigger}. Pure. Dispatches on (detail-type, eventName), never eventName alone: the
 * same SERVICE_DEPLOYMENT_* names also arrive as "ECS Service Action" events.
 *
 * <p>The delivery id is only ever shown (logs, reports), so it is quoted here; the names used for
 * ECS calls stay as the event has them and are quoted where they are shown.
 */
public final class TriggerParser {
  static final String SCHEDULE_SOURCE = "pipeline-guard.schedule";
  static final String DEPLOYMENT_STATE_CHANGE = "ECS Deployment State Change";

  private TriggerParser() {}

  /**
   * @param defaultCluster the cluster of a service ARN in the old format (no cluster segment)
   * @param defaultRegion the function's region, for events that do not carry one
   */
  public static Trigger parse(Envelope envelope, String defaultCluster, String defaultRegion) {
    String id = OutsideText.quote(envelope.deliveryId(), 128);
    Json body = envelope.body();
    if (envelope.via().equals("sns") && body.isMissing()) {
      return new Trigger.Ignored(id, "SNS message is not JSON");
    }
    if (!body.isObject()) {
      return new Trigger.Rejected(id, "not an event object");
    }
    if (body.get("schema").optText().map(s -> s.startsWith("pipeline-guard.")).orElse(false)) {
      return new Trigger.Ignored(id, "a pipeline-guard report, not an ECS event");
    }
    if (SCHEDULE_SOURCE.equals(envelope.source())) {
      return new Trigger.Scan(id);
    }
    String detailType = envelope.detailType();
    if (detailType == null) {
      return new Trigger.Rejected(
          id,
          envelope.via().equals("sns")
              ? "SNS message is JSON but not an EventBridge event"
              : "no detail-type: not an EventBridge event");
    }
    if (!"aws.ecs".equals(envelope.source()) || !DEPLOYMENT_STATE_CHANGE.equals(detailType)) {
      return new Trigger.Ignored(id, "not an ECS deployment state change");
    }
    Json detail = body.get("detail");
    if (!detail.isObject()) {
      return new Trigger.Rejected(id, "ECS deployment event without a detail object");
    }
    String eventName = detail.get("eventName").text();
    String reason = detail.get("reason").text();
    String rolledBackTo = Rollbacks.rolledBackTo(reason);
    boolean failed = "SERVICE_DEPLOYMENT_FAILED".equals(eventName);
    boolean rollback =
        "SERVICE_DEPLOYMENT_IN_PROGRESS".equals(eventName) && Rollbacks.isRollback(reason);
    if (!failed && !rollback) {
      return new Trigger.Ignored(
          id,
          eventName == null
              ? "ECS deployment event without eventName"
              : OutsideText.quote(eventName, 64) + " is not a failure");
    }

    ServiceArn arn = ServiceArn.parse(firstServiceArn(body));
    if (arn == null) {
      return new Trigger.Rejected(
          id, OutsideText.quote(eventName, 64) + " without a service ARN in resources");
    }
    String cluster = arn.cluster() != null ? arn.cluster() : defaultCluster;
    String region =
        body.get("region").optText().orElse(arn.region() != null ? arn.region() : defaultRegion);
    String account = body.get("account").optText().orElse(arn.account());
    Instant time = instant(detail.get("updatedAt").text());
    if (time == null) {
      time = instant(body.get("time").text());
    }
    return new Trigger.DeploymentEvent(
        id,
        eventName,
        region,
        account,
        cluster,
        arn.service(),
        detail.get("deploymentId").optText().orElse(null),
        rolledBackTo,
        reason,
        time);
  }

  private static String firstServiceArn(Json body) {
    for (Json resource : body.get("resources").elements()) {
      String text = resource.text();
      if (text != null && text.contains(":service/")) {
        return text;
      }
    }
    return null;
  }

  static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * {@code arn:<partition>:ecs:<region>:<account>:service/<cluster>/<service>} (or the old {@code
   * service/<service>}).
   */
  record ServiceArn(String region, String account, String cluster, String service) {
    static ServiceArn parse(String text) {
      Arn arn = text == null ? null : Arn.tryFromString(text).orElse(null);
      if (arn == null || !arn.resourceAsString().startsWith("service/")) {
        return null;
      }
      String region = arn.region().filter(r -> !r.isBlank()).orElse(null);
      String account = arn.accountId().filter(a -> !a.isBlank()).orElse(null);
      String[] path =
          arn.resourceAsString()
              .substring("service/".length())
              .split("/", -1); // keeps a trailing empty name
      if (path.length == 1 && !path[0].isBlank()) {
        return new ServiceArn(region, account, null, path[0]);
      }
      if (path.length == 2 && !path[0].isBlank() && !path[1].isBlank()) {
        return new ServiceArn(region, account, path[0], path[1]);
      }
      return null;
    }
  }
}
