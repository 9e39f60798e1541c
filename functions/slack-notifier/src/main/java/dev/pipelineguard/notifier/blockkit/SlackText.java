package dev.pipelineguard.notifier.blockkit;

import dev.pipelineguard.common.Redactor;
import dev.pipelineguard.common.Text;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Untrusted text made safe for Slack. Every piece of event text (commit messages, author names, ECS
 * reasons, build output) passes through {@link #escape} before it reaches a message: control
 * characters are stripped, {@code &}, {@code <} and {@code >} become entities (in that order), so
 * {@code <!channel>}, {@code <@U123>}, {@code <#C123>} and {@code <https://evil|innocent>} arrive
 * as visible text, never as live mentions or disguised links.
 *
 * <p>Invisible characters go first ({@link #visible}): zero-width and other format characters,
 * bidirectional controls and variation selectors disappear, and line or paragraph separators become
 * newlines (spaces on one line), so nothing hidden can sit inside a word. Then the common {@link
 * Redactor} replaces whatever is shaped like a credential ({@link #clean}): this class is where
 * every outside string enters a message, so nothing reaches Slack unredacted. A code fence ({@code
 * ```}) the text cannot close is made inert, so event text never opens a code block that swallows
 * the markup after it.
 */
public final class SlackText {
  /** Invisible; placed after the {@code @} of {@code @here}-like words so no client links them. */
  static final char WORD_JOINER = '\u2060';

  private static final Pattern BROADCAST =
      Pattern.compile("@(channel|here|everyone)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");

  /** Looks like a backtick but opens and closes nothing in mrkdwn. */
  static final char INERT_BACKTICK = '\u02CB';

  /** Longest entity we write: {@code &amp;}. */
  private static final int LONGEST_ENTITY = 5;

  private static final int MAX_URL = 1500;
  private static final int MAX_DECODINGS = 3;
  private static final Pattern URL_PARTS = Pattern.compile("[/?&#]");

  private SlackText() {}

  /**
   * Escapes {@code raw} for any Slack text field. With {@code multiline} false, newlines, tabs and
   * line separators become single spaces, so the text fits on one line.
   */
  public static String escape(String raw, boolean multiline) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String clean = clean(raw, multiline);
    if (!multiline) {
      clean = SPACES.matcher(clean).replaceAll(" ").strip();
    }
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
    return defuseBroadcasts(balanceFences(out.toString()));
  }

  /**
   * Outside text as it may enter a message, before escaping: {@link #visible}, then {@link
   * Redactor#redact} (in that order, so a zero-width character cannot hide a credential). For text
   * that is cut or split before it is escaped; {@link #escape} does this itself.
   */
  public static String clean(String raw, boolean multiline) {
    return Redactor.redact(visible(raw, multiline));
  }

  /**
   * {@code raw} without what a reader cannot see: control characters (newlines and tabs kept when
   * {@code multiline}, else spaces), lone surrogates, format characters (zero-width space and
   * joiners U+200B..U+200D, word joiner U+2060, byte order mark U+FEFF, soft hyphen, bidirectional
   * controls, tag characters), variation selectors, the combining grapheme joiner and Hangul
   * fillers. Line and paragraph separators (U+2028, U+2029, NEL, vertical tab, form feed) and a
   * lone carriage return are line breaks: a newline, or a space on one line.
   */
  public static String visible(String raw, boolean multiline) {
    if (raw == null) {
      return "";
    }
    StringBuilder out = null;
    int n = raw.length();
    for (int i = 0; i < n; ) {
      int cp = raw.codePointAt(i);
      int width = Character.charCount(cp);
      String replacement = replacement(cp, raw, i, multiline);
      if (replacement != null && out == null) {
        out = new StringBuilder(n).append(raw, 0, i);
      }
      if (out != null) {
        if (replacement == null) {
          out.appendCodePoint(cp);
        } else {
          out.append(replacement);
        }
      }
      i += width;
    }
    return out == null ? raw : out.toString();
  }

  /** What stands for {@code cp} at {@code i}: null to keep it, "" to drop it. */
  private static String replacement(int cp, String raw, int i, boolean multiline) {
    if (cp >= 0x20 && cp < 0x7f) {
      return null; // printable ASCII: the common case
    }
    switch (cp) {
      case '\n':
        return multiline ? null : " ";
      case '\t':
        return multiline ? null : " ";
      case '\r':
        boolean crlf = i + 1 < raw.length() && raw.charAt(i + 1) == '\n';
        return crlf ? "" : multiline ? "\n" : " ";
      case 0x0B:
      case 0x0C:
      case 0x85:
      case 0x2028:
      case 0x2029:
        return multiline ? "\n" : " ";
      default:
        break;
    }
    if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
      return ""; // lone: codePointAt returned the unit itself
    }
    return Character.isISOControl(cp) || isInvisible(cp) ? "" : null;
  }

  /** Takes no space and shows nothing, or changes how the text around it shows. */
  static boolean isInvisible(int cp) {
    return Character.getType(cp)
            == Character
                .FORMAT // U+200B..U+200F, U+202A..U+202E, U+2060..U+206F, U+FEFF, U+00AD, tags
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || (cp >= 0xE0100 && cp <= 0xE01EF) // variation selectors
        || (cp >= 0x180B && cp <= 0x180F) // Mongolian free variation selectors and vowel separator
        || cp == 0x034F
        || cp == 0x115F
        || cp == 0x1160
        || cp == 0x3164
        || cp == 0xFFA0; // CGJ, Hangul fillers
  }

  /**
   * Slack pairs code fences from the left; a fence left without a partner would open a code block
   * that runs over the markup after this text. So when the count is odd, the last fence is written
   * with look-alike backticks that open nothing: it stays readable, and the pairs before it still
   * show as code.
   */
  static String balanceFences(String text) {
    if (text.indexOf("```") < 0) {
      return text;
    }
    int count = 0;
    int last = -1;
    int lastEnd = -1;
    for (int i = 0; i < text.length(); ) {
      if (text.charAt(i) != '`') {
        i++;
        continue;
      }
      int end = i;
      while (end < text.length() && text.charAt(end) == '`') {
        end++;
      }
      if (end - i >= 3) {
        count++;
        last = i;
        lastEnd = end;
      }
      i = end;
    }
    if (count % 2 == 0) {
      return text;
    }
    return text.substring(0, last)
        + String.valueOf(INERT_BACKTICK).repeat(lastEnd - last)
        + text.substring(lastEnd);
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

  /** Runs of three or more backticks: what Slack reads as a code fence. */
  private static int countFences(String text) {
    int count = 0;
    for (int i = text.indexOf("```"); i >= 0; ) {
      count++;
      int end = i;
      while (end < text.length() && text.charAt(end) == '`') {
        end++;
      }
      i = text.indexOf("```", end);
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
   * Whether {@code url} may become a link target: an absolute {@code https://} URL with a host, no
   * whitespace or control characters, of reasonable length, and nothing in it the {@link Redactor}
   * would remove (a webhook URL, a token in the query), as written or decoded.
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
      if (c <= ' '
          || c == 0x7f
          || Character.isSpaceChar(c)
          || Character.isISOControl(c)
          || Character.isSurrogate(c)
          || c == '<'
          || c == '>'
          || c == '|'
          || c == '"') {
        return false;
      }
    }
    try {
      URI uri = new URI(url);
      return uri.getHost() != null
          && !uri.getHost().isEmpty()
          && uri.getUserInfo() == null
          && nothingToRedact(url);
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return false; // not a URI, or a malformed %-escape
    }
  }

  /**
   * Whole and part by part (a path segment or query parameter is one name, whose context the rest
   * of the URL would hide), each as written and decoded as often as it is encoded (console links
   * encode names twice: {@code %253D}), without invisible characters: a credential in a link may
   * read {@code %20AKIA...}, {@code AK%E2%80%8BIA...} or {@code /--password%20x/}.
   */
  private static boolean nothingToRedact(String url) {
    if (!nothingToRedactDecoded(url)) {
      return false;
    }
    for (String part : URL_PARTS.split(url)) {
      if (!nothingToRedactDecoded(part)) {
        return false;
      }
    }
    return true;
  }

  private static boolean nothingToRedactDecoded(String encoded) {
    String text = encoded;
    for (int decodings = 0; decodings <= MAX_DECODINGS; decodings++) {
      String shown = visible(text, false);
      if (!Redactor.redact(shown).equals(shown)) {
        return false;
      }
      String decoded = Text.urlDecode(text);
      if (decoded.equals(text)) {
        return true;
      }
      text = decoded;
    }
    return false; // encoded more often than any link we make
  }

  /** A safe URL as it goes inside {@code <url|label>}: only {@code &} needs an entity. */
  static String linkTarget(String safeUrl) {
    return safeUrl.replace("&", "&amp;");
  }
}
