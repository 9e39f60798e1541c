package dev.pipelineguard.notifier.enrich;

import java.util.List;

/** The parts of GetPipelineExecution a message shows. Any field may be null. */
public record ExecutionDetails(
    String status,
    String statusSummary,
    String triggerType,
    String triggerDetail,
    List<SourceRevision> sources) {
  public ExecutionDetails {
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  /**
   * One source revision.
   *
   * @param summary the revision summary: for Git connections a JSON text with {@code
   *     CommitMessage}, for CodeCommit and GitHub the commit message
   */
  public record SourceRevision(String name, String revisionId, String summary, String url) {}
}
