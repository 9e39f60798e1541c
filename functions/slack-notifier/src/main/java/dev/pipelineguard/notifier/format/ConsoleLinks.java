package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.AwsConsole;
import java.util.regex.Pattern;

/**
 * Console deep links that {@link AwsConsole} (common) does not have yet; partition-aware the same
 * way. Candidates to move to common.
 */
final class ConsoleLinks {
  /** ECS: a family of up to 255 letters, digits, underscores and hyphens; a revision from 1. */
  private static final Pattern TASK_DEFINITION =
      Pattern.compile("[A-Za-z0-9_-]{1,255}:[1-9][0-9]{0,9}");

  private ConsoleLinks() {}

  /** One CloudWatch log stream (CodeBuild logs). */
  static String logStream(String region, String group, String stream) {
    String groupLink = AwsConsole.cloudWatchLogGroup(region, group);
    if (stream == null || stream.isBlank()) {
      return groupLink;
    }
    return groupLink + "/log-events/" + AwsConsole.encode(AwsConsole.encode(stream));
  }

  /**
   * A task definition revision from its ARN ({@code ...:task-definition/family:rev}) or {@code
   * family:rev}; null unless it is one ECS could have (a family of letters, digits, {@code _} and
   * {@code -}, a numeric revision), so report text that is not a task definition never becomes part
   * of a link.
   */
  static String taskDefinition(String region, String taskDefinition) {
    if (taskDefinition == null || taskDefinition.isBlank()) {
      return null;
    }
    String familyRevision = Facts.lastSegment(taskDefinition.strip());
    if (!TASK_DEFINITION.matcher(familyRevision).matches()) {
      return null;
    }
    int colon = familyRevision.lastIndexOf(':');
    return "https://"
        + AwsConsole.host(region)
        + "/ecs/v2/task-definitions/"
        + AwsConsole.encode(familyRevision.substring(0, colon))
        + "/"
        + AwsConsole.encode(familyRevision.substring(colon + 1))
        + "/containers?region="
        + AwsConsole.encode(region);
  }

  /** {@code family:revision} of a task definition ARN, for display. */
  static String taskDefinitionName(String taskDefinition) {
    return taskDefinition == null ? null : Facts.lastSegment(taskDefinition.strip());
  }
}
