package dev.pipelineguard.notifier.aws;

import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.aws.AwsErrors;
import dev.pipelineguard.notifier.appmode.ExecutionFacts;
import dev.pipelineguard.notifier.board.PipelineLayout;
import dev.pipelineguard.notifier.board.Source;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ArtifactRevision;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecution;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.codepipeline.model.SourceRevision;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;

/**
 * {@link ExecutionFacts} through the SDK: GetPipeline, GetPipelineExecution, ListPipelineExecutions
 * and ListActionExecutions, one page each. The client has the short API-call timeout of enrichment
 * (ENRICHMENT_TIMEOUT_MS), so a slow CodePipeline delays a message by at most that much per call.
 */
public final class CodePipelineExecutionFacts implements ExecutionFacts {
  /** Recent executions: a report follows the execution it is about by minutes, not days. */
  static final int EXECUTIONS = 25;

  static final int ACTIONS = 100;

  private final Supplier<CodePipelineClient> client;

  /**
   * @param client built on first use
   */
  public CodePipelineExecutionFacts(Supplier<CodePipelineClient> client) {
    this.client = client;
  }

  @Override
  public PipelineLayout layout(String pipeline, long version) {
    PipelineDeclaration declaration =
        call(
            "GetPipeline",
            () ->
                client
                    .get()
                    .getPipeline(
                        b -> b.name(pipeline).version((int) Math.min(Integer.MAX_VALUE, version)))
                    .pipeline());
    if (declaration == null) {
      throw new FactsException("GetPipeline: the answer has no pipeline", null);
    }
    List<String> stages = new ArrayList<>();
    for (StageDeclaration stage : declaration.stages()) {
      stages.add(stage.name());
    }
    return new PipelineLayout(
        declaration.version() == null ? version : declaration.version(), stages);
  }

  @Override
  public Source source(String pipeline, String executionId) {
    PipelineExecution execution =
        call(
            "GetPipelineExecution",
            () ->
                client
                    .get()
                    .getPipelineExecution(
                        b -> b.pipelineName(pipeline).pipelineExecutionId(executionId))
                    .pipelineExecution());
    ArtifactRevision chosen = null;
    for (ArtifactRevision revision :
        execution == null ? List.<ArtifactRevision>of() : execution.artifactRevisions()) {
      if (chosen == null || (chosen.revisionUrl() == null && revision.revisionUrl() != null)) {
        chosen = revision;
      }
    }
    return chosen == null
        ? Source.NONE
        : Source.ofRevision(chosen.revisionId(), chosen.revisionSummary(), chosen.revisionUrl());
  }

  @Override
  public List<Execution> recentExecutions(String pipeline) {
    List<PipelineExecutionSummary> summaries =
        call(
            "ListPipelineExecutions",
            () ->
                client
                    .get()
                    .listPipelineExecutions(b -> b.pipelineName(pipeline).maxResults(EXECUTIONS))
                    .pipelineExecutionSummaries());
    List<Execution> out = new ArrayList<>();
    for (PipelineExecutionSummary s : summaries) {
      List<String> revisions = new ArrayList<>();
      for (SourceRevision revision : s.sourceRevisions()) {
        revisions.add(revision.revisionId());
      }
      out.add(
          new Execution(
              s.pipelineExecutionId(),
              s.statusAsString(),
              s.startTime(),
              s.lastUpdateTime(),
              revisions));
    }
    return out;
  }

  @Override
  public List<Action> recentActions(String pipeline, String executionId) {
    List<ActionExecutionDetail> details =
        call(
            "ListActionExecutions",
            () ->
                client
                    .get()
                    .listActionExecutions(
                        b -> {
                          b.pipelineName(pipeline).maxResults(ACTIONS);
                          if (executionId != null) {
                            b.filter(f -> f.pipelineExecutionId(executionId));
                          }
                        })
                    .actionExecutionDetails());
    List<Action> out = new ArrayList<>();
    for (ActionExecutionDetail d : details) {
      var type = d.input() == null ? null : d.input().actionTypeId();
      var result = d.output() == null ? null : d.output().executionResult();
      out.add(
          new Action(
              d.pipelineExecutionId(),
              d.stageName(),
              d.actionName(),
              type == null ? null : type.categoryAsString(),
              type == null ? null : type.provider(),
              d.statusAsString(),
              d.startTime(),
              d.lastUpdateTime(),
              result == null ? null : result.externalExecutionId()));
    }
    return out;
  }

  @Override
  public void prime() {
    var unused = client.get(); // builds it; the supplier keeps it
  }

  /**
   * Runs one call; every failure becomes a {@link FactsException} naming the operation and error
   * code.
   */
  private static <T> T call(String operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
      throw new FactsException(operation + ": timed out", e);
    } catch (AwsServiceException e) {
      String code =
          OutsideText.quote(AwsErrors.codeOrStatus(e), 100); // the endpoint's text: it reaches logs
      throw new FactsException(operation + ": " + code, e);
    } catch (SdkClientException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      throw new FactsException(
          operation
              + (message.contains("credentials")
                  ? ": no AWS credentials"
                  : ": CodePipeline unreachable"),
          e);
    } catch (UncheckedIOException e) {
      // The url-connection client's unretried I/O failure (see DynamoDbBoardStore).
      throw new FactsException(operation + ": " + e.getCause().getClass().getSimpleName(), e);
    }
  }
}
