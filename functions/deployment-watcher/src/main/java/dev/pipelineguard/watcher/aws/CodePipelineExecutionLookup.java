package dev.pipelineguard.watcher.aws;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.aws.AwsErrors;
import dev.pipelineguard.watcher.evidence.ExecutionLookup;
import dev.pipelineguard.watcher.evidence.PipelineExecution;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.codepipeline.model.SourceRevision;

/**
 * Finds the execution of the pipeline that built an image tagged with a commit id (the article's
 * pipeline tags images with the first 7 characters of the commit): one ListPipelineExecutions call,
 * and none at all when no image tag looks like a commit.
 */
public final class CodePipelineExecutionLookup implements ExecutionLookup {
  /** Recent executions only: a failed deployment follows the build that produced it. */
  static final int EXECUTIONS = 50;

  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

  private final Supplier<CodePipelineClient> client;
  private final String pipeline;
  private final String region;

  /**
   * @param client built on first use ({@link Clients#codePipelineOnFirstUse})
   */
  public CodePipelineExecutionLookup(
      Supplier<CodePipelineClient> client, String pipeline, String region) {
    this.client = client;
    this.pipeline = pipeline;
    this.region = region;
  }

  @Override
  public Optional<PipelineExecution> find(List<String> images) {
    String commit = commitTag(images);
    if (commit == null) {
      return Optional.empty();
    }
    List<PipelineExecutionSummary> executions;
    try {
      executions =
          client
              .get()
              .listPipelineExecutions(b -> b.pipelineName(pipeline).maxResults(EXECUTIONS))
              .pipelineExecutionSummaries();
    } catch (SdkException | UncheckedIOException e) {
      // AwsErrors: also the url-connection client's unretried I/O failure
      String code = AwsErrors.code(e);
      throw new LookupException(
          "ListPipelineExecutions on "
              + pipeline
              + " failed: "
              + (code != null
                  ? OutsideText.quote(code, 100)
                  : AwsErrors.unwrap(e).getClass().getSimpleName()),
          e);
    }
    for (PipelineExecutionSummary execution : executions) {
      for (SourceRevision revision : execution.sourceRevisions()) {
        String id = revision.revisionId();
        if (id != null && id.toLowerCase(Locale.ROOT).startsWith(commit)) {
          String link =
              AwsConsole.pipelineExecution(
                  region, pipeline, OutsideText.quote(execution.pipelineExecutionId()));
          return Optional.of(
              new PipelineExecution(
                  pipeline, execution.pipelineExecutionId(), execution.statusAsString(), link));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The first image tag that is a commit id (7 to 40 hex digits), or the hex tail of {@code
   * name-<commit>}.
   */
  static String commitTag(List<String> images) {
    for (String image : images) {
      if (image == null || image.contains("@")) {
        continue; // pinned by digest: no tag to read
      }
      int slash = image.lastIndexOf('/');
      int colon = image.lastIndexOf(':');
      if (colon <= slash) {
        continue; // no tag (a registry port is before the last slash)
      }
      String tag = image.substring(colon + 1).toLowerCase(Locale.ROOT);
      String tail = tag.substring(tag.lastIndexOf('-') + 1);
      if (COMMIT.matcher(tag).matches()) {
        return tag;
      }
      if (COMMIT.matcher(tail).matches()) {
        return tail;
      }
    }
    return null;
  }
}
