package dev.pipelineguard.notifier.enrich;

import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionResult;
import software.amazon.awssdk.services.codepipeline.model.ArtifactRevision;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecution;

/**
 * {@link ExecutionHistory} through the SDK. The client is built with a short API-call timeout
 * (ENRICHMENT_TIMEOUT_MS) so a slow CodePipeline delays a message by at most that much.
 */
public final class CodePipelineExecutionHistory implements ExecutionHistory {
  private static final int MAX_ACTIONS = 100;

  private final Supplier<CodePipelineClient> client;

  /**
   * @param client built on the first call (ECS events and reports never need it)
   */
  public CodePipelineExecutionHistory(Supplier<CodePipelineClient> client) {
    this.client = client;
  }

  public CodePipelineExecutionHistory(CodePipelineClient client) {
    this(() -> client);
  }

  @Override
  public ExecutionDetails execution(String pipeline, String executionId) {
    PipelineExecution execution =
        call(
            "GetPipelineExecution",
            () ->
                client
                    .get()
                    .getPipelineExecution(
                        b -> b.pipelineName(pipeline).pipelineExecutionId(executionId))
                    .pipelineExecution());
    if (execution == null) {
      return new ExecutionDetails(null, null, null, null, List.of());
    }
    List<ExecutionDetails.SourceRevision> sources = new ArrayList<>();
    for (ArtifactRevision revision : execution.artifactRevisions()) {
      sources.add(
          new ExecutionDetails.SourceRevision(
              revision.name(),
              revision.revisionId(),
              revision.revisionSummary(),
              revision.revisionUrl()));
    }
    String triggerType =
        execution.trigger() == null ? null : execution.trigger().triggerTypeAsString();
    String triggerDetail = execution.trigger() == null ? null : execution.trigger().triggerDetail();
    return new ExecutionDetails(
        execution.statusAsString(), execution.statusSummary(), triggerType, triggerDetail, sources);
  }

  @Override
  public List<ActionRun> actionRuns(String pipeline, String executionId) {
    List<ActionExecutionDetail> details =
        call(
            "ListActionExecutions",
            () ->
                client
                    .get()
                    .listActionExecutions(
                        b ->
                            b.pipelineName(pipeline)
                                .maxResults(MAX_ACTIONS)
                                .filter(f -> f.pipelineExecutionId(executionId)))
                    .actionExecutionDetails());
    List<ActionRun> runs = new ArrayList<>();
    for (ActionExecutionDetail detail : details) {
      ActionExecutionResult result =
          detail.output() == null ? null : detail.output().executionResult();
      String provider =
          detail.input() == null || detail.input().actionTypeId() == null
              ? null
              : detail.input().actionTypeId().provider();
      runs.add(
          new ActionRun(
              detail.stageName(),
              detail.actionName(),
              detail.statusAsString(),
              provider,
              result == null || result.errorDetails() == null ? null : result.errorDetails().code(),
              result == null || result.errorDetails() == null
                  ? null
                  : result.errorDetails().message(),
              result == null ? null : result.externalExecutionSummary(),
              result == null ? null : result.externalExecutionUrl()));
    }
    return runs;
  }

  private static <T> T call(String operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
      throw new EnrichmentException(operation + ": timed out", e);
    } catch (AwsServiceException e) {
      String code = OutsideText.quote(AwsErrors.codeOrStatus(e), 100); // the endpoint's text
      throw new EnrichmentException(operation + ": " + code, e);
    } catch (SdkClientException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      throw new EnrichmentException(
          operation
              + (message.contains("credentials")
                  ? ": no AWS credentials"
                  : ": CodePipeline unreachable"),
          e);
    }
  }

  @Override
  public void prime() {
    var unused = client.get(); // builds it; the supplier keeps it
  }
}
