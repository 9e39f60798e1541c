package dev.pipelineguard.common;

/**
 * How text a function did not write (AWS answers and error texts, events, task definitions,
 * artifacts) is quoted in anything that leaves it: reports, subjects, CodePipeline messages, log
 * lines, exception messages. Quote each outside string on its own where it is put into our text,
 * never the composed result: the {@link Redactor} reads keys and values, and our own wording around
 * a quote would only blur them. Decisions read the raw text. (Slack's mrkdwn has its own escaping
 * on top: the notifier's {@code Mrkdwn}.)
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

  /**
   * {@link #quote(String)}, cut to {@code max} characters after redacting, so a cut cannot expose
   * part of a secret.
   */
  public static String quote(String text, int max) {
    return text == null ? null : Text.truncate(quote(text), max);
  }

  /**
   * An exception's message as a log line or outcome may show it: quoted; its class when it has
   * none.
   */
  public static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : quote(e.getMessage());
  }
}
