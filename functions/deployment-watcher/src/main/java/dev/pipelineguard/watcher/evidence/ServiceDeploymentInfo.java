package dev.pipelineguard.watcher.evidence;

/**
 * What a DescribeServiceDeployments {@code ServiceDeployment} adds to DescribeServices: the circuit
 * breaker's status, failure count and threshold. Any field may be {@code null}.
 */
public record ServiceDeploymentInfo(
    String circuitBreakerStatus,
    Integer circuitBreakerFailureCount,
    Integer circuitBreakerThreshold) {}
