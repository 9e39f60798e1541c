package dev.pipelineguard.watcher.evidence;

import java.time.Instant;

/**
 * What is being reported: a deployment the circuit breaker failed (and usually rolled back), or one
 * stuck in progress past the threshold.
 *
 * @param deploymentId         the failed or stuck deployment ({@code ecs-svc/<digits>})
 * @param restoredDeploymentId the deployment ECS rolls back to, when the trigger named it, else null
 * @param trigger              the ECS event name, or {@code SCHEDULED_SCAN}
 * @param eventId              the EventBridge event or SNS message id, for logs
 * @param eventReason          the event's {@code detail.reason}, or null
 * @param eventTime            when ECS said it happened ({@code detail.updatedAt} or the envelope time), or null
 */
public record Incident(Kind kind, String region, String account, String cluster, String service,
    String deploymentId, String restoredDeploymentId, String trigger, String eventId, String eventReason,
    Instant eventTime) {

  /** The two kinds of report the watcher makes. */
  public enum Kind {
    ROLLBACK("deployment-rollback", "ERROR"),
    STUCK("deployment-stuck", "WARNING");

    private final String reportKind;
    private final String severity;

    Kind(String reportKind, String severity) {
      this.reportKind = reportKind;
      this.severity = severity;
    }

    public String reportKind() {
      return reportKind;
    }

    public String severity() {
      return severity;
    }
  }

  /**
   * The report-once key: one report per failed (or stuck) deployment of a service, whichever event
   * or container gets there first.
   */
  public String ledgerKey() {
    return kind.reportKind() + "#" + region + "#" + cluster + "/" + service + "#" + deploymentId;
  }
}
