package dev.pipelineguard.watcher.evidence;

/** The CodePipeline execution that built the failed image (its tag is the commit), when found. */
public record PipelineExecution(String pipeline, String executionId, String status, String link) {}
