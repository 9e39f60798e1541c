package dev.pipelineguard.validator.model;

import dev.pipelineguard.common.Redactor;
import dev.pipelineguard.common.Text;

/** Cleans text that came from outside (AWS error messages, artifact content, target reasons). */
public final class TextSanitizer {
  /** Longest single piece of outside text quoted in a message. */
  static final int MAX_QUOTE = 300;

  private TextSanitizer() {}

  /**
   * One line, no control or bidi characters, credentials redacted, at most {@link #MAX_QUOTE}
   * characters.
   */
  public static String clean(String text) {
    return clean(text, MAX_QUOTE);
  }

  public static String clean(String text, int max) {
    // redact after oneLine (a control character could split a key) and before truncating (a cut key escapes)
    return Text.truncate(Redactor.redact(Text.oneLine(text == null ? "" : text)), max);
  }

  /** A name from outside in quotes, cleaned and kept short. */
  public static String quote(String text) {
    return "'" + clean(text, 120) + "'";
  }
}
