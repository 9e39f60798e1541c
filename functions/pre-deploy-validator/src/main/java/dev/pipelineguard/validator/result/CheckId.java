package dev.pipelineguard.validator.result;

/** The validator's checks, in the order they are reported. */
public enum CheckId {
  ARTIFACT("artifact"),
  IMAGE("image"),
  SECRETS("secrets"),
  PLAINTEXT_SECRETS("plaintext-secrets"),
  HEALTH("health");

  private final String id;

  CheckId(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
