package dev.pipelineguard.watcher.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What DescribeServices says about one service.
 *
 * @param circuitBreakerEnabled {@code deploymentConfiguration.deploymentCircuitBreaker.enable}, or
 *     null
 * @param circuitBreakerRollback {@code deploymentConfiguration.deploymentCircuitBreaker.rollback},
 *     or null
 * @param currentServiceDeployment ARN of the current service deployment (ListServiceDeployments),
 *     or null
 */
public record ServiceSnapshot(
    String serviceArn,
    String serviceName,
    List<Deployment> deployments,
    List<Event> events,
    Boolean circuitBreakerEnabled,
    Boolean circuitBreakerRollback,
    String currentServiceDeployment) {

  public ServiceSnapshot {
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
    events = events == null ? List.of() : List.copyOf(events);
  }

  Optional<Deployment> deployment(String id) {
    return deployments.stream().filter(d -> id != null && id.equals(d.id())).findFirst();
  }

  Optional<Deployment> primary() {
    return deployments.stream().filter(Deployment::isPrimary).findFirst();
  }

  /** A service event: "(service web) has reached a steady state." and the like. */
  public record Event(Instant createdAt, String message) {}
}
