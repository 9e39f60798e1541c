package dev.pipelineguard.notifier.blockkit;

import dev.pipelineguard.common.Text;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Untrusted text made safe for Slack. Every piece of event text (commit messages, author names,
 * ECS reasons, build output) passes through {@link #escape} before it reaches a message: control
 * characters are stripped, {@code &}, {@code <} and {@code >} become entities (in that order), so
 * {@code <!channel>}, {@code <@U123>}, {@code <#C123>} and {@code <https://evil|innocent>} arrive as
 * visible text, never as live mentions or disguised links.
 */
public final class SlackText {
  /** Invisible; placed after the {@code @} of {@code @here}-like words so no client links them. */
  static final char WORD_JOINER = '\u2060';
  private static final Pattern BROADCAST =
      Pattern.compile("@(channel|here|everyone)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");
  /** Longest entity we write: {@code &amp;}. */
  private static final int LONGEST_ENTITY = 5;
  private static final int MAX_URL = 1500;

  private SlackText() {}

  /**
   * Escapes {@code raw} for any Slack text field. With {@code multiline} false, newlines and tabs
   * become single spaces, so the text fits on one line.
   */
  public static String escape(String raw, boolean multiline) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String clean = multiline
        ? Text.stripControl(raw, true)
        : SPACES.matcher(Text.stripControl(raw, false)).replaceAll(" ").strip();
    StringBuilder out = new StringBuilder(clean.length() + 16);
    for (int i = 0; i < clean.length(); i++) {
      char c = clean.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        default:
          out.append(c);
      }
    }
    return defuseBroadcasts(out.toString());
  }

  /** {@link #escape} cut to at most {@code max} characters, ending in an ellipsis when cut. */
  public static String fit(String raw, int max, boolean multiline) {
    return cut(escape(raw, multiline), max);
  }

  /**
   * Cuts already escaped text to at most {@code max} UTF-16 units with an ellipsis, never inside a
   * surrogate pair, an entity ({@code &amp;}) or a link ({@code <url|label>}).
   */
  static String cut(String escaped, int max) {
    if (escaped == null) {
      return "";
    }
    if (escaped.length() <= max) {
      return escaped;
    }
    String cut = cutPlain(escaped, max);
    if (countFences(cut) % 2 == 1) {
      // close the code block the cut left open, so the rest of the message keeps its formatting
      String shorter = cutPlain(escaped, max - 3);
      return countFences(shorter) % 2 == 1 ? shorter + "```" : shorter;
    }
    return cut;
  }

  private static String cutPlain(String escaped, int max) {
    if (max <= 0) {
      return "";
    }
    int end = max - Text.ELLIPSIS.length();
    if (end <= 0) {
      return Text.ELLIPSIS.substring(0, max);
    }
    if (Character.isHighSurrogate(escaped.charAt(end - 1))) {
      end--;
    }
    int amp = escaped.lastIndexOf('&', end - 1);
    if (amp >= 0 && end - amp < LONGEST_ENTITY + 1 && escaped.indexOf(';', amp) >= end) {
      end = amp; // the entity would be split
    }
    int open = escaped.lastIndexOf('<', end - 1);
    if (open >= 0 && escaped.lastIndexOf('>', end - 1) < open) {
      end = open; // a link would be split
    }
    return escaped.substring(0, end) + Text.ELLIPSIS;
  }

  private static int countFences(String text) {
    int count = 0;
    for (int i = text.indexOf("```"); i >= 0; i = text.indexOf("```", i + 3)) {
      count++;
    }
    return count;
  }

  private static String defuseBroadcasts(String escaped) {
    Matcher m = BROADCAST.matcher(escaped);
    if (!m.find()) {
      return escaped;
    }
    StringBuilder out = new StringBuilder(escaped.length() + 4);
    int last = 0;
    do {
      out.append(escaped, last, m.start() + 1).append(WORD_JOINER);
      last = m.start() + 1;
    } while (m.find());
    return out.append(escaped, last, escaped.length()).toString();
  }

  /**
   * Whether {@code url} may become a link target: an absolute {@code https://} URL with a host,
   * no whitespace or control characters, of reasonable length.
   */
  public static boolean isSafeUrl(String url) {
    if (url == null || url.isEmpty() || url.length() > MAX_URL) {
      return false;
    }
    if (!url.toLowerCase(Locale.ROOT).startsWith("https://")) {
      return false;
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= ' ' || c == 0x7f || Character.isSpaceChar(c) || Character.isISOControl(c)
          || Character.isSurrogate(c) || c == '<' || c == '>' || c == '|' || c == '"') {
        return false;
      }
    }
    try {
      URI uri = new URI(url);
      return uri.getHost() != null && !uri.getHost().isEmpty() && uri.getUserInfo() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** A safe URL as it goes inside {@code <url|label>}: only {@code &} needs an entity. */
  static String linkTarget(String safeUrl) {
    return safeUrl.replace("&", "&amp;");
  }
}
