package dev.pipelineguard.watcher.diagnosis;

/**
 * What one stopped-task reason means.
 *
 * @param cause the cause, or {@code null} when {@code benign}
 * @param title a short title (the cause's default or a more specific one)
 * @param hint one line of remediation
 * @param detail what the text says beyond the cause (which secret, which exit code), or {@code
 *     null}
 * @param benign a normal stop (a deployment replacing a task, a user stop): never a failure
 */
public record Classification(
    Cause cause, String title, String hint, String detail, boolean benign) {

  static Classification of(Cause cause) {
    return new Classification(cause, cause.title(), cause.hint(), null, false);
  }

  static Classification benign(String why) {
    return new Classification(null, why, null, null, true);
  }

  Classification titled(String newTitle) {
    return new Classification(cause, newTitle, hint, detail, benign);
  }

  Classification hinted(String newHint) {
    return new Classification(cause, title, newHint, detail, benign);
  }

  Classification detailed(String newDetail) {
    return new Classification(cause, title, hint, newDetail, benign);
  }

  /** A failure whose cause is known (not {@link Cause#UNKNOWN}, not benign). */
  boolean isSpecific() {
    return !benign && cause != Cause.UNKNOWN;
  }
}
