package dev.pipelineguard.watcher.evidence;

import java.time.Instant;
import java.util.List;

/**
 * A stopped task as DescribeTasks shows it, reduced to what explains its stop. Any field may be
 * {@code null}: ECS omits what it does not know (an exit code for a container that never started).
 */
public record StoppedTask(
    String taskArn,
    String taskDefinitionArn,
    String stopCode,
    String stoppedReason,
    Instant stoppedAt,
    List<ContainerState> containers) {

  public StoppedTask {
    containers = containers == null ? List.of() : List.copyOf(containers);
  }

  /** The task id: the last segment of its ARN. */
  public String taskId() {
    if (taskArn == null) {
      return null;
    }
    int slash = taskArn.lastIndexOf('/');
    return slash < 0 ? taskArn : taskArn.substring(slash + 1);
  }

  /** The distinct images of the tasks' containers, at most 10: when no task definition was read. */
  public static List<String> images(List<StoppedTask> tasks) {
    return tasks.stream()
        .flatMap(t -> t.containers().stream())
        .map(ContainerState::image)
        .filter(i -> i != null && !i.isBlank())
        .distinct()
        .limit(10)
        .toList();
  }

  /** One container of a stopped task. */
  public record ContainerState(
      String name, String image, Integer exitCode, String reason, String healthStatus) {}
}
