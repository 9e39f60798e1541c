package dev.pipelineguard.notifier.appmode;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Text;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a message that is not an execution event says about the execution it belongs to, read from
 * the message alone (docs/report-schema.md, aws-facts B3):
 *
 * <ul>
 *   <li>the watcher's rollback report: {@code pipelineExecution.executionId} when it found one, and
 *       the failed deployment's images, whose tag is the commit the pipeline built;
 *   <li>the validator's report: the pipeline ({@code pipeline}) and when it blocked the deployment
 *       ({@code detectedAt}): the execution whose Lambda action was running then;
 *   <li>a CodeBuild build started by CodePipeline ({@code initiator: codepipeline/<pipeline>}): its
 *       build id, which the pipeline's build action lists as its external execution id.
 * </ul>
 *
 * Pure. Values that become store keys or API parameters are checked for shape here.
 *
 * @param executionId the execution when the message names it, else null (look it up)
 * @param pipeline the pipeline when the message names it, else null
 * @param commit a commit id (7 to 40 hex digits) the execution built, or null
 * @param at when the execution was running, or null
 * @param buildId a CodeBuild build id ({@code project:uuid}), or null
 */
public record ThreadClues(
    String kind,
    String executionId,
    String pipeline,
    String region,
    String account,
    String commit,
    Instant at,
    String buildId) {
  static final String ROLLBACK_SCHEMA = "pipeline-guard.rollback-report/";
  static final String VALIDATION_SCHEMA = "pipeline-guard.validation-report/";
  static final String CODEBUILD = "CodeBuild Build State Change";
  private static final Pattern EXECUTION_ID = Pattern.compile("[0-9a-fA-F-]{8,64}");
  private static final Pattern PIPELINE = Pattern.compile("[A-Za-z0-9.@_-]{1,100}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");
  private static final Pattern BUILD_ID =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{1,254}:[0-9a-f-]{36}");

  /** The clues of {@code body}, or null when it is not about one pipeline execution. */
  public static ThreadClues of(Json body) {
    String schema = body.get("schema").text();
    if ((ROLLBACK_SCHEMA + "v1").equals(schema)) {
      Json execution = body.get("pipelineExecution");
      String commit = null;
      for (Json image : body.path("failedDeployment", "images").elements()) {
        commit = commit != null ? commit : commitTag(image.text());
      }
      return new ThreadClues(
          "rollback-report",
          id(execution.get("executionId").text()),
          name(execution.get("pipeline").text()),
          name(body.get("region").text()),
          name(body.get("account").text()),
          commit,
          null,
          null);
    }
    if ((VALIDATION_SCHEMA + "v1").equals(schema)) {
      return new ThreadClues(
          "validation-report",
          null,
          name(body.get("pipeline").text()),
          name(body.get("region").text()),
          name(body.get("account").text()),
          null,
          instant(body.get("detectedAt").text()),
          null);
    }
    if (CODEBUILD.equals(body.get("detail-type").text())
        && "aws.codebuild".equals(body.get("source").text())) {
      String initiator = body.path("detail", "additional-information", "initiator").text();
      if (initiator == null || !initiator.startsWith("codepipeline/")) {
        return null; // started by a person or another tool: not part of an execution
      }
      String arn = body.path("detail", "build-id").text();
      int at = arn == null ? -1 : arn.indexOf(":build/");
      String buildId = at < 0 ? null : arn.substring(at + ":build/".length());
      return new ThreadClues(
          "codebuild",
          null,
          name(initiator.substring("codepipeline/".length())),
          name(body.get("region").text()),
          name(body.get("account").text()),
          null,
          null,
          buildId != null && BUILD_ID.matcher(buildId).matches() ? buildId : null);
    }
    return null;
  }

  /** Whether the message names its execution, or says enough to look it up. */
  public boolean searchable() {
    return executionId != null || commit != null || at != null || buildId != null;
  }

  public ThreadClues withExecution(String foundPipeline, String foundExecutionId) {
    return new ThreadClues(
        kind, foundExecutionId, foundPipeline, region, account, commit, at, buildId);
  }

  /**
   * The first tag that is a commit id: {@code repo:3f9e2b7}, or the hex tail of {@code
   * repo:name-3f9e2b7}. Images pinned by digest have no tag to read.
   */
  static String commitTag(String image) {
    if (image == null || image.contains("@")) {
      return null;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon <= slash) {
      return null; // no tag (a registry port is before the last slash)
    }
    String tag = image.substring(colon + 1).toLowerCase(Locale.ROOT);
    String tail = tag.substring(tag.lastIndexOf('-') + 1);
    return COMMIT.matcher(tag).matches() ? tag : COMMIT.matcher(tail).matches() ? tail : null;
  }

  private static String id(String value) {
    return value != null && EXECUTION_ID.matcher(value).matches()
        ? value.toLowerCase(Locale.ROOT)
        : null;
  }

  private static String name(String value) {
    if (value == null) {
      return null;
    }
    String clean = Text.oneLine(value).strip();
    return PIPELINE.matcher(clean).matches() ? clean : null;
  }

  private static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
