package dev.pipelineguard.validator;

import java.util.Optional;

/** Reads the ECS service and task definitions. Failures are {@link AwsCallException}s. */
public interface EcsReader {
  /** The service, or empty when the cluster has no such service. */
  Optional<ServiceState> describeService(String cluster, String service);

  TaskDefinition describeTaskDefinition(String taskDefinitionArn);
}
