package dev.pipelineguard.watcher.trigger;

import java.time.Instant;

/** What one message asks the watcher to do. */
public sealed interface Trigger
    permits Trigger.DeploymentEvent, Trigger.Scan, Trigger.Ignored, Trigger.Rejected {

  /** The delivery id (EventBridge event id or SNS message id), for logs; may be null. */
  String eventId();

  /**
   * An ECS deployment failure: {@code SERVICE_DEPLOYMENT_FAILED}, or the {@code
   * SERVICE_DEPLOYMENT_IN_PROGRESS} of a circuit-breaker rollback.
   *
   * @param deploymentId the event's {@code detail.deploymentId} (may be null when ECS left it out)
   * @param rolledBackTo for a rollback, the id its reason names, or null when it names no {@code
   *     ecs-svc/} id
   */
  record DeploymentEvent(
      String eventId,
      String eventName,
      String region,
      String account,
      String cluster,
      String service,
      String deploymentId,
      String rolledBackTo,
      String reason,
      Instant time)
      implements Trigger {
    public boolean isRollback() {
      return "SERVICE_DEPLOYMENT_IN_PROGRESS".equals(eventName);
    }
  }

  /** The scheduled scan for deployments stuck in progress. */
  record Scan(String eventId) implements Trigger {}

  /**
   * A well-formed message the watcher has no business with (another event name, a completed
   * deployment).
   */
  record Ignored(String eventId, String why) implements Trigger {}

  /** A message the watcher should understand but cannot: it is kept by failing the invocation. */
  record Rejected(String eventId, String why) implements Trigger {}
}
