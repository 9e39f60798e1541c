package dev.pipelineguard.watcher.evidence;

import java.time.Instant;

/**
 * What is being reported: a deployment the circuit breaker failed (and usually rolled back), or one
 * stuck in progress past the threshold.
 *
 * @param deploymentId the failed or stuck deployment ({@code ecs-svc/<digits>})
 * @param restoredDeploymentId the deployment ECS rolls back to, when the trigger named it, else
 *     null
 * @param trigger the ECS event name, or {@code SCHEDULED_SCAN}
 * @param eventId the EventBridge event or SNS message id, for logs
 * @param eventReason the event's {@code detail.reason}, or null
 * @param eventTime when ECS said it happened ({@code detail.updatedAt} or the envelope time), or
 *     null
 */
public record Incident(
    Kind kind,
    String region,
    String account,
    String cluster,
    String service,
    String deploymentId,
    String restoredDeploymentId,
    String trigger,
    String eventId,
    String eventReason,
    Instant eventTime) {

  /** A deployment the circuit breaker failed, or one stuck in progress: a report each. */
  public enum Kind {
    ROLLBACK,
    STUCK
  }
}
