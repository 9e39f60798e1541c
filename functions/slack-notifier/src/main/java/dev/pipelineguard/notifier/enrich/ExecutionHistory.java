package dev.pipelineguard.notifier.enrich;

import java.util.List;

/** Reads what CodePipeline knows about an execution, beyond what its event says. */
public interface ExecutionHistory {
  /** GetPipelineExecution; throws {@link EnrichmentException} when it cannot be read. */
  ExecutionDetails execution(String pipeline, String executionId);

  /** ListActionExecutions of one execution (first page); throws {@link EnrichmentException}. */
  List<ActionRun> actionRuns(String pipeline, String executionId);

  /** SnapStart priming: get ready to call (build clients) without calling. */
  default void prime() {}
}
