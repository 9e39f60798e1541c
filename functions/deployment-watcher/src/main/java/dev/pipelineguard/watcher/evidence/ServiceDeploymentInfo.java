package dev.pipelineguard.watcher.evidence;

import java.time.Instant;

/**
 * The parts of a DescribeServiceDeployments {@code ServiceDeployment} the report uses: status
 * (e.g. ROLLBACK_SUCCESSFUL), the rollback reason and the circuit breaker's count and threshold.
 * Any field may be {@code null}.
 */
public record ServiceDeploymentInfo(String arn, String status, String statusReason, Instant createdAt,
    String rollbackReason, String circuitBreakerStatus, Integer circuitBreakerFailureCount,
    Integer circuitBreakerThreshold) {}
