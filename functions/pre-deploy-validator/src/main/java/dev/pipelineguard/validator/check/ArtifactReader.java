package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.job.ArtifactCredentials;
import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.model.ArtifactFile;

/**
 * Finds one file in a pipeline artifact (a zip in S3), read with the job's credentials. The read
 * stops at {@code deadline}: it then fails as {@link AwsCallException.Kind#UNAVAILABLE}.
 */
public interface ArtifactReader {
  ArtifactFile find(
      JobEvent.InputArtifact artifact,
      ArtifactCredentials credentials,
      String fileName,
      Deadline deadline);
}
