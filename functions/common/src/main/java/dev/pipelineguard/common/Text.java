package dev.pipelineguard.common;

import java.nio.charset.StandardCharsets;

/** Length limits and clean-up for text that crosses into AWS or Slack. Pure functions. */
public final class Text {
  public static final String ELLIPSIS = "…";

  private Text() {}

  /**
   * At most {@code maxChars} UTF-16 units (the unit AWS and Slack limits count in), cut on a code
   * point boundary and ending in an ellipsis when cut.
   */
  public static String truncate(String text, int maxChars) {
    if (text == null) {
      return "";
    }
    if (text.length() <= maxChars) {
      return text;
    }
    if (maxChars <= 0) {
      return "";
    }
    int end = maxChars - ELLIPSIS.length();
    if (end <= 0) {
      return ELLIPSIS.substring(0, maxChars);
    }
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  public static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * Removes control characters (keeping newline and tab when {@code keepNewlines}), lone surrogates
   * and bidirectional overrides that could disguise text.
   */
  public static String stripControl(String text, boolean keepNewlines) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          out.append(c).append(text.charAt(++i));
        }
        continue;
      }
      if (Character.isLowSurrogate(c)) {
        continue;
      }
      if (c == '\n' || c == '\t') {
        out.append(keepNewlines ? c : ' ');
      } else if (c == '\r') {
        if (!keepNewlines) {
          out.append(' ');
        }
      } else if (!Character.isISOControl(c)
          && !isBidiControl(c)) { // control characters are dropped
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Removes what is invisible yet splits words: format characters (Unicode category Cf: zero-width
   * space and joiners, U+FEFF, soft hyphen, bidirectional marks) and the line and paragraph
   * separators U+2028 and U+2029, which {@link #stripControl} keeps. Run it before reading words
   * (the {@link Redactor}): a secret with a zero-width space inside reads as one word on screen but
   * as two to a pattern. Text without any comes back as the same string.
   */
  public static String stripInvisible(String text) {
    if (text == null) {
      return "";
    }
    int i = 0;
    while (i < text.length() && !isInvisible(text.codePointAt(i))) {
      i += Character.charCount(text.codePointAt(i));
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length()).append(text, 0, i);
    while (i < text.length()) {
      int c = text.codePointAt(i);
      if (!isInvisible(c)) {
        out.appendCodePoint(c);
      }
      i += Character.charCount(c);
    }
    return out.toString();
  }

  private static boolean isInvisible(int c) {
    return Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029';
  }

  /** One line: control characters and newlines become spaces, runs of spaces collapse. */
  public static String oneLine(String text) {
    return stripControl(text, false).replaceAll(" {2,}", " ").strip();
  }

  private static boolean isBidiControl(char c) {
    return (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200E'
        || c == '\u200F';
  }

  /**
   * {@code text} with its %-escapes decoded as UTF-8 (and {@code +} as a space, as in a query), to
   * read a URL as a person would.
   *
   * @throws IllegalArgumentException when an escape is malformed
   */
  public static String urlDecode(String text) {
    return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** The first {@code n} characters of a commit id or other identifier. */
  public static String shortId(String id, int n) {
    if (id == null) {
      return "";
    }
    return id.length() <= n ? id : id.substring(0, n);
  }
}
