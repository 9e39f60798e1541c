package dev.pipelineguard.watcher.evidence;

import dev.pipelineguard.common.Redactor;
import dev.pipelineguard.common.Text;

/**
 * How text the watcher did not write (ECS answers, events, task definitions, AWS error codes) is
 * quoted in anything that leaves the function: the report, its subject, log lines, outcomes and
 * exception messages. Each outside string is quoted on its own where it is put into our text, never
 * the composed result: the {@link Redactor} reads keys and values, and our own wording around a
 * quote would only blur them. Decisions (the classifier, the ECS calls) read the raw text.
 */
public final class OutsideText {
  private OutsideText() {}

  /**
   * One line, invisible characters removed (before redacting, so a zero-width space cannot split a
   * secret), credentials replaced by {@code [redacted <kind>]}; null stays null.
   */
  public static String quote(String text) {
    return text == null ? null : Redactor.redact(Text.oneLine(Text.stripInvisible(text)));
  }

  /** {@link #quote(String)}, cut to {@code max} characters after redacting, so a cut cannot expose part of a secret. */
  public static String quote(String text, int max) {
    return text == null ? null : Text.truncate(quote(text), max);
  }

  /** An exception's message as a log line or outcome may show it: ours pass unchanged, anything else is outside text. */
  public static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : quote(e.getMessage());
  }

  /**
   * A secret's {@code valueFrom} as a report may name it: an ARN or a {@code /}-path, quoted;
   * anything else only by its length, since a literal there may be the secret itself, pasted by mistake.
   */
  public static String secretSource(String valueFrom) {
    if (valueFrom == null) {
      return null;
    }
    String v = valueFrom.strip();
    if (v.startsWith("arn:") || v.startsWith("/")) {
      return quote(v);
    }
    return "a valueFrom of " + v.length() + " characters that is neither an ARN nor a parameter path (not quoted)";
  }
}
