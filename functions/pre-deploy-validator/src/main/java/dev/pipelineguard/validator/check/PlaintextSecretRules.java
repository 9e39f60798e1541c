package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.TaskDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds credentials passed as plain {@code environment} entries (the article's Mistake 7): they
 * show in the console, the API, CloudTrail and {@code docker inspect}. Findings name the container,
 * the variable and why, never the value or any part of it.
 */
final class PlaintextSecretRules {
  /** A variable that looks like a credential, and the reason (which never quotes the value). */
  record SuspectVariable(String container, String variable, String why) {}

  private record ValueRule(Pattern pattern, String why) {}

  private static final List<ValueRule> VALUE_RULES =
      List.of(
          new ValueRule(
              Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----"),
              "the value contains a private key"),
          new ValueRule(
              Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])"),
              "the value looks like an AWS access key id"),
          new ValueRule(
              Pattern.compile(
                  "(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"),
              "the value looks like a GitHub token"),
          new ValueRule(
              Pattern.compile("(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}"),
              "the value looks like a Slack token"),
          new ValueRule(
              Pattern.compile("hooks\\.slack\\.com/(services|workflows)/[A-Za-z0-9/_-]{10,}"),
              "the value is a Slack webhook URL (anyone holding it can post)"),
          new ValueRule(
              Pattern.compile("(?<![A-Za-z0-9])(sk|rk)_(live|test)_[A-Za-z0-9]{16,}"),
              "the value looks like a Stripe secret key"),
          new ValueRule(
              Pattern.compile("(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}"),
              "the value looks like a Google API key"),
          new ValueRule(
              Pattern.compile("(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}"),
              "the value looks like a GitLab token"),
          new ValueRule(
              Pattern.compile("(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}"),
              "the value looks like an npm token"),
          new ValueRule(
              Pattern.compile("(?<![A-Za-z0-9])SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}"),
              "the value looks like a SendGrid API key"),
          new ValueRule(
              Pattern.compile(
                  "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
              "the value looks like a JSON Web Token"),
          // scheme://user:password@host, with a non-empty password that is not a ${placeholder}
          new ValueRule(
              Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:(?![$%{<])[^@\\s/]+@"),
              "the value is a connection string with an embedded password"),
          new ValueRule(
              Pattern.compile("(?i)(?:^|[;?&\\s])(password|passwd|pwd)=(?![$%{<])[^;&\\s]+"),
              "the value is a connection string with an embedded password"));

  /** Name words that mean the value is a credential. */
  private static final Set<String> SECRET_WORDS =
      Set.of(
          "PASSWORD",
          "PASSWD",
          "PWD",
          "PASS",
          "PASSPHRASE",
          "SECRET",
          "SECRETS",
          "TOKEN",
          "TOKENS",
          "APIKEY",
          "CREDENTIAL",
          "CREDENTIALS",
          "PRIVATEKEY",
          "SECRETKEY",
          "ACCESSKEY",
          "SIGNINGKEY",
          "ENCRYPTIONKEY",
          "MASTERKEY",
          "HMAC",
          "AUTHKEY",
          "LICENSEKEY");

  /** Two-word spellings of the same (API_KEY, PRIVATE_KEY, ...), matched on adjacent words. */
  private static final Set<String> SECRET_PAIRS =
      Set.of(
          "API KEY",
          "PRIVATE KEY",
          "SECRET KEY",
          "ACCESS KEY",
          "SIGNING KEY",
          "ENCRYPTION KEY",
          "MASTER KEY",
          "AUTH KEY",
          "LICENSE KEY",
          "CLIENT SECRET",
          "SESSION KEY",
          "APP KEY",
          "SERVICE KEY");

  /** Words that make the variable about a credential rather than the credential itself. */
  private static final Set<String> NOT_SECRET_WORDS =
      Set.of(
          "ARN",
          "NAME",
          "NAMES",
          "ID",
          "IDS",
          "FILE",
          "PATH",
          "DIR",
          "URL",
          "URI",
          "ENDPOINT",
          "HOST",
          "PORT",
          "TTL",
          "EXPIRY",
          "EXPIRES",
          "EXPIRATION",
          "LIFETIME",
          "TIMEOUT",
          "LENGTH",
          "LEN",
          "MIN",
          "MAX",
          "ENABLED",
          "DISABLED",
          "ENABLE",
          "DISABLE",
          "REQUIRED",
          "HEADER",
          "TYPE",
          "PARAM",
          "PARAMETER",
          "REF",
          "SOURCE",
          "LOCATION",
          "ALGORITHM",
          "ALG",
          "ROTATION",
          "POLICY",
          "VERSION",
          "COUNT",
          "SIZE",
          "FORMAT",
          "MODE",
          "ISSUER",
          "AUDIENCE",
          "PREFIX",
          "FIELD",
          "STORE",
          "PROVIDER",
          "REGION",
          "BUCKET",
          "KEY_ID",
          "LABEL",
          "HINT",
          "RULES",
          "STRENGTH",
          "COMPLEXITY",
          "RESET",
          "CHANGE",
          "FORGOT",
          "SECONDS",
          "MINUTES",
          "HOURS",
          "DAYS",
          "MS",
          "LIMIT",
          "INTERVAL",
          "REFRESH",
          "USE",
          "USED",
          "KIND",
          "SCOPE",
          "SCOPES",
          "CLAIM",
          "COOKIE_NAME");

  private static final Set<String> HARMLESS_VALUES =
      Set.of(
          "true",
          "false",
          "yes",
          "no",
          "on",
          "off",
          "none",
          "null",
          "nil",
          "enabled",
          "disabled",
          "changeit-not-used",
          "-",
          "*");
  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?");
  private static final Pattern PLACEHOLDER =
      Pattern.compile("(\\$\\{.*}|\\{\\{.*}}|<[^>]*>|%\\(.*\\)s?)");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern URL_WITHOUT_USERINFO =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.:-]*://[^@\\s]*");
  private static final Pattern DOTTED_NAME =
      Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_$-]+)+");
  private static final Pattern WORD_SPLIT = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");
  private static final int ENTROPY_MIN_LENGTH = 20;
  private static final double ENTROPY_THRESHOLD = 4.2;

  private PlaintextSecretRules() {}

  static List<SuspectVariable> scan(List<TaskDefinition.Container> containers) {
    List<SuspectVariable> out = new ArrayList<>();
    for (TaskDefinition.Container container : containers) {
      for (TaskDefinition.EnvironmentVariable variable : container.environment()) {
        String why = why(variable.name(), variable.value());
        if (why != null) {
          out.add(new SuspectVariable(container.name(), variable.name(), why));
        }
      }
    }
    return out;
  }

  /** Why this variable looks like a credential, or {@code null}. Never mentions the value. */
  static String why(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (ValueRule rule : VALUE_RULES) {
      if (rule.pattern().matcher(value).find()) {
        return rule.why();
      }
    }
    if (nameSuggestsSecret(name) && !harmless(value)) {
      return "the name " + nameReason(name);
    }
    if (highEntropy(value)) {
      return "the value looks like a random secret (long and high-entropy)";
    }
    return null;
  }

  private static String nameReason(String name) {
    String upper = name == null ? "" : name.toUpperCase(Locale.ROOT);
    if (upper.contains("PASS") || upper.contains("PWD")) {
      return "suggests a password";
    }
    if (upper.contains("TOKEN")) {
      return "suggests a token";
    }
    if (upper.contains("KEY")) {
      return "suggests a key";
    }
    return "suggests a secret";
  }

  static boolean nameSuggestsSecret(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    List<String> words = words(name);
    if (words.equals(List.of("PWD")) || words.equals(List.of("OLDPWD"))) {
      return false; // the shell's working directory
    }
    boolean secret = false;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (SECRET_WORDS.contains(word)
          || (i + 1 < words.size() && SECRET_PAIRS.contains(word + " " + words.get(i + 1)))) {
        secret = true;
      }
    }
    if (!secret) {
      return false;
    }
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (NOT_SECRET_WORDS.contains(word)
          || (i + 1 < words.size() && NOT_SECRET_WORDS.contains(word + "_" + words.get(i + 1)))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    for (String part : WORD_SPLIT.split(name)) {
      if (!part.isEmpty()) {
        words.add(part.toUpperCase(Locale.ROOT));
      }
    }
    return words;
  }

  /**
   * Values that are clearly not the credential itself: flags, numbers, references, placeholders.
   */
  private static boolean harmless(String value) {
    String v = value.strip();
    return HARMLESS_VALUES.contains(v.toLowerCase(Locale.ROOT))
        || NUMBER.matcher(v).matches()
        || v.startsWith("arn:")
        || v.startsWith("/")
        || PLACEHOLDER.matcher(v).matches()
        || URL_WITHOUT_USERINFO.matcher(v).matches();
  }

  static boolean highEntropy(String value) {
    String v = value.strip();
    if (v.length() < ENTROPY_MIN_LENGTH
        || v.length() > 4096
        || v.chars().anyMatch(Character::isWhitespace)) {
      return false;
    }
    if (HEX.matcher(v).matches()
        || UUID.matcher(v).matches()
        || v.startsWith("arn:")
        || v.startsWith("sha256:")
        || v.startsWith("/")
        || URL_WITHOUT_USERINFO.matcher(v).matches()
        || DOTTED_NAME.matcher(v).matches()) {
      return false; // commit ids, digests, ids, paths, URLs, hostnames and class names are not
      // secrets
    }
    int classes = 0;
    classes += v.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
    classes += v.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
    classes += v.chars().anyMatch(Character::isDigit) ? 1 : 0;
    classes += v.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
    return classes >= 3 && entropy(v) >= ENTROPY_THRESHOLD;
  }

  /** Shannon entropy in bits per character. */
  static double entropy(String s) {
    Map<Integer, Integer> counts = new HashMap<>();
    s.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
    double n = s.codePointCount(0, s.length());
    double bits = 0;
    for (int count : counts.values()) {
      double p = count / n;
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }
}
