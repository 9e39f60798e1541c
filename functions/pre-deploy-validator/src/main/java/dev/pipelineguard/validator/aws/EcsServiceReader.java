package dev.pipelineguard.validator.aws;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.check.ServiceReader;
import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/** {@link ServiceReader} over the SDK's ECS client. */
public final class EcsServiceReader implements ServiceReader {
  private static final int EVENTS_KEPT = 5;
  private final Supplier<EcsClient> ecs;

  public EcsServiceReader(AwsSdk.Settings settings) {
    this(Clients.lazy(EcsClient::builder, settings));
  }

  EcsServiceReader(Supplier<EcsClient> ecs) {
    this.ecs = ecs;
  }

  @Override
  public Optional<ServiceState> describeService(String cluster, String service) {
    DescribeServicesResponse response;
    try {
      response = ecs.get().describeServices(b -> b.cluster(cluster).services(service));
    } catch (SdkException | UncheckedIOException e) {
      throw AwsCallException.of("ecs:DescribeServices", e);
    }
    if (!response.hasServices() || response.services().isEmpty()) {
      for (Failure failure : response.failures()) {
        if (!"MISSING".equals(failure.reason())) {
          throw new AwsCallException(
              AwsCallException.Kind.OTHER,
              "ecs:DescribeServices",
              TextSanitizer.clean(failure.reason(), 80),
              TextSanitizer.clean(failure.detail(), 240),
              null);
        }
      }
      return Optional.empty();
    }
    Service s = response.services().get(0);
    List<ServiceState.Deployment> deployments = new ArrayList<>();
    for (var d : s.deployments()) {
      deployments.add(
          new ServiceState.Deployment(
              d.id(),
              d.status(),
              d.taskDefinition(),
              d.rolloutStateAsString(),
              d.rolloutStateReason(),
              n(d.desiredCount()),
              n(d.runningCount()),
              n(d.pendingCount()),
              n(d.failedTasks())));
    }
    List<String> targetGroups = new ArrayList<>();
    for (LoadBalancer lb : s.loadBalancers()) {
      if (lb.targetGroupArn() != null && !targetGroups.contains(lb.targetGroupArn())) {
        targetGroups.add(lb.targetGroupArn());
      }
    }
    List<String> events =
        s.events().stream().limit(EVENTS_KEPT).map(ServiceEvent::message).toList();
    return Optional.of(
        new ServiceState(
            s.serviceArn(),
            s.status(),
            n(s.desiredCount()),
            n(s.runningCount()),
            n(s.pendingCount()),
            s.taskDefinition(),
            deployments,
            targetGroups,
            events));
  }

  @Override
  public TaskDefinition describeTaskDefinition(String taskDefinitionArn) {
    software.amazon.awssdk.services.ecs.model.TaskDefinition td;
    try {
      td =
          ecs.get()
              .describeTaskDefinition(b -> b.taskDefinition(taskDefinitionArn))
              .taskDefinition();
    } catch (SdkException | UncheckedIOException e) {
      AwsCallException error = AwsCallException.of("ecs:DescribeTaskDefinition", e);
      // ECS answers ClientException "Unable to describe task definition." for a missing revision.
      if ("ClientException".equals(error.errorCode())
          && error.detail().toLowerCase(java.util.Locale.ROOT).contains("unable to describe")) {
        throw new AwsCallException(
            AwsCallException.Kind.NOT_FOUND,
            error.operation(),
            error.errorCode(),
            error.detail(),
            e);
      }
      throw error;
    }
    List<TaskDefinition.Container> containers = new ArrayList<>();
    for (ContainerDefinition c : td.containerDefinitions()) {
      List<TaskDefinition.EnvironmentVariable> env = new ArrayList<>();
      for (KeyValuePair pair : c.environment()) {
        env.add(new TaskDefinition.EnvironmentVariable(pair.name(), pair.value()));
      }
      List<TaskDefinition.SecretUse> secrets = new ArrayList<>();
      for (Secret secret : c.secrets()) {
        secrets.add(new TaskDefinition.SecretUse("secrets " + secret.name(), secret.valueFrom()));
      }
      if (c.logConfiguration() != null) {
        for (Secret secret : c.logConfiguration().secretOptions()) {
          secrets.add(
              new TaskDefinition.SecretUse(
                  "logConfiguration.secretOptions " + secret.name(), secret.valueFrom()));
        }
      }
      if (c.repositoryCredentials() != null
          && c.repositoryCredentials().credentialsParameter() != null) {
        secrets.add(
            new TaskDefinition.SecretUse(
                "repositoryCredentials", c.repositoryCredentials().credentialsParameter()));
      }
      containers.add(new TaskDefinition.Container(c.name(), c.image(), env, secrets));
    }
    return new TaskDefinition(td.taskDefinitionArn(), containers);
  }

  private static int n(Integer value) {
    return value == null ? 0 : value;
  }
}
