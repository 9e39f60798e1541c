package dev.pipelineguard.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Generated credentials of every kind, planted in generated text, never survive; generated ordinary
 * text (ARNs, image URIs, digests, commit ids, ids, URLs, documented stop reasons) survives
 * unchanged; redaction is idempotent, grows text by at most one marker per redaction, and the
 * trigger pre-check never changes the result.
 */
class RedactorPropertiesTest {

  /** A credential in its surroundings ({@code --db-password=x}), and the part that must vanish. */
  record Planted(String text, String secret) {
    @Override
    public String toString() {
      return text;
    }
  }

  // --- properties
  // ----------------------------------------------------------------------------------

  @Property(tries = 3000)
  void plantedCredentialsNeverSurvive(
      @ForAll("planted") Planted planted,
      @ForAll("surroundings") String before,
      @ForAll("surroundings") String after) {
    String text = before + " " + planted.text() + " " + after;

    String redacted = Redactor.redact(text);

    assertThat(redacted).doesNotContain(planted.secret()).contains("[redacted ");
  }

  /**
   * A credential with some of its characters percent-escaped (as in a URL's query string), once or
   * twice over, neither survives nor survives escaped.
   */
  @Property(tries = 2000)
  void percentEscapedCredentialsNeverSurvive(
      @ForAll("planted") Planted planted,
      @ForAll("escapeChoices") List<Integer> choices,
      @ForAll("surroundings") String before) {
    StringBuilder escaped = new StringBuilder();
    String text = planted.text();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int choice = choices.get(i % choices.size());
      if (c > 0x20 && c < 0x7F && choice > 0) {
        String once = String.format("%%%02X", (int) c);
        escaped.append(choice == 2 ? "%25" + once.substring(1) : once);
      } else {
        escaped.append(c);
      }
    }

    String redacted = Redactor.redact(before + " " + escaped + " and more");

    assertThat(redacted)
        .doesNotContain(planted.secret())
        .doesNotContain(escaped.toString())
        .contains("[redacted ");
  }

  /** Per character: 0 as it is, 1 escaped, 2 escaped twice; mostly as it is. */
  @Provide
  Arbitrary<List<Integer>> escapeChoices() {
    return Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(3, 1), Tuple.of(1, 2))
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  @Property(tries = 500)
  void severalCredentialsInOneTextAllVanish(
      @ForAll("planted") Planted a,
      @ForAll("planted") Planted b,
      @ForAll("ordinary") String between) {
    String redacted = Redactor.redact(a.text() + "\n" + between + " " + b.text());

    assertThat(redacted).doesNotContain(a.secret(), b.secret());
  }

  @Property(tries = 2000)
  void ordinaryTextSurvivesUnchanged(@ForAll("ordinary") String text) {
    assertThat(Redactor.redact(text)).isEqualTo(text);
  }

  @Property(tries = 2000)
  void redactionIsIdempotent(@ForAll("mixed") String text) {
    String once = Redactor.redact(text);

    assertThat(Redactor.redact(once)).isEqualTo(once);
  }

  @Property(tries = 2000)
  void outputGrowsByAtMostOneMarkerPerRedaction(@ForAll("mixed") String text) {
    String redacted = Redactor.redact(text);

    int markers = count(redacted, Redactor.MARKER_PREFIX);
    assertThat(redacted.length())
        .isLessThanOrEqualTo(text.length() + markers * Redactor.MAX_MARKER_LENGTH);
  }

  @Property(tries = 2000)
  void thePreCheckNeverChangesTheResult(@ForAll("mixed") String text) {
    assertThat(Redactor.redact(text, null, true).toString())
        .isEqualTo(Redactor.redact(text, null, false).toString());
  }

  @Property(tries = 300)
  void anyTextIsHandledWithoutError(@ForAll("anything") String text) {
    String redacted = Redactor.redact(text);

    assertThat(Redactor.redact(redacted)).isEqualTo(redacted);
    assertThat(redacted.length())
        .isLessThanOrEqualTo(
            text.length() + count(redacted, Redactor.MARKER_PREFIX) * Redactor.MAX_MARKER_LENGTH);
  }

  // --- credentials
  // ---------------------------------------------------------------------------------

  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String DIGITS = "0123456789";
  static final String BASE64 = UPPER + LOWER + DIGITS + "+/";
  static final String BASE64URL = UPPER + LOWER + DIGITS + "_-";

  /** Any printable ASCII but space, quotes and backslash: an unquoted value. */
  static final String BARE =
      "!#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

  @Provide
  Arbitrary<Planted> planted() {
    return Arbitraries.oneOf(
        awsAccessKeyId(),
        awsSecretAccessKey(),
        awsSessionToken(),
        urlPassword(),
        keyValue(),
        authorization(),
        slackWebhook(),
        slackToken(),
        githubToken(),
        privateKey(),
        jwt());
  }

  static Arbitrary<String> chars(String alphabet, int min, int max) {
    return Arbitraries.strings()
        .withChars(alphabet.toCharArray())
        .ofMinLength(min)
        .ofMaxLength(max);
  }

  /**
   * A value that is recognisably random: letters and a digit, so it cannot hide in the
   * surroundings.
   */
  static Arbitrary<String> value(String alphabet, int min, int max) {
    return Combinators.combine(chars(alphabet, min, max), chars(LOWER, 3, 3), chars(DIGITS, 2, 2))
        .as((v, l, d) -> l + v + d)
        .filter(v -> !v.startsWith("arn:"));
  }

  static Arbitrary<Planted> awsAccessKeyId() {
    return Combinators.combine(
            Arbitraries.of("AKIA", "ASIA", "ABIA", "ACCA"), chars(UPPER + DIGITS, 16, 16))
        .as((prefix, rest) -> new Planted(prefix + rest, prefix + rest));
  }

  static Arbitrary<Planted> awsSecretAccessKey() {
    Arbitrary<String> key =
        chars(BASE64, 38, 38).map(k -> "Q" + k.substring(0, 19) + "q" + k.substring(19));
    Arbitrary<String> context =
        Arbitraries.of(
            "aws_secret_access_key=%s",
            "AWS_SECRET_ACCESS_KEY: %s",
            "\"SecretAccessKey\":\"%s\"",
            "--aws-secret-access-key %s",
            "secret key %s",
            "aws_secret_access_key = '%s'",
            "{\\\"secretAccessKey\\\":\\\"%s\\\"}",
            "credentials: [%s]");
    return Combinators.combine(context, key).as((c, k) -> new Planted(String.format(c, k), k));
  }

  static Arbitrary<Planted> awsSessionToken() {
    return Combinators.combine(
            Arbitraries.of("IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE", "AQoDYXdzE"),
            chars(BASE64, 20, 300))
        .as((prefix, rest) -> new Planted(prefix + rest, prefix + rest));
  }

  static Arbitrary<Planted> urlPassword() {
    Arbitrary<String> scheme =
        Arbitraries.of("postgres", "postgresql", "mysql", "redis", "mongodb+srv", "https", "amqp");
    Arbitrary<String> user = chars(LOWER + DIGITS + "._-", 0, 12);
    // RFC 3986 userinfo has no raw '/'; a raw '@' or ':' in a password still ends at the last '@'
    Arbitrary<String> password =
        value(BARE.replace("/", "").replace("<", "").replace(">", ""), 1, 30);
    Arbitrary<String> host =
        Arbitraries.of("db", "db.internal:5432", "cache:6379/0", "mq.example.com/vhost");
    return Combinators.combine(scheme, user, password, host)
        .as((s, u, p, h) -> new Planted(s + "://" + u + ":" + p + "@" + h, p));
  }

  static Arbitrary<Planted> keyValue() {
    Arbitrary<String> passwordKey =
        Arbitraries.of(
            "password",
            "PASSWORD",
            "DB_PASSWORD",
            "dbPassword",
            "passwd",
            "PGPASSWORD",
            "MYSQL_PWD",
            "passphrase",
            "admin-password");
    Arbitrary<String> secretKey =
        Arbitraries.of(
            "secret",
            "client_secret",
            "token",
            "X-Amz-Security-Token",
            "api_key",
            "API-KEY",
            "apiKey",
            "private_key",
            "credentials",
            "AUTH_TOKEN",
            "github-token",
            "accessKey");
    Arbitrary<String> anyKey = Arbitraries.oneOf(passwordKey, secretKey);
    Arbitrary<String> bare = value(BARE, 1, 30);
    Arbitrary<String> quotedDouble = value(BARE + " '", 1, 30).map(v -> v.replace("\\", ""));
    Arbitrary<String> quotedSingle = value(BARE + " \"", 1, 30);
    return Arbitraries.oneOf(
        Combinators.combine(anyKey, bare).as((k, v) -> new Planted(k + "=" + v, v)),
        Combinators.combine(anyKey, bare).as((k, v) -> new Planted("--" + k + "=" + v, v)),
        Combinators.combine(anyKey, bare.filter(v -> !v.startsWith("-")))
            .as((k, v) -> new Planted("--" + k + " " + v, v)),
        Combinators.combine(anyKey, bare).as((k, v) -> new Planted(k + " = " + v, v)),
        Combinators.combine(anyKey, quotedDouble)
            .as((k, v) -> new Planted("\"" + k + "\": \"" + v + "\"", v)),
        Combinators.combine(anyKey, quotedDouble)
            .as((k, v) -> new Planted(k + "=\"" + v + "\"", v)),
        Combinators.combine(anyKey, quotedSingle)
            .as((k, v) -> new Planted("'" + k + "':'" + v + "'", v)),
        Combinators.combine(anyKey, chars(LOWER + DIGITS + "!#$%", 8, 20))
            .as((k, v) -> new Planted("{\\\"" + k + "\\\":\\\"" + v + "\\\"}", v)),
        Combinators.combine(passwordKey, bare.filter(v -> !v.startsWith(":")))
            .as((k, v) -> new Planted(k + ":" + v, v)));
  }

  static Arbitrary<Planted> authorization() {
    Arbitrary<String> token = value(BASE64URL + ".~+/", 12, 60);
    Arbitrary<String> basic =
        Combinators.combine(chars(LOWER, 1, 10), value(BARE, 1, 20))
            .as(
                (u, p) ->
                    Base64.getEncoder()
                        .encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8)));
    return Arbitraries.oneOf(
        token.map(t -> new Planted("Authorization: Bearer " + t, t)),
        token.map(t -> new Planted("\"authorization\": \"token " + t + "\"", t)),
        token.map(t -> new Planted("Bearer " + t, t)),
        basic.map(b -> new Planted("Authorization: Basic " + b, b)),
        basic.map(b -> new Planted("basic " + b, b)));
  }

  static Arbitrary<Planted> slackWebhook() {
    Arbitrary<String> path =
        Combinators.combine(
                Arbitraries.of("services", "workflows", "triggers"),
                chars(UPPER + DIGITS, 9, 11),
                chars(UPPER + DIGITS, 9, 11),
                value(UPPER + LOWER + DIGITS, 20, 24))
            .as((kind, team, bot, secret) -> kind + "/T" + team + "/B" + bot + "/" + secret);
    return Combinators.combine(Arbitraries.of("https://", "http://", ""), path)
        .as((scheme, p) -> new Planted(scheme + "hooks.slack.com/" + p, p));
  }

  static Arbitrary<Planted> slackToken() {
    return Combinators.combine(
            Arbitraries.of("xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xapp-"),
            value(UPPER + LOWER + DIGITS + "-", 8, 60))
        .as((prefix, rest) -> new Planted(prefix + rest, prefix + rest));
  }

  static Arbitrary<Planted> githubToken() {
    return Arbitraries.oneOf(
        Combinators.combine(
                Arbitraries.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
                chars(UPPER + LOWER + DIGITS, 36, 36))
            .as((prefix, rest) -> new Planted(prefix + rest, prefix + rest)),
        chars(UPPER + LOWER + DIGITS + "_", 82, 82)
            .map(rest -> new Planted("github_pat_" + rest, "github_pat_" + rest)));
  }

  static Arbitrary<Planted> privateKey() {
    Arbitrary<String> type = Arbitraries.of("RSA ", "EC ", "OPENSSH ", "ENCRYPTED ", "DSA ", "");
    Arbitrary<String> newline = Arbitraries.of("\n", "\r\n", " ", "\\n");
    Arbitrary<List<String>> lines = value(BASE64, 16, 64).list().ofMinSize(1).ofMaxSize(6);
    return Combinators.combine(type, newline, lines, Arbitraries.of(true, false))
        .as(
            (t, nl, body, complete) -> {
              String text =
                  "-----BEGIN "
                      + t
                      + "PRIVATE KEY-----"
                      + nl
                      + String.join(nl, body)
                      + (complete ? nl + "-----END " + t + "PRIVATE KEY-----" : "");
              return new Planted(text, body.get(body.size() - 1));
            });
  }

  static Arbitrary<Planted> jwt() {
    Arbitrary<String> segment = value(BASE64URL, 10, 80);
    return Combinators.combine(segment, segment, segment)
        .as((h, p, s) -> new Planted("eyJ" + h + ".eyJ" + p + "." + s, s));
  }

  // --- ordinary text
  // -------------------------------------------------------------------------------

  static Arbitrary<String> hex(int n) {
    return chars("0123456789abcdef", n, n);
  }

  static Arbitrary<String> name() {
    return chars(LOWER + UPPER + DIGITS + "-_", 1, 12);
  }

  static Arbitrary<String> arn() {
    Arbitrary<String> partition = Arbitraries.of("aws", "aws-us-gov", "aws-cn");
    Arbitrary<String> region =
        Arbitraries.of("us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1");
    Arbitrary<String> account = chars(DIGITS, 12, 12);
    Arbitrary<String> jsonKey =
        Arbitraries.of(
            "",
            ":password::",
            ":password:AWSCURRENT:",
            ":token::",
            "::AWSPREVIOUS:",
            ":api_key::" + "0123456789abcdef0123456789abcdef");
    Arbitrary<String> resource =
        Arbitraries.oneOf(
            Combinators.combine(name(), hex(32)).as((c, id) -> "ecs:%s:%s:task/" + c + "/" + id),
            Combinators.combine(name(), name()).as((c, s) -> "ecs:%s:%s:service/" + c + "/" + s),
            Combinators.combine(name(), chars(UPPER + LOWER + DIGITS, 6, 6), jsonKey)
                .as(
                    (n, suffix, key) ->
                        "secretsmanager:%s:%s:secret:prod/" + n + "-password-" + suffix + key),
            name().map(n -> "ssm:%s:%s:parameter/prod/" + n + "/db/password"),
            Combinators.combine(name(), hex(32))
                .as((r, s) -> "sts::%2$s:assumed-role/" + r + "/" + s),
            name().map(n -> "iam::%2$s:role/" + n + "-token-reader"));
    return Combinators.combine(partition, region, account, resource)
        .as((p, r, a, res) -> "arn:" + p + ":" + String.format(res, r, a));
  }

  static Arbitrary<String> imageUri() {
    Arbitrary<String> registry =
        Combinators.combine(chars(DIGITS, 12, 12), Arbitraries.of("us-east-1", "eu-central-1"))
            .as((a, r) -> a + ".dkr.ecr." + r + ".amazonaws.com");
    Arbitrary<String> repo = chars(LOWER + DIGITS + "-_/", 1, 20).filter(r -> !r.startsWith("/"));
    Arbitrary<String> ref =
        Arbitraries.oneOf(hex(64).map(h -> "@sha256:" + h), name().map(t -> ":" + t));
    return Combinators.combine(
            Arbitraries.oneOf(registry, Arbitraries.of("public.ecr.aws/docker/library")), repo, ref)
        .as((g, r, f) -> g + "/" + r + f);
  }

  static Arbitrary<String> uuid() {
    return Combinators.combine(hex(8), hex(4), hex(4), hex(4), hex(12))
        .as((a, b, c, d, e) -> a + "-" + b + "-" + c + "-" + d + "-" + e);
  }

  static Arbitrary<String> url() {
    Arbitrary<String> host =
        Arbitraries.of("console.aws.amazon.com", "example.com:8443", "github.com", "[::1]:8080");
    Arbitrary<String> path = chars(LOWER + UPPER + DIGITS + "/-_.@", 0, 40);
    Arbitrary<String> query =
        Arbitraries.of("", "?region=us-east-1", "?tab=events#x", "?page=2&x=@y");
    return Combinators.combine(Arbitraries.of("https", "http", "ssh"), host, path, query)
        .as((s, h, p, q) -> s + "://" + h + "/" + p + q);
  }

  @Provide
  Arbitrary<String> ordinary() {
    Arbitrary<String> prose =
        Arbitraries.of(
            "secret not found",
            "password must be at least 12 characters",
            "the token expired",
            "Basic authentication failed",
            "bearer token required",
            "key ",
            "access key",
            "Secrets Manager can't find the specified secret.",
            "variable DB_PASSWORD: the name suggests a password",
            "passed: 3",
            "Authorization failed",
            "ghp",
            "xoxb",
            "eyJ",
            "AKIA",
            "sha256:",
            "-----BEGIN CERTIFICATE-----");
    Arbitrary<String> piece =
        Arbitraries.oneOf(
            arn(),
            imageUri(),
            hex(64).map(h -> "sha256:" + h),
            hex(40),
            hex(40).map(h -> h.toUpperCase(java.util.Locale.ROOT)),
            uuid(),
            hex(32),
            chars(UPPER + DIGITS, 16, 16),
            url(),
            Arbitraries.of(List.copyOf(RedactorCorpus.stopReasons().values())),
            prose);
    Arbitrary<String> join =
        Arbitraries.of(" ", ", ", "; ", ": ", " (", ") ", "\n", "\t", " - ", " '", "' ", "\"");
    return Combinators.combine(piece.list().ofMinSize(1).ofMaxSize(6), join.list().ofSize(6))
        .as(
            (pieces, joins) -> {
              StringBuilder out = new StringBuilder();
              for (int i = 0; i < pieces.size(); i++) {
                out.append(i == 0 ? "" : joins.get(i)).append(pieces.get(i));
              }
              return out.toString();
            });
  }

  // --- mixtures
  // ------------------------------------------------------------------------------------

  static final List<String> FRAGMENTS =
      List.of(
          "password",
          "PassWord",
          "passwd",
          "pwd",
          "secret",
          "token",
          "api_key",
          "key",
          "credential",
          "=",
          ":",
          " = ",
          "\"",
          "'",
          "\\",
          "\\\"",
          "--",
          "-",
          "://",
          "@",
          "/",
          "arn:",
          "AKIA",
          "ASIA",
          "IQoJb3JpZ2lu",
          "eyJ",
          ".",
          "-----BEGIN ",
          "RSA ",
          "PRIVATE KEY-----",
          "-----END ",
          "-----",
          "Bearer ",
          "Basic ",
          "bASIC ",
          "authorization",
          ": ",
          "xoxb-",
          "xapp-",
          "ghp_",
          "github_pat_",
          "hooks.slack.com/",
          "%2F",
          "%20",
          "[redacted ",
          "[redacted password]",
          "]",
          " ",
          "\n",
          "0123456789",
          "ABCDEFGHIJKLMNOP",
          "abcdefghijklmnop",
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "dXNlcjpwYXNz",
          "Id",
          "Arn",
          "é",
          "😀");

  @Provide
  Arbitrary<String> surroundings() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, ordinary()),
        Tuple.of(3, Arbitraries.of(FRAGMENTS).list().ofMaxSize(12).map(l -> String.join("", l))),
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(60)),
        Tuple.of(1, Arbitraries.just("")));
  }

  @Provide
  Arbitrary<String> mixed() {
    Arbitrary<String> piece =
        Arbitraries.frequencyOf(
            Tuple.of(3, planted().map(Planted::text)),
            Tuple.of(3, ordinary()),
            Tuple.of(4, Arbitraries.of(FRAGMENTS)),
            Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20)));
    return piece.list().ofMaxSize(25).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> anything() {
    return Arbitraries.strings().all().ofMaxLength(500);
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
