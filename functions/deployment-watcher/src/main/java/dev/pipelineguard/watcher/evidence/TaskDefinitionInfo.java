package dev.pipelineguard.watcher.evidence;

import java.util.List;

/**
 * A task definition revision: its containers' images, awslogs groups and the names (never values)
 * of the secrets they reference.
 */
public record TaskDefinitionInfo(
    String arn, String family, Integer revision, List<ContainerSpec> containers) {

  public TaskDefinitionInfo {
    containers = containers == null ? List.of() : List.copyOf(containers);
  }

  public List<String> images() {
    return containers.stream()
        .map(ContainerSpec::image)
        .filter(i -> i != null && !i.isBlank())
        .distinct()
        .toList();
  }

  /** {@code family:revision}, or the ARN's last segment. */
  public String shortName() {
    if (family != null && revision != null) {
      return family + ":" + revision;
    }
    return TaskDefinitions.shortName(arn);
  }

  /**
   * One container definition.
   *
   * @param logGroup the awslogs-group option, or null
   * @param secretSources the {@code valueFrom} of its secrets: ARNs or parameter names, not values
   */
  public record ContainerSpec(
      String image, Boolean essential, String logGroup, List<String> secretSources) {
    public ContainerSpec {
      secretSources = secretSources == null ? List.of() : List.copyOf(secretSources);
    }
  }
}
