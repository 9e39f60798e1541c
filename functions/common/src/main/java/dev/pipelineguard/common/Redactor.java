package dev.pipelineguard.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redactor for outward text (SNS reports, Slack messages, CodePipeline messages, logs):
 * credential-shaped pieces become {@code [redacted <kind>]}, everything else is left as it was.
 * Pure and thread-safe. Text without a trigger word costs one scan and comes back as the same
 * string; docs/security.md ("Redaction") lists what is caught and what is deliberately left.
 *
 * <p>The work is linear in the text's length, whatever the text (RedactorWorkTest counts the
 * characters read): every rule is one pass; no pattern nests quantifiers; runs are consumed
 * possessively ({@code ++}, {@code *+}) or bounded ({@code {0,256}}); a pattern whose match could
 * fail after a long run starts only at a token boundary (a look-behind), so no run is rescanned
 * from each of its positions; keys and 40-character runs are found by plain loops, and only a value
 * of at most {@value #RESCAN} characters is ever read twice.
 */
public final class Redactor {
  /** What was removed; its label appears in the marker. */
  public enum Kind {
    PRIVATE_KEY("private-key"),
    JWT("jwt"),
    SLACK_WEBHOOK("slack-webhook"),
    AWS_SESSION_TOKEN("aws-session-token"),
    GITHUB_TOKEN("github-token"),
    SLACK_TOKEN("slack-token"),
    PASSWORD("password"),
    AWS_ACCESS_KEY_ID("aws-access-key-id"),
    AUTHORIZATION("authorization"),
    SECRET("secret"),
    AWS_SECRET_ACCESS_KEY("aws-secret-access-key");

    private final String label;
    private final String marker;

    Kind(String label) {
      this.label = label;
      this.marker = MARKER_PREFIX + label + "]";
    }

    /**
     * {@code [redacted <label>]}: square brackets, lower-case letters and hyphens, so it is inert
     * in Slack mrkdwn (no {@code <>}, {@code *}, {@code _}, {@code ~} or backtick) and in JSON.
     */
    public String marker() {
      return marker;
    }
  }

  /** How every marker starts. */
  public static final String MARKER_PREFIX = "[redacted ";

  /** The longest marker: redacting adds at most this many characters per redaction. */
  public static final int MAX_MARKER_LENGTH =
      Arrays.stream(Kind.values()).mapToInt(k -> k.marker().length()).max().orElseThrow();

  /** A redacted value this short may hold the next key, so it is scanned again. */
  private static final int RESCAN = 128;

  /** Not inside a token, or right after a %-escape ({@code Bearer%20eyJ...}). */
  private static final String TOKEN_START = "(?:(?<![A-Za-z0-9_-])|(?<=%[0-9A-Fa-f]{2}))";

  /** Not at one of our own markers, so redacting twice changes nothing. */
  private static final String NOT_A_MARKER =
      "(?!"
          + Pattern.quote(MARKER_PREFIX)
          + Arrays.stream(Kind.values())
              .map(k -> k.label)
              .reduce((a, b) -> a + "|" + b)
              .map(l -> "(?:" + l + ")]")
              .orElseThrow()
          + ")";

  /**
   * In this order, which keeps redaction idempotent: no rule's match ends where an earlier rule's
   * boundary check looks (token rules consume their whole run of token characters, values end at
   * whitespace or a quote), so a marker written by a later rule never makes an earlier rule match
   * on a second run. JWTs go before the token rules, which could match inside one of their
   * segments; the secret-access-key rule goes last because any marker is context for it.
   */
  private static final List<Pass> RULES =
      List.of(
          // the whole PEM block; a block cut before its END line is removed to the end of the text
          PatternRule.of(
              Kind.PRIVATE_KEY,
              "-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----"
                  + "(?:(?!-----END)[\\s\\S])*+(?:-----END[A-Z0-9 ]{0,60}+-----)?",
              "-----begin"),
          PatternRule.of(
              Kind.JWT,
              TOKEN_START
                  + "eyJ[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]{2,}+\\.[A-Za-z0-9_-]*+(?:\\.[A-Za-z0-9_-]*+){0,2}+",
              "eyj"),
          // any path on the webhook host (services, workflows, triggers, commands), also
          // %2F-encoded
          PatternRule.of(
              Kind.SLACK_WEBHOOK,
              "(?i)(?:https?://)?hooks\\.slack(?:-gov)?\\.com(?:/|%2F)[A-Za-z0-9/_%.-]*+",
              "hooks.slack"),
          // STS session tokens start with one of a few base64 prefixes
          PatternRule.of(
              Kind.AWS_SESSION_TOKEN,
              "(?:IQoJb3JpZ2lu|AgoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|AQoDYXdz)[A-Za-z0-9/+=]{16,}+",
              "iqojb3jpz2lu",
              "agojb3jpz2lu",
              "fwogzxivyxdz",
              "fqogzxivyxdz",
              "aqodyxdz"),
          PatternRule.of(
              Kind.GITHUB_TOKEN,
              "gh[pousr]_[A-Za-z0-9]{20,}+|github_pat_[A-Za-z0-9_]{20,}+",
              "ghp_",
              "gho_",
              "ghu_",
              "ghs_",
              "ghr_",
              "github_pat_"),
          PatternRule.of(
              Kind.SLACK_TOKEN, "(?:xox[abposre]|xapp)-[A-Za-z0-9-]{8,}+", "xox", "xapp-"),
          // scheme://user:password@host: only the password, up to the last @ before the path
          PatternRule.of(
              Kind.PASSWORD,
              "://[^\\s/:@\"'<>\\\\]{0,256}+:" + NOT_A_MARKER + "([^\\s/\"'<>\\\\]{1,256})@",
              "://"),
          PatternRule.of(
              Kind.AWS_ACCESS_KEY_ID,
              "(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])",
              "akia",
              "asia",
              "abia",
              "acca"),
          new KeyValueRule(),
          new SecretAccessKeyRule());

  private static final Triggers TRIGGERS = new Triggers(RULES);

  /**
   * The secret-access-key rule also runs once any rule has redacted something: a marker is its
   * context.
   */
  private static final int AFTER_A_REDACTION = 1 << (RULES.size() - 1);

  private Redactor() {}

  /**
   * {@code text} with every credential-shaped piece replaced by its kind's marker; null is "".
   *
   * <p>Percent-escapes hide nothing: when the text with its escapes decoded ({@code %41KIA...},
   * {@code secret%3D...}, {@code %68ooks.slack.com/...}) shows a credential the text itself does
   * not, the decoded text comes back, redacted. Otherwise the text keeps its escapes.
   */
  public static String redact(String text) {
    if (text == null) {
      return "";
    }
    String plain = redact(text, null, true).toString();
    // What is left once the plain credentials are markers, decoded: anything found now was escaped.
    String decoded = decodePercentEscapes(plain);
    if (decoded.equals(plain)) { // no escape stood for anything
      return plain;
    }
    String decodedRedacted = redact(decoded, null, true).toString();
    return decodedRedacted.equals(decoded) ? plain : decodedRedacted;
  }

  /** How often an escape is decoded again: {@code %2541} is {@code %41} is {@code A}. */
  private static final int DECODE_ROUNDS = 3;

  /**
   * Every {@code %XX} that stands for printable ASCII decoded, up to {@link #DECODE_ROUNDS} times
   * (double-encoded text); other bytes and lone {@code %} stay. The same string when there is none.
   */
  static String decodePercentEscapes(String text) {
    String current = text;
    for (int round = 0; round < DECODE_ROUNDS && current.indexOf('%') >= 0; round++) {
      StringBuilder out = null;
      for (int i = 0; i < current.length(); i++) {
        char c = current.charAt(i);
        int decoded = c == '%' ? escaped(current, i) : -1;
        if (decoded >= 0) {
          if (out == null) {
            out = new StringBuilder(current.length()).append(current, 0, i);
          }
          out.append((char) decoded);
          i += 2;
        } else if (out != null) {
          out.append(c);
        }
      }
      if (out == null) {
        break;
      }
      current = out.toString();
    }
    return current;
  }

  /** The printable ASCII character {@code %XX} at {@code at} stands for, or -1. */
  private static int escaped(String text, int at) {
    if (at + 2 >= text.length()) {
      return -1;
    }
    int high = hexDigit(text.charAt(at + 1));
    int low = hexDigit(text.charAt(at + 2));
    int value = high < 0 || low < 0 ? -1 : high * 16 + low;
    return value >= 0x20 && value <= 0x7E ? value : -1;
  }

  /** ASCII hex only (Character.digit also reads other scripts' digits). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /**
   * The same, for tests: {@code meter}, when not null, counts every character read; without the
   * {@code triggers} pre-check every rule runs.
   */
  static CharSequence redact(CharSequence text, Meter meter, boolean triggers) {
    int present = triggers ? TRIGGERS.present(meter == null ? text : new Metered(text, meter)) : -1;
    CharSequence current = text;
    for (int i = 0; i < RULES.size(); i++) {
      if ((present & (1 << i)) != 0) {
        CharSequence input = meter == null ? current : new Metered(current, meter);
        CharSequence output = RULES.get(i).apply(input);
        if (output != input) {
          current = output;
          present |= AFTER_A_REDACTION;
        }
      }
    }
    return current;
  }

  // --- rules
  // ---------------------------------------------------------------------------------------

  /** One pass over the text: the same sequence back when nothing was redacted. */
  private interface Pass {
    CharSequence apply(CharSequence text);

    /** Lower-case words one of which every match contains (the pre-check). */
    List<String> triggers();
  }

  /**
   * A pattern; its capturing groups, when it has any, are the secret parts, else the whole match.
   */
  private record PatternRule(Kind kind, Pattern pattern, List<String> triggers) implements Pass {
    static PatternRule of(Kind kind, String regex, String... triggers) {
      return new PatternRule(kind, Pattern.compile(regex), List.of(triggers));
    }

    @Override
    public CharSequence apply(CharSequence text) {
      Matcher m = pattern.matcher(text);
      Edits edits = new Edits(text);
      while (m.find()) {
        if (m.groupCount() == 0) {
          edits.replace(m.start(), m.end(), kind);
        }
        for (int g = 1; g <= m.groupCount(); g++) {
          if (m.start(g) >= 0 && m.end(g) > m.start(g)) {
            edits.replace(m.start(g), m.end(g), kind);
          }
        }
      }
      return edits.result();
    }
  }

  /**
   * {@code password=v}, {@code --db-password v}, {@code "token": "v"}, {@code passwd:v}, {@code
   * Authorization: Basic v}, {@code Bearer v}: the key stays, the value goes. Keywords are found by
   * a loop; {@link #KEY} checks the key's tail and separator there; {@link #valueAt} finds the
   * value. One rule for all of them, so none can swallow another's key as its value; a short value
   * is scanned again, since it may be the next key ({@code --password password=v}).
   */
  private static final class KeyValueRule implements Pass {
    private static final String[] KEYWORDS = {
      "password",
      "passwd",
      "passphrase",
      "pwd",
      "secret",
      "token",
      "api",
      "access",
      "private",
      "auth",
      "credential",
      "bearer",
      "basic"
    };
    private static final Pattern KEY =
        Pattern.compile(
            "(?i)(pass(?:word|wd|phrase)|pwd|secret|token"
                + "|(?:api|access|private|auth)[_-]?key|authorization|credentials?|bearer|basic)([a-z0-9_.-]{0,32}+)"
                + "(\\\\?[\"'][ \\t]{0,4}+[:,]|\\\\?[\"']?[ \\t]{0,4}+=|[ \\t]{0,4}+:(?!:)|[ \\t]++)[ \\t]{0,4}+");

    /** Last words of a key that make it name a reference to a secret, not hold one. */
    private static final Set<String> REFERENCE_WORDS =
        Set.of(
            "arn", "id", "ids", "name", "names", "url", "uri", "path", "file", "dir", "ttl", "type",
            "length", "len", "version", "stage", "prefix", "ref", "header");

    @Override
    public List<String> triggers() {
      return List.of(
          "pass",
          "pwd",
          "secret",
          "token",
          "key",
          "credential",
          "authorization",
          "bearer",
          "basic");
    }

    @Override
    public CharSequence apply(CharSequence text) {
      Matcher m = KEY.matcher(text);
      Edits edits = new Edits(text);
      int n = text.length();
      int i = 0;
      while (i < n) {
        if (!startsWithKeyword(text, i) || !m.region(i, n).lookingAt()) {
          i++;
          continue;
        }
        i = m.end();
        String keyword = m.group(1).toLowerCase(Locale.ROOT);
        if (!isSecretKey(text, m, keyword)) {
          continue;
        }
        int[] value = valueAt(text, m.end(), keyword.equals("authorization"));
        if (value == null
            || (keyword.equals("bearer") && !isBearerToken(text, value[0], value[1]))
            || (keyword.equals("basic") && !isBasicCredentials(text, value[0], value[1]))) {
          continue;
        }
        edits.replace(value[0], value[1], kindOf(keyword, text, value));
        i = value[1] - value[0] <= RESCAN ? value[0] : value[1];
      }
      return edits.result();
    }

    private static boolean startsWithKeyword(CharSequence text, int at) {
      char c = lower(text.charAt(at));
      if (c != 'p' && c != 's' && c != 't' && c != 'a' && c != 'c' && c != 'b') {
        return false;
      }
      for (String keyword : KEYWORDS) {
        if (regionMatchesLower(text, at, keyword)) {
          return true;
        }
      }
      return false;
    }

    private static Kind kindOf(String keyword, CharSequence text, int[] value) {
      if (keyword.equals("authorization") || keyword.equals("bearer") || keyword.equals("basic")) {
        return Kind.AUTHORIZATION;
      }
      if (isPasswordWord(keyword)) {
        return Kind.PASSWORD;
      }
      return value[1] - value[0] == 40 && looksLikeSecretAccessKey(text, value[0], value[1])
          ? Kind.AWS_SECRET_ACCESS_KEY
          : Kind.SECRET;
    }

    private static boolean isSecretKey(CharSequence text, Matcher m, String keyword) {
      String separator = m.group(3);
      int keyStart = keyStart(text, m.start());
      String key = text.subSequence(keyStart, m.end(2)).toString().toLowerCase(Locale.ROOT);
      if (REFERENCE_WORDS.contains(lastWord(m.group(2)))
          || key.equals("pwd")
          || key.equals("oldpwd")) {
        return false; // secretArn=..., tokenUrl=..., the shell's PWD=/app
      }
      char before = keyStart == 0 ? ' ' : text.charAt(keyStart - 1);
      if (keyword.equals("bearer") || keyword.equals("basic")) {
        return separator.isBlank()
            && keyStart == m.start()
            && m.group(2).isEmpty(); // the scheme, then the credentials
      }
      boolean quoted = separator.indexOf('"') >= 0 || separator.indexOf('\'') >= 0;
      boolean flag =
          text.charAt(keyStart) == '-'
              && (Character.isWhitespace(before)
                  || before == '"'
                  || before == '\''
                  || keyStart == 0);
      if (separator.indexOf('=') >= 0 || (quoted && separator.indexOf(':') >= 0)) {
        return true;
      }
      if (separator.indexOf(',') >= 0) {
        return flag; // an exec-form command: ["start.sh", "--db-password", "v"]
      }
      if (separator.indexOf(':') >= 0) {
        if (keyword.equals("authorization")) {
          return true; // the header: Authorization: Basic v
        }
        // passwd:v, but not "DB_PASSWORD: the name..." nor an ARN's segment
        // (...:secret:db:password::)
        return isPasswordWord(keyword)
            && separator.equals(":")
            && m.end() == m.end(3)
            && m.end() < text.length()
            && !Character.isWhitespace(text.charAt(m.end()))
            && before != ':'
            && before != '/';
      }
      // a command-line flag and its value: --db-password v (not --password --next-flag)
      return flag && m.end() < text.length() && text.charAt(m.end()) != '-';
    }

    private static boolean isPasswordWord(String keyword) {
      return keyword.startsWith("pass") || keyword.equals("pwd");
    }

    /**
     * Where the key holding the keyword at {@code keyword} starts: back over its name characters.
     */
    private static int keyStart(CharSequence text, int keyword) {
      int i = keyword;
      while (i > 0 && keyword - i < 64 && isNameChar(text.charAt(i - 1))) {
        i--;
      }
      return i;
    }

    /**
     * The last word of {@code SecretArn}, {@code _name}, {@code -file}: lower case, "" when none.
     */
    private static String lastWord(String suffix) {
      int i = suffix.length();
      while (i > 0 && Character.isLetterOrDigit(suffix.charAt(i - 1))) {
        i--;
        if (Character.isUpperCase(suffix.charAt(i))
            && (i == 0 || !Character.isUpperCase(suffix.charAt(i - 1)))) {
          break; // camelCase word boundary
        }
      }
      return suffix.substring(i).toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A 40-character base64 run (not part of a longer one, nor of a name such as {@code x_...} or
   * {@code ....y}) that mixes upper and lower case, right after a word naming a secret, key or
   * credential ({@code aws_secret_access_key wJal...}, {@code "SecretAccessKey":"wJal..."}) or
   * after another redaction ({@code AKIA...:wJal...}). Runs are found by a loop, not a pattern.
   */
  private static final class SecretAccessKeyRule implements Pass {
    private static final int LENGTH = 40;

    @Override
    public List<String> triggers() {
      return List.of("secret", "key", "credential", MARKER_PREFIX);
    }

    @Override
    public CharSequence apply(CharSequence text) {
      Edits edits = new Edits(text);
      int n = text.length();
      int i = 0;
      while (i < n) {
        if (!isKeyChar(text.charAt(i))) {
          i++;
          continue;
        }
        int start = i;
        while (i < n && isKeyChar(text.charAt(i))) {
          i++;
        }
        if (i - start == LENGTH
            && endsCleanly(text, i)
            && looksLikeSecretAccessKey(text, start, i)
            && followsKeyWord(text, start, edits.redactedUpTo())) {
          edits.replace(start, i, Kind.AWS_SECRET_ACCESS_KEY);
        }
      }
      return edits.result();
    }

    private static boolean isKeyChar(char c) {
      return (c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '/'
          || c == '+';
    }

    /** Not base64 padding, not the rest of a name ({@code _x}, {@code -x}, {@code .x}). */
    private static boolean endsCleanly(CharSequence text, int end) {
      if (end == text.length()) {
        return true;
      }
      char c = text.charAt(end);
      return c != '='
          && c != '_'
          && c != '-'
          && !(c == '.'
              && end + 1 < text.length()
              && Character.isLetterOrDigit(text.charAt(end + 1)));
    }

    private static boolean followsKeyWord(CharSequence text, int start, int redactedUpTo) {
      int i = start;
      while (i > 0 && start - i < 6 && " \t:=\"',\\[(".indexOf(text.charAt(i - 1)) >= 0) {
        i--;
      }
      if (i > 0 && (i == redactedUpTo || (text.charAt(i - 1) == ']' && endsWithMarker(text, i)))) {
        return true; // right after another credential, or after a key word a rule already removed
      }
      int wordEnd = i;
      while (i > 0 && wordEnd - i < 64 && isNameChar(text.charAt(i - 1))) {
        i--;
      }
      String word = text.subSequence(i, wordEnd).toString().toLowerCase(Locale.ROOT);
      return word.contains("secret") || word.contains("key") || word.contains("credential");
    }
  }

  // --- values
  // --------------------------------------------------------------------------------------

  /**
   * The secret part of the value at {@code start}: inside its quotes when quoted ({@code "..."}
   * with backslash escapes, {@code '...'}, or {@code \"...\"} inside a JSON string), otherwise up
   * to whitespace or a quote; past an authorization scheme word when {@code afterScheme}. A value
   * keeps {@code ;}, {@code &} and {@code ,}: a password may contain them, and losing the rest of a
   * query string is the safe side. Null when there is nothing to redact: empty, one of our markers,
   * or an ARN (a reference, not a secret).
   */
  static int[] valueAt(CharSequence text, int start, boolean afterScheme) {
    int n = text.length();
    int at = afterScheme ? afterScheme(text, start) : start;
    if (at >= n) {
      return null;
    }
    char c = text.charAt(at);
    int from;
    int end;
    if (c == '\\' && at + 1 < n && (text.charAt(at + 1) == '"' || text.charAt(at + 1) == '\'')) {
      char quote = text.charAt(at + 1);
      from = afterScheme ? afterScheme(text, at + 2) : at + 2;
      end = from;
      while (end < n
          && text.charAt(end) != quote
          && !(text.charAt(end) == '\\' && end + 1 < n && text.charAt(end + 1) == quote)) {
        end++;
      }
    } else if (c == '"' || c == '\'') {
      from = afterScheme ? afterScheme(text, at + 1) : at + 1;
      end = from;
      while (end < n && text.charAt(end) != c) {
        end += text.charAt(end) == '\\' && c == '"' && end + 1 < n ? 2 : 1;
      }
      end = Math.min(end, n);
    } else {
      from = at;
      end = from;
      while (end < n && !endsBareValue(text, end)) {
        end++;
      }
    }
    if (end <= from || isMarker(text, from) || startsWith(text, from, "arn:")) {
      return null;
    }
    return new int[] {from, end};
  }

  private static boolean endsBareValue(CharSequence text, int at) {
    char c = text.charAt(at);
    return Character.isWhitespace(c)
        || c == '"'
        || c == '\''
        || (c == '\\'
            && at + 1 < text.length()
            && (text.charAt(at + 1) == '"' || text.charAt(at + 1) == '\''));
  }

  private static final String[] AUTH_SCHEMES = {
    "bearer", "basic", "token", "digest", "negotiate", "ntlm", "aws4-hmac-sha256"
  };

  /** Past {@code Bearer } (any case) at {@code at}, or {@code at} when no scheme word is there. */
  private static int afterScheme(CharSequence text, int at) {
    for (String scheme : AUTH_SCHEMES) {
      int end = at + scheme.length();
      if (end < text.length()
          && (text.charAt(end) == ' ' || text.charAt(end) == '\t')
          && regionMatchesLower(text, at, scheme)) {
        while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
          end++;
        }
        return end;
      }
    }
    return at;
  }

  /** "Bearer authentication" is prose; a token is not one lower-case word. */
  private static boolean isBearerToken(CharSequence text, int start, int end) {
    if (end - start < 8) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < 'a' || c > 'z') {
        return true;
      }
    }
    return false;
  }

  /**
   * "Basic authentication" is prose; basic credentials are base64 of a printable {@code
   * user:password}.
   */
  private static boolean isBasicCredentials(CharSequence text, int start, int end) {
    int b64 = start;
    while (b64 < end && b64 - start < 4096 && isBase64(text.charAt(b64))) {
      b64++;
    }
    if (b64 - start >= 4096) {
      return true;
    }
    try {
      byte[] decoded =
          Base64.getDecoder().decode(text.subSequence(start, b64).toString()); // padding optional
      boolean colon = false;
      for (byte b : decoded) {
        if (b < 0x20 || b > 0x7e) {
          return false; // a word that happens to be base64 decodes to noise, credentials to text
        }
        colon |= b == ':';
      }
      return colon;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isBase64(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '=';
  }

  /** Upper and lower case letters, nothing but base64: not a hex id, not a word. */
  private static boolean looksLikeSecretAccessKey(CharSequence text, int start, int end) {
    boolean upper = false;
    boolean lower = false;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      if (!isBase64(c) || c == '=') {
        return false;
      }
    }
    return upper && lower;
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.';
  }

  private static boolean isMarker(CharSequence text, int at) {
    if (!startsWith(text, at, MARKER_PREFIX)) {
      return false;
    }
    for (Kind kind : Kind.values()) {
      if (startsWith(text, at, kind.marker())) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWithMarker(CharSequence text, int end) {
    for (Kind kind : Kind.values()) {
      int start = end - kind.marker().length();
      if (start >= 0 && startsWith(text, start, kind.marker())) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(CharSequence text, int at, String prefix) {
    if (at + prefix.length() > text.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (text.charAt(at + i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** {@code lowerWord} at {@code at}, ASCII letters in any case. */
  private static boolean regionMatchesLower(CharSequence text, int at, String lowerWord) {
    if (at + lowerWord.length() > text.length()) {
      return false;
    }
    for (int j = 0; j < lowerWord.length(); j++) {
      if (lower(text.charAt(at + j)) != lowerWord.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  // --- plumbing
  // ------------------------------------------------------------------------------------

  /** The output, built only once something is replaced, so clean text comes back as it was. */
  private static final class Edits {
    private final CharSequence text;
    private StringBuilder out;
    private int copied;

    Edits(CharSequence text) {
      this.text = text;
    }

    /** Where the last redaction ended, 0 before any. */
    int redactedUpTo() {
      return copied;
    }

    /** Replaces {@code [start, end)}, or the part of it not replaced yet. */
    void replace(int start, int end, Kind kind) {
      if (end <= copied) {
        return;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + MAX_MARKER_LENGTH);
      }
      out.append(text, copied, Math.max(start, copied)).append(kind.marker());
      copied = end;
    }

    CharSequence result() {
      return out == null ? text : out.append(text, copied, text.length()).toString();
    }
  }

  /**
   * Which rules can match: one pass over the text looking for each rule's trigger words (ASCII, any
   * case). A rule none of whose triggers occurs does not run.
   */
  private static final class Triggers {
    private final String[][] byFirstChar = new String[128][];
    private final int[][] rulesByFirstChar = new int[128][];
    private final int all;

    Triggers(List<Pass> rules) {
      all = (1 << rules.size()) - 1;
      List<List<String>> words = new ArrayList<>();
      List<List<Integer>> owners = new ArrayList<>();
      for (int c = 0; c < 128; c++) {
        words.add(new ArrayList<>());
        owners.add(new ArrayList<>());
      }
      for (int r = 0; r < rules.size(); r++) {
        for (String trigger : rules.get(r).triggers()) {
          words.get(trigger.charAt(0)).add(trigger);
          owners.get(trigger.charAt(0)).add(r);
        }
      }
      for (int c = 0; c < 128; c++) {
        if (!words.get(c).isEmpty()) {
          byFirstChar[c] = words.get(c).toArray(new String[0]);
          rulesByFirstChar[c] = owners.get(c).stream().mapToInt(Integer::intValue).toArray();
        }
      }
    }

    /** A bit per rule (in {@link #RULES} order) one of whose triggers occurs in {@code text}. */
    int present(CharSequence text) {
      int found = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = lower(text.charAt(i));
        if (c >= 128 || byFirstChar[c] == null) {
          continue;
        }
        for (int k = 0; k < byFirstChar[c].length; k++) {
          int rule = rulesByFirstChar[c][k];
          if ((found & (1 << rule)) == 0 && regionMatchesLower(text, i, byFirstChar[c][k])) {
            found |= 1 << rule;
            if (found == all) {
              return found;
            }
          }
        }
      }
      return found;
    }
  }

  /** Characters read, with a limit that stops a runaway at once (tests only). */
  static final class Meter {
    private final long limit;
    private long reads;

    Meter(long limit) {
      this.limit = limit;
    }

    long reads() {
      return reads;
    }

    void add(long n) {
      reads += n;
      if (reads > limit) {
        throw new IllegalStateException("redaction read more than " + limit + " characters");
      }
    }
  }

  /** {@code text}, counting the characters read from it into {@code meter} (tests only). */
  static CharSequence metered(CharSequence text, Meter meter) {
    return new Metered(text, meter);
  }

  private static final class Metered implements CharSequence {
    private final CharSequence text;
    private final Meter meter;

    Metered(CharSequence text, Meter meter) {
      this.text = text;
      this.meter = meter;
    }

    @Override
    public char charAt(int index) {
      meter.add(1);
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      meter.add(end - start);
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      meter.add(text.length());
      return text.toString();
    }
  }
}
