package dev.pipelineguard.validator.model;

/** One registered target of a target group, as DescribeTargetHealth reports it. */
public record TargetHealth(
    String targetId, Integer port, String state, String reason, String description) {
  public String label() {
    return port == null ? targetId : targetId + ":" + port;
  }
}
