package dev.pipelineguard.notifier.blockkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of Slack {@code mrkdwn} that is safe to send. The only ways to make one escape untrusted
 * text ({@link #text}, {@link #line}, {@link #code}, ...) or take a string literal written in this
 * code base ({@link #markup}), so event text can never reach a message unescaped.
 */
public final class Mrkdwn {
  public static final Mrkdwn EMPTY = new Mrkdwn("");
  private static final char CODE_SAFE_BACKTICK =
      SlackText.INERT_BACKTICK; // cannot close a code span

  private final String value;

  private Mrkdwn(String value) {
    this.value = value;
  }

  /** Markup written in this code base (emoji codes, {@code *} for bold). Never pass event text. */
  public static Mrkdwn markup(String literal) {
    return new Mrkdwn(literal == null ? "" : literal);
  }

  /** Untrusted multi-line text, escaped. */
  public static Mrkdwn text(String raw) {
    return new Mrkdwn(SlackText.escape(raw, true));
  }

  /** Untrusted multi-line text, escaped and cut to {@code max} characters. */
  public static Mrkdwn text(String raw, int max) {
    return new Mrkdwn(SlackText.fit(raw, max, true));
  }

  /** Untrusted text on one line (newlines become spaces), escaped. */
  public static Mrkdwn line(String raw) {
    return new Mrkdwn(SlackText.escape(raw, false));
  }

  /** Untrusted text on one line, escaped and cut to {@code max} characters. */
  public static Mrkdwn line(String raw, int max) {
    return new Mrkdwn(SlackText.fit(raw, max, false));
  }

  /** Untrusted one-line text in bold. */
  public static Mrkdwn bold(String raw, int max) {
    String inner = SlackText.fit(raw, max, false).replace('*', '\u2217');
    return inner.isEmpty() ? EMPTY : new Mrkdwn("*" + inner + "*");
  }

  /** Untrusted one-line text as inline code. */
  public static Mrkdwn code(String raw, int max) {
    if (raw == null || raw.isBlank()) {
      return EMPTY;
    }
    String inner = SlackText.fit(raw.replace('`', CODE_SAFE_BACKTICK), max, false);
    return inner.isEmpty() ? EMPTY : new Mrkdwn("`" + inner + "`");
  }

  /** Untrusted multi-line text as a code block of at most {@code max} characters in all. */
  public static Mrkdwn codeBlock(String raw, int max) {
    if (raw == null || raw.isBlank() || max <= 6) {
      return EMPTY;
    }
    String inner = SlackText.fit(raw.replace('`', CODE_SAFE_BACKTICK).strip(), max - 6, true);
    return inner.isBlank() ? EMPTY : new Mrkdwn("```" + inner + "```");
  }

  /**
   * Untrusted text as a block quote of at most {@code maxLines} lines and {@code max} characters.
   */
  public static Mrkdwn quote(String raw, int maxLines, int max) {
    if (raw == null || raw.isBlank()) {
      return EMPTY;
    }
    // cleaned whole, so a credential that spans lines (a PEM key) is redacted before the split
    String[] lines = SlackText.clean(raw, true).strip().split("\n");
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (String line : lines) {
      if (shown == maxLines) {
        out.append("\n> …");
        break;
      }
      String escaped = SlackText.escape(line, false);
      if (escaped.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append("> ").append(escaped);
      shown++;
    }
    return new Mrkdwn(SlackText.cut(out.toString(), max));
  }

  /**
   * A link when {@code url} is a safe {@code https://} URL, else just the escaped label: a label is
   * always visible, so a link can never pretend to be something else.
   */
  public static Mrkdwn link(String url, String rawLabel) {
    String label = SlackText.fit(rawLabel, 200, false).replace("|", "\u2223");
    if (label.isEmpty()) {
      label = "link";
    }
    if (!SlackText.isSafeUrl(url)) {
      return new Mrkdwn(label);
    }
    return new Mrkdwn("<" + SlackText.linkTarget(url) + "|" + label + ">");
  }

  /** A link when {@code url} is safe, else nothing (for links whose label means nothing alone). */
  public static Mrkdwn linkIfSafe(String url, String rawLabel) {
    return SlackText.isSafeUrl(url) ? link(url, rawLabel) : EMPTY;
  }

  /** A link whose label is markup of this code base, e.g. inline code. */
  public static Mrkdwn link(String url, Mrkdwn label) {
    if (label.isEmpty()) {
      return EMPTY;
    }
    if (!SlackText.isSafeUrl(url)) {
      return label;
    }
    return new Mrkdwn(
        "<" + SlackText.linkTarget(url) + "|" + label.value.replace("|", "\u2223") + ">");
  }

  /** The non-empty parts joined by {@code separator} markup. */
  public static Mrkdwn join(String separator, List<Mrkdwn> parts) {
    List<String> kept = new ArrayList<>();
    for (Mrkdwn part : parts) {
      if (part != null && !part.isEmpty()) {
        kept.add(part.value);
      }
    }
    return new Mrkdwn(String.join(separator, kept));
  }

  public static Mrkdwn join(String separator, Mrkdwn... parts) {
    return join(separator, java.util.Arrays.asList(parts));
  }

  /** This followed by {@code other}. */
  public Mrkdwn then(Mrkdwn other) {
    return new Mrkdwn(value + other.value);
  }

  /** This followed by markup of this code base. */
  public Mrkdwn then(String literal) {
    return new Mrkdwn(value + literal);
  }

  /** Cut to {@code max} characters on a safe boundary. */
  public Mrkdwn cut(int max) {
    return value.length() <= max ? this : new Mrkdwn(SlackText.cut(value, max));
  }

  public boolean isEmpty() {
    return value.isBlank();
  }

  public int length() {
    return value.length();
  }

  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Mrkdwn && ((Mrkdwn) other).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
