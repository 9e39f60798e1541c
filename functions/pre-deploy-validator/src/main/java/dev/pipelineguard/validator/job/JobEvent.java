package dev.pipelineguard.validator.job;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a CodePipeline job event ({@code {"CodePipeline.job": {...}}}) the validator uses.
 * aws-lambda-java-events has no class for it, so it is read field by field, ignoring what AWS adds.
 *
 * @param userParameters the action's {@code UserParameters} string, or {@code null}
 * @param continuationToken set on a continuation invocation, else {@code null}
 * @param credentials the job's temporary artifact credentials, or {@code null}
 */
public record JobEvent(
    String jobId,
    String accountId,
    String userParameters,
    List<InputArtifact> inputArtifacts,
    ArtifactCredentials credentials,
    String continuationToken) {

  public JobEvent {
    inputArtifacts = List.copyOf(inputArtifacts);
  }

  /** An input artifact's S3 location. */
  public record InputArtifact(String name, String bucket, String key) {}

  /**
   * Parses a raw payload. Throws {@link UnreportableJobException} only when there is no job id to
   * report on; anything else missing becomes a reported problem later.
   */
  public static JobEvent parse(byte[] payload) {
    Json root;
    try {
      root = Json.parse(payload);
    } catch (JsonException e) {
      throw new UnreportableJobException("the event is not JSON (" + e.getMessage() + ")");
    }
    Json job = root.get("CodePipeline.job");
    if (!job.isObject()) {
      throw new UnreportableJobException(
          "the event has no \"CodePipeline.job\" object: "
              + "is this function invoked by a CodePipeline Invoke action?");
    }
    String jobId = job.get("id").text();
    if (jobId == null || jobId.isBlank()) {
      throw new UnreportableJobException("the CodePipeline job has no id");
    }
    Json data = job.get("data");
    List<InputArtifact> artifacts = new ArrayList<>();
    for (Json artifact : data.get("inputArtifacts").elements()) {
      Json s3 = artifact.path("location", "s3Location");
      artifacts.add(
          new InputArtifact(
              artifact.get("name").text(),
              s3.get("bucketName").text(),
              s3.get("objectKey").text()));
    }
    Json creds = data.get("artifactCredentials");
    ArtifactCredentials credentials =
        creds.isObject()
            ? new ArtifactCredentials(
                creds.get("accessKeyId").text(),
                creds.get("secretAccessKey").text(),
                creds.get("sessionToken").text())
            : null;
    String token = data.get("continuationToken").text();
    return new JobEvent(
        jobId.strip(),
        job.get("accountId").text(),
        data.path("actionConfiguration", "configuration", "UserParameters").text(),
        artifacts,
        credentials,
        token == null || token.isEmpty() ? null : token);
  }

  public boolean isContinuation() {
    return continuationToken != null;
  }

  @Override
  public String toString() {
    // Never the credentials, and not the parameters either: this may end up in a log line.
    return "JobEvent[jobId="
        + jobId
        + ", inputArtifacts="
        + inputArtifacts.size()
        + ", continuation="
        + isContinuation()
        + "]";
  }
}
