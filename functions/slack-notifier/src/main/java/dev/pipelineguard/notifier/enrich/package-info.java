/**
 * What CodePipeline adds to a pipeline event: the port {@code ExecutionHistory}, its adapter {@code
 * CodePipelineExecutionHistory} (every call bounded by ENRICHMENT_TIMEOUT_MS; failures become
 * {@code EnrichmentException}s naming the call and the error code), and the values they return.
 */
package dev.pipelineguard.notifier.enrich;
