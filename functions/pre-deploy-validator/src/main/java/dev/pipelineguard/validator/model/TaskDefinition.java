package dev.pipelineguard.validator.model;

import java.util.List;

/** The parts of an ECS task definition the checks read. */
public record TaskDefinition(String arn, List<Container> containers) {
  public TaskDefinition {
    containers = List.copyOf(containers);
  }

  /** A container definition. */
  public record Container(
      String name, String image, List<EnvironmentVariable> environment, List<SecretUse> secrets) {
    public Container {
      environment = List.copyOf(environment);
      secrets = List.copyOf(secrets);
    }
  }

  /** A plain {@code environment} entry. */
  public record EnvironmentVariable(String name, String value) {
    @Override
    public String toString() {
      return "EnvironmentVariable[" + name + "=<redacted>]"; // the value may be a leaked secret
    }
  }

  /**
   * A {@code valueFrom} that ECS resolves at task start.
   *
   * @param where what uses it, e.g. {@code secrets DB_PASSWORD} or {@code repositoryCredentials}
   */
  public record SecretUse(String where, String valueFrom) {}

  public List<String> containerNames() {
    return containers.stream().map(Container::name).toList();
  }
}
