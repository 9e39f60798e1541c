package dev.pipelineguard.notifier.appmode;

import dev.pipelineguard.notifier.board.PipelineLayout;
import dev.pipelineguard.notifier.board.Source;
import java.time.Instant;
import java.util.List;

/**
 * What CodePipeline says about a pipeline and its executions beyond what one event carries: the
 * declared stage order, an execution's source revision, and the recent executions and action
 * executions a report or a build is matched against. Every call is bounded; implementations throw
 * {@link FactsException} for every failure, never anything else.
 */
public interface ExecutionFacts {

  /** The stages of {@code pipeline} as declared in structure {@code version} (GetPipeline). */
  PipelineLayout layout(String pipeline, long version);

  /** The execution's first source revision (GetPipelineExecution), or {@link Source#NONE}. */
  Source source(String pipeline, String executionId);

  /** The pipeline's most recent executions, newest first (ListPipelineExecutions, one page). */
  List<Execution> recentExecutions(String pipeline);

  /**
   * The most recent action executions, newest first (ListActionExecutions, one page): of {@code
   * executionId}, or of every execution when it is null.
   */
  List<Action> recentActions(String pipeline, String executionId);

  /** SnapStart priming: build the client without calling it. */
  default void prime() {}

  /** One execution: {@code status} as the API spells it (InProgress, Failed, ...). */
  record Execution(
      String executionId,
      String status,
      Instant startTime,
      Instant lastUpdateTime,
      List<String> revisionIds) {
    public Execution {
      revisionIds = revisionIds == null ? List.of() : List.copyOf(revisionIds);
    }

    boolean inProgress() {
      return "InProgress".equals(status) || "Stopping".equals(status);
    }
  }

  /**
   * One action execution.
   *
   * @param externalExecutionId what the action ran elsewhere: for CodeBuild the build id ({@code
   *     project:uuid})
   */
  record Action(
      String executionId,
      String stage,
      String action,
      String category,
      String provider,
      String status,
      Instant startTime,
      Instant lastUpdateTime,
      String externalExecutionId) {
    boolean inProgress() {
      return "InProgress".equals(status);
    }
  }

  /** CodePipeline could not be read. The message names the operation and the error code only. */
  final class FactsException extends RuntimeException {
    public FactsException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
