package dev.pipelineguard.validator.model;

import dev.pipelineguard.common.Text;
import java.util.regex.Pattern;

/** Cleans text that came from outside (AWS error messages, artifact content, target reasons). */
public final class TextSanitizer {
  /** Longest single piece of outside text quoted in a message. */
  static final int MAX_QUOTE = 300;
  /** Access key ids never reach a message, whatever text they hide in. */
  private static final Pattern ACCESS_KEY_ID = Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])");

  private TextSanitizer() {}

  /** One line, no control or bidi characters, at most {@link #MAX_QUOTE} characters. */
  public static String clean(String text) {
    return clean(text, MAX_QUOTE);
  }

  public static String clean(String text, int max) {
    String oneLine = Text.oneLine(text == null ? "" : text);
    return Text.truncate(ACCESS_KEY_ID.matcher(oneLine).replaceAll("<access key id>"), max);
  }

  /** A name from outside in quotes, cleaned and kept short. */
  public static String quote(String text) {
    return "'" + clean(text, 120) + "'";
  }
}
