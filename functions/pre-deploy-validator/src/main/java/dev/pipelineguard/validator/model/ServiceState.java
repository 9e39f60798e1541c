package dev.pipelineguard.validator.model;

import java.util.List;

/**
 * What DescribeServices says about the service.
 *
 * @param recentEvents the newest service event messages, newest first
 */
public record ServiceState(
    String arn,
    String status,
    int desiredCount,
    int runningCount,
    int pendingCount,
    String taskDefinitionArn,
    List<Deployment> deployments,
    List<String> targetGroupArns,
    List<String> recentEvents) {

  public ServiceState {
    deployments = List.copyOf(deployments);
    targetGroupArns = List.copyOf(targetGroupArns);
    recentEvents = List.copyOf(recentEvents);
  }

  /** One of the service's deployments; {@code rolloutState} is null when ECS does not report it. */
  public record Deployment(
      String id,
      String status,
      String taskDefinitionArn,
      String rolloutState,
      String rolloutStateReason,
      int desiredCount,
      int runningCount,
      int pendingCount,
      int failedTasks) {}
}
