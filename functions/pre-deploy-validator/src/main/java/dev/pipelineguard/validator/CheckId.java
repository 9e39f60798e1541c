package dev.pipelineguard.validator;

import java.util.Optional;

/** The validator's checks, in the order they are reported. The ids travel in continuation tokens. */
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

  public static Optional<CheckId> of(String id) {
    for (CheckId check : values()) {
      if (check.id.equals(id)) {
        return Optional.of(check);
      }
    }
    return Optional.empty();
  }
}
