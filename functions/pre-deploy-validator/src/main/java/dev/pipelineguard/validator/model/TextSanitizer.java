package dev.pipelineguard.validator.model;

import dev.pipelineguard.common.OutsideText;

/**
 * Outside text (AWS error messages, artifact content, target reasons) as the validator's messages
 * quote it: the common {@link OutsideText}, with null as "" and a quoted form for names.
 */
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

  /** {@link OutsideText#quote(String, int)}; null is "". */
  public static String clean(String text, int max) {
    return OutsideText.quote(text == null ? "" : text, max);
  }

  /** A name from outside in quotes, cleaned and kept short. */
  public static String quote(String text) {
    return "'" + clean(text, 120) + "'";
  }
}
