package dev.pipelineguard.watcher.evidence;

/** Task definition ARN helpers. Pure. */
public final class TaskDefinitions {
  private TaskDefinitions() {}

  /** {@code arn:aws:ecs:r:a:task-definition/web:42} -> {@code web:42}; anything else unchanged. */
  public static String shortName(String arnOrName) {
    if (arnOrName == null) {
      return null;
    }
    int slash = arnOrName.lastIndexOf('/');
    return slash < 0 ? arnOrName : arnOrName.substring(slash + 1);
  }

  /** The family of {@code web:42} or of its ARN. */
  public static String family(String arnOrName) {
    String shortName = shortName(arnOrName);
    if (shortName == null) {
      return null;
    }
    int colon = shortName.lastIndexOf(':');
    return colon < 0 ? shortName : shortName.substring(0, colon);
  }

  /** The revision of {@code web:42} or of its ARN, or null. */
  public static Integer revision(String arnOrName) {
    String shortName = shortName(arnOrName);
    if (shortName == null) {
      return null;
    }
    int colon = shortName.lastIndexOf(':');
    if (colon < 0) {
      return null;
    }
    try {
      return Integer.valueOf(shortName.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
