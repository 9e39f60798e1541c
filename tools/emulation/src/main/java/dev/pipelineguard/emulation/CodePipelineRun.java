package dev.pipelineguard.emulation;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The EventBridge events of one pipeline execution, in the order CodePipeline emits them, shaped
 * like the published samples (CodePipeline User Guide, "Monitoring CodePipeline events": the
 * current page's Pipeline/Stage/Action examples, kept in {@code events/published/codepipeline/}):
 * envelope {@code time} in whole seconds, {@code start-time} of the execution in milliseconds,
 * {@code version} and {@code pipeline-execution-attempt} as floats, {@code execution-trigger} on
 * pipeline events, {@code stage-last-retry-attempt-time} on stage events after a stage retry,
 * {@code type} and {@code execution-result} on action events. Tests shuffle and repeat them.
 */
public final class CodePipelineRun {
  public static final String PIPELINE = "pipeline-guard-dev-pipeline";
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";

  private final String pipeline;
  private final String executionId;
  private final Instant start;
  private final List<Json> events = new ArrayList<>();
  private Map<String, Object> trigger;
  private long attempt = 1;
  private Instant retriedAt;

  private CodePipelineRun(String pipeline, String executionId, Instant start) {
    this.pipeline = pipeline;
    this.executionId = executionId;
    this.start = start;
  }

  public static CodePipelineRun of(String pipeline, String executionId, Instant start) {
    return new CodePipelineRun(pipeline, executionId, start);
  }

  /** A push to {@code main} on GitHub (the fields of a V2 pipeline's Git trigger). */
  public CodePipelineRun gitPush(String commitId, String author, String message) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("author-display-name", author);
    t.put("full-repository-name", "acme/orders-api");
    t.put("provider-type", "GitHub");
    t.put("author-email", "dana.okafor@example.com");
    t.put("commit-message", message);
    t.put("author-date", start.minusSeconds(21).toString());
    t.put("branch-name", "main");
    t.put("commit-id", commitId);
    t.put(
        "connection-arn",
        "arn:aws:codeconnections:us-east-1:"
            + ACCOUNT
            + ":connection/2b9c4e1f-7a3d-4c8e-9f02-6d1a5b3c7e90");
    t.put("author-id", "dokafor");
    this.trigger = t;
    return this;
  }

  /** Events from now on carry this attempt; a stage retry also stamps its retry time. */
  public CodePipelineRun retryStage(int secondsAfterStart) {
    attempt++;
    retriedAt = start.plusSeconds(secondsAfterStart).plusMillis(305);
    return this;
  }

  public CodePipelineRun pipeline(String state, int secondsAfterStart) {
    Map<String, Object> detail = base();
    if (trigger != null) {
      detail.put("execution-trigger", trigger);
    }
    detail.put("state", state);
    detail.put("version", 7.0);
    detail.put("pipeline-execution-attempt", (double) attempt);
    events.add(envelope("CodePipeline Pipeline Execution State Change", secondsAfterStart, detail));
    return this;
  }

  public CodePipelineRun stage(String stage, String state, int secondsAfterStart) {
    Map<String, Object> detail = base();
    if (retriedAt != null) {
      detail.put("stage-last-retry-attempt-time", retriedAt.toString());
    }
    detail.put("stage", stage);
    detail.put("state", state);
    detail.put("version", 7.0);
    detail.put("pipeline-execution-attempt", (double) attempt);
    events.add(envelope("CodePipeline Stage Execution State Change", secondsAfterStart, detail));
    return this;
  }

  /**
   * An action event. {@code category}: Source, Build, Approval, Invoke, Deploy; {@code provider}:
   * CodeStarSourceConnection, CodeBuild, Manual, Lambda, ECS. A FAILED one carries {@code
   * errorCode} and {@code summary} in its {@code execution-result}.
   */
  public CodePipelineRun action(
      String stage,
      String action,
      String category,
      String provider,
      String state,
      int secondsAfterStart,
      String errorCode,
      String summary,
      String externalUrl) {
    Map<String, Object> detail = base();
    detail.put("stage", stage);
    if (summary != null || errorCode != null || externalUrl != null) {
      Map<String, Object> result = new LinkedHashMap<>();
      if (externalUrl != null) {
        result.put("external-execution-url", externalUrl);
      }
      if (summary != null) {
        result.put("external-execution-summary", summary);
      }
      if (errorCode != null) {
        result.put("error-code", errorCode);
      }
      detail.put("execution-result", result);
    }
    detail.put("action-execution-id", actionExecutionId(stage, action));
    detail.put("action", action);
    detail.put("state", state);
    detail.put("region", REGION);
    Map<String, Object> type = new LinkedHashMap<>();
    type.put("owner", "AWS");
    type.put("provider", provider);
    type.put("category", category);
    type.put("version", "1");
    detail.put("type", type);
    detail.put("version", 7.0);
    detail.put("pipeline-execution-attempt", (double) attempt);
    events.add(envelope("CodePipeline Action Execution State Change", secondsAfterStart, detail));
    return this;
  }

  public CodePipelineRun action(
      String stage,
      String action,
      String category,
      String provider,
      String state,
      int secondsAfterStart) {
    return action(stage, action, category, provider, state, secondsAfterStart, null, null, null);
  }

  public List<Json> events() {
    return List.copyOf(events);
  }

  public String executionId() {
    return executionId;
  }

  /**
   * The demo's failing run: Source, Build and a manual approval succeed, then the pre-deploy
   * validator blocks the deployment in Validate, so Deploy never runs and the pipeline fails.
   */
  public static CodePipelineRun failingRun() {
    CodePipelineRun run =
        of(
                PIPELINE,
                "8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01",
                Instant.parse("2025-03-14T16:31:02.417Z"))
            .gitPush(
                "3f9e2b7c1d4a5e6f708192a3b4c5d6e7f8091a2b",
                "Dana Okafor",
                "Bump base image to eclipse-temurin:21-jre\n\nAlso pins the Maven wrapper to 3.3.2.");
    run.pipeline("STARTED", 0)
        .stage("Source", "STARTED", 0)
        .action("Source", "Checkout", "Source", "CodeStarSourceConnection", "STARTED", 0)
        .action("Source", "Checkout", "Source", "CodeStarSourceConnection", "SUCCEEDED", 4)
        .stage("Source", "SUCCEEDED", 4)
        .stage("Build", "STARTED", 5)
        .action("Build", "BuildImage", "Build", "CodeBuild", "STARTED", 5)
        .action("Build", "BuildImage", "Build", "CodeBuild", "SUCCEEDED", 212)
        .stage("Build", "SUCCEEDED", 212)
        .stage("Approve", "STARTED", 213)
        .action("Approve", "ReleaseApproval", "Approval", "Manual", "STARTED", 213)
        .action(
            "Approve",
            "ReleaseApproval",
            "Approval",
            "Manual",
            "SUCCEEDED",
            540,
            null,
            "Looks good, ship it",
            null)
        .stage("Approve", "SUCCEEDED", 540)
        .stage("Validate", "STARTED", 541)
        .action("Validate", "PreDeployValidation", "Invoke", "Lambda", "STARTED", 541)
        .action(
            "Validate",
            "PreDeployValidation",
            "Invoke",
            "Lambda",
            "FAILED",
            583,
            "JobFailed",
            "Deployment blocked: 1 check failed (secrets): the task definition references a secret that does not exist",
            "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups")
        .stage("Validate", "FAILED", 583)
        .pipeline("FAILED", 584);
    return run;
  }

  /**
   * A run whose Validate stage failed, was retried at once (automatic retry on failure) and
   * succeeded, then deployed. Several states share a second, as they do in CodePipeline's events:
   * the source stage starts and ends within one, and the failure and its retry share another.
   */
  public static CodePipelineRun retriedRun() {
    CodePipelineRun run =
        of(
                PIPELINE,
                "05dafb6a-5a56-4951-a858-968795364846",
                Instant.parse("2025-03-15T09:00:00.120Z"))
            .gitPush(
                "9a1c0de4b7d34e3a9f105d2c7b8a9e01c2d3e4f5", "Dana Okafor", "Fix the secret's name");
    run.pipeline("STARTED", 0)
        .stage("Source", "STARTED", 0)
        .action("Source", "Checkout", "Source", "CodeStarSourceConnection", "STARTED", 0)
        .action("Source", "Checkout", "Source", "CodeStarSourceConnection", "SUCCEEDED", 0)
        .stage("Source", "SUCCEEDED", 0)
        .stage("Validate", "STARTED", 1)
        .action("Validate", "PreDeployValidation", "Invoke", "Lambda", "STARTED", 1)
        .action(
            "Validate",
            "PreDeployValidation",
            "Invoke",
            "Lambda",
            "FAILED",
            40,
            "JobFailed",
            "ECS service orders-api is not stable",
            null)
        .stage("Validate", "FAILED", 40)
        .pipeline("FAILED", 40)
        .retryStage(40)
        .stage("Validate", "RESUMED", 40)
        .pipeline("RESUMED", 40)
        .action("Validate", "PreDeployValidation", "Invoke", "Lambda", "STARTED", 41)
        .action("Validate", "PreDeployValidation", "Invoke", "Lambda", "SUCCEEDED", 71)
        .stage("Validate", "SUCCEEDED", 71)
        .stage("Deploy", "STARTED", 71)
        .action("Deploy", "DeployService", "Deploy", "ECS", "STARTED", 71)
        .action("Deploy", "DeployService", "Deploy", "ECS", "SUCCEEDED", 342)
        .stage("Deploy", "SUCCEEDED", 342)
        .pipeline("SUCCEEDED", 342);
    return run;
  }

  private Map<String, Object> base() {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("pipeline", pipeline);
    detail.put("execution-id", executionId);
    detail.put("start-time", start.toString());
    return detail;
  }

  private Json envelope(String detailType, int secondsAfterStart, Map<String, Object> detail) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("version", "0");
    e.put(
        "id",
        String.format(
            Locale.ROOT, "%08x-0000-4000-8000-%012x", executionId.hashCode(), events.size()));
    e.put("detail-type", detailType);
    e.put("source", "aws.codepipeline");
    e.put("account", ACCOUNT);
    e.put("time", start.plusSeconds(secondsAfterStart).truncatedTo(ChronoUnit.SECONDS).toString());
    e.put("region", REGION);
    e.put("resources", List.of("arn:aws:codepipeline:" + REGION + ":" + ACCOUNT + ":" + pipeline));
    e.put("detail", detail);
    return Json.parse(JsonWriter.write(e));
  }

  private String actionExecutionId(String stage, String action) {
    return String.format(
        Locale.ROOT,
        "%08x-%04x-4000-8000-%012x",
        (stage + action).hashCode(),
        attempt,
        Math.abs((long) executionId.hashCode()));
  }
}
