package dev.pipelineguard.notifier.enrich;

/**
 * What a message would like to know about a pipeline execution.
 *
 * @param includeActions also list the action executions (for failures: which action failed and why)
 */
public record EnrichmentRequest(String pipeline, String executionId, boolean includeActions) {}
