package dev.pipelineguard.validator.model;

import java.time.Instant;
import java.util.List;

/**
 * What reading a secret proved, without its value: whether it could be read and, for a JSON object,
 * its top-level key names (names only, for checking {@code json-key} references).
 *
 * @param jsonKeys the top-level keys when the value is a JSON object, else {@code null}
 * @param deletionDate when a secret scheduled for deletion will be deleted
 * @param versionStages the staging labels that exist, when a requested version is missing
 */
public record SecretShape(
    State state,
    boolean binary,
    List<String> jsonKeys,
    Instant deletionDate,
    List<String> versionStages) {

  /** What the store said. */
  public enum State {
    READABLE,
    NOT_FOUND,
    SCHEDULED_FOR_DELETION,
    VERSION_NOT_FOUND
  }

  public SecretShape {
    jsonKeys = jsonKeys == null ? null : List.copyOf(jsonKeys);
    versionStages = List.copyOf(versionStages);
  }

  public static SecretShape readable(boolean binary, List<String> jsonKeys) {
    return new SecretShape(State.READABLE, binary, jsonKeys, null, List.of());
  }

  public static SecretShape notFound() {
    return new SecretShape(State.NOT_FOUND, false, null, null, List.of());
  }

  public static SecretShape scheduledForDeletion(Instant when) {
    return new SecretShape(State.SCHEDULED_FOR_DELETION, false, null, when, List.of());
  }

  public static SecretShape versionNotFound(List<String> stages) {
    return new SecretShape(State.VERSION_NOT_FOUND, false, null, null, stages);
  }
}
