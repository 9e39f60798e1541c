package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.AwsConsole;

/**
 * Console deep links that {@link AwsConsole} (common) does not have yet; partition-aware the same
 * way. Candidates to move to common.
 */
final class ConsoleLinks {
  private ConsoleLinks() {}

  /** One CloudWatch log stream (CodeBuild logs). */
  static String logStream(String region, String group, String stream) {
    String groupLink = AwsConsole.cloudWatchLogGroup(region, group);
    if (stream == null || stream.isBlank()) {
      return groupLink;
    }
    return groupLink + "/log-events/" + AwsConsole.encode(AwsConsole.encode(stream));
  }

  /** A task definition revision from its ARN ({@code ...:task-definition/family:rev}) or {@code family:rev}. */
  static String taskDefinition(String region, String taskDefinition) {
    if (taskDefinition == null || taskDefinition.isBlank()) {
      return null;
    }
    String familyRevision = Facts.lastSegment(taskDefinition.strip());
    int colon = familyRevision.lastIndexOf(':');
    if (colon <= 0 || colon == familyRevision.length() - 1) {
      return null;
    }
    return "https://" + AwsConsole.host(region) + "/ecs/v2/task-definitions/"
        + AwsConsole.encode(familyRevision.substring(0, colon)) + "/"
        + AwsConsole.encode(familyRevision.substring(colon + 1)) + "/containers?region="
        + AwsConsole.encode(region);
  }

  /** {@code family:revision} of a task definition ARN, for display. */
  static String taskDefinitionName(String taskDefinition) {
    return taskDefinition == null ? null : Facts.lastSegment(taskDefinition.strip());
  }
}
