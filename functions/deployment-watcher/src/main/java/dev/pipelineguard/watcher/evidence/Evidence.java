package dev.pipelineguard.watcher.evidence;

import java.util.List;

/**
 * Everything gathered about one incident. Any part may be missing (null or empty) when ECS could
 * not answer; {@code gaps} says what is missing and why.
 *
 * @param failed the failed or stuck deployment as DescribeServices shows it
 * @param restored the deployment ECS rolled back to
 * @param restoredDeploymentId its id, also when DescribeServices did not show it
 */
public record Evidence(
    ServiceSnapshot service,
    Deployment failed,
    Deployment restored,
    String restoredDeploymentId,
    TaskDefinitionInfo failedTaskDefinition,
    TaskDefinitionInfo restoredTaskDefinition,
    ServiceDeploymentInfo serviceDeployment,
    List<StoppedTask> stoppedTasks,
    boolean tasksTruncated,
    PipelineExecution pipelineExecution,
    List<String> gaps) {

  public Evidence {
    stoppedTasks = stoppedTasks == null ? List.of() : List.copyOf(stoppedTasks);
    gaps = gaps == null ? List.of() : List.copyOf(gaps);
  }
}
