package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.util.regex.Pattern;

/**
 * How a secret reference appears in a message, a log line or a report. A task definition's {@code
 * valueFrom} is sometimes the secret itself, pasted where its name belongs (ECS then reads it as an
 * SSM parameter name). ARNs and {@code /}-paths name a secret and are quoted; a plain parameter
 * name is quoted only when it reads like one: two or more words of letters (each optionally
 * followed by digits) or of digits, joined by {@code -}, {@code _}, {@code .} or {@code /}, that no
 * plain-text secret rule takes for a credential. Anything else is described by its length and what
 * it looks like, never quoted, not even in part.
 *
 * @param quoted the reference as written, cleaned; null when it is not shown
 * @param looks for a reference not shown: what it looks like, e.g. "looks like an AWS access key
 *     id"
 * @param value for a reference not shown: whether it surely is a value rather than a name
 */
record ShownReference(String quoted, int length, String looks, boolean value) {
  private static final Pattern NAME_WORD = Pattern.compile("[A-Za-z]+[0-9]*|[0-9]+");
  private static final Pattern SEPARATORS = Pattern.compile("[-_./]");
  private static final String VALUE_FIX =
      "put the value in Secrets Manager, set valueFrom to the secret's ARN and "
          + "rotate the value (the task definition shows it to anyone allowed to describe it)";

  /**
   * How {@code ref} is shown: quoted unless it is a plain parameter name that does not read like
   * one.
   */
  static ShownReference of(SecretReference ref) {
    String text = ref.text();
    if (!ref.isPlainParameterName()) {
      return new ShownReference(TextSanitizer.clean(text, 400), text.length(), null, false);
    }
    String why = PlaintextSecretRules.why(null, text);
    if (why != null) {
      return new ShownReference(
          null, text.length(), "is not an ARN and " + why.replaceFirst("^the value ", ""), true);
    }
    if (!readsLikeAName(text)) {
      return new ShownReference(
          null, text.length(), "is not an ARN and does not read like a parameter name", false);
    }
    return new ShownReference(TextSanitizer.clean(text, 400), text.length(), null, false);
  }

  /** A {@code valueFrom} that is not a reference at all and not meant as an ARN or a path. */
  static ShownReference unparsable(String text) {
    return new ShownReference(
        null,
        text == null ? 0 : text.length(),
        "is neither an ARN nor a valid parameter name: it looks like a value pasted in",
        true);
  }

  /** Text meant as an ARN or a parameter path: quoted even when malformed, it names a secret. */
  static boolean meantAsArnOrPath(String text) {
    return text != null && (text.startsWith("arn:") || text.startsWith("/"));
  }

  static boolean readsLikeAName(String text) {
    String[] words = SEPARATORS.split(text, -1);
    if (words.length < 2) {
      return false;
    }
    for (String word : words) {
      if (!NAME_WORD.matcher(word).matches()) {
        return false;
      }
    }
    return true;
  }

  boolean shown() {
    return quoted != null;
  }

  /** How a detail line names the reference: the reference itself, or its length. */
  String label() {
    return shown() ? quoted : "its valueFrom (" + length + " characters, not shown)";
  }

  /**
   * The detail line for a reference not shown: where it is used, its length and what it looks like,
   * what reading it found, and the fix for a value pasted in (and for a name, when it may be one).
   *
   * @param outcome what reading it found, e.g. "no SSM parameter has that name", or null
   * @param nameFix the fix should it be a parameter name after all, e.g. "create the parameter"
   */
  String hiddenLine(String where, String outcome, String nameFix) {
    String fix =
        value || nameFix == null
            ? VALUE_FIX
            : "if it is the secret itself, "
                + VALUE_FIX
                + "; if it is a parameter name, "
                + nameFix;
    return where
        + ": "
        + label()
        + " "
        + looks
        + (outcome == null ? "" : ", and " + outcome)
        + " -> "
        + fix;
  }
}
