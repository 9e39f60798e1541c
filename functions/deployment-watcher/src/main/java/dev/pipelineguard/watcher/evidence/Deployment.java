package dev.pipelineguard.watcher.evidence;

import java.time.Instant;

/**
 * One entry of DescribeServices {@code deployments[]}: id {@code ecs-svc/<digits>}, status PRIMARY,
 * ACTIVE (or DRAINING) or INACTIVE, and the rolling-update rollout state and reason.
 */
public record Deployment(
    String id,
    String status,
    String taskDefinition,
    String rolloutState,
    String rolloutStateReason,
    Instant createdAt,
    Integer desiredCount,
    Integer runningCount,
    Integer failedTasks) {

  boolean isPrimary() {
    return "PRIMARY".equals(status);
  }

  public boolean rolloutIs(String state) {
    return state.equals(rolloutState);
  }
}
