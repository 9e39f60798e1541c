package dev.pipelineguard.validator.job;

/**
 * The job's temporary credentials for its artifact bucket. Live credentials: never logged, never
 * put in a message; {@link #toString()} says so.
 */
public final class ArtifactCredentials {
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;

  public ArtifactCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
  }

  public String accessKeyId() {
    return accessKeyId;
  }

  public String secretAccessKey() {
    return secretAccessKey;
  }

  public String sessionToken() {
    return sessionToken;
  }

  public boolean complete() {
    return present(accessKeyId) && present(secretAccessKey) && present(sessionToken);
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  @Override
  public String toString() {
    return "ArtifactCredentials[redacted]";
  }
}
