package dev.pipelineguard.validator;

/** Finds one file in a pipeline artifact (a zip in S3), read with the job's credentials. */
public interface ArtifactReader {
  ArtifactFile find(JobEvent.InputArtifact artifact, ArtifactCredentials credentials, String fileName);
}
