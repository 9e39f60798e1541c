package dev.pipelineguard.watcher.aws;

import static dev.pipelineguard.emulation.EcsStubs.epoch;

import dev.pipelineguard.common.Json;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The task of an ECS Task State Change event as DescribeTasks returns it, for the stubs. */
public final class DescribedTasks {
  /**
   * Timestamps of a Task: ISO strings in the event, epoch seconds in DescribeTasks (botocore ecs
   * Task).
   */
  static final Set<String> TASK_TIMES =
      Set.of(
          "connectivityAt",
          "createdAt",
          "executionStoppedAt",
          "pullStartedAt",
          "pullStoppedAt",
          "startedAt",
          "stoppedAt",
          "stoppingAt");

  private DescribedTasks() {}

  /**
   * An ECS Task State Change detail as DescribeTasks returns the task: timestamps as epoch seconds.
   */
  @SuppressWarnings(
      "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
  public static Map<String, Object> of(Json detail) {
    Map<String, Object> task = new LinkedHashMap<>((Map<String, Object>) detail.toPlain());
    for (String key : TASK_TIMES) {
      if (task.get(key) instanceof String iso) {
        BigDecimal seconds = epoch(OffsetDateTime.parse(iso).toInstant());
        task.put(key, seconds);
      }
    }
    task.remove("updatedAt");
    return task;
  }
}
