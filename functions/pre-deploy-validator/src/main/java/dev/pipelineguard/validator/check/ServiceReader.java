package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TaskDefinition;
import java.util.Optional;

/** Reads the ECS service and task definitions. Failures are {@link AwsCallException}s. */
public interface ServiceReader {
  /** The service, or empty when the cluster has no such service. */
  Optional<ServiceState> describeService(String cluster, String service);

  TaskDefinition describeTaskDefinition(String taskDefinitionArn);
}
