package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.notifier.HostileTextPropertiesTest.Template;
import dev.pipelineguard.notifier.enrich.ActionRun;
import dev.pipelineguard.notifier.enrich.Enrichment;
import dev.pipelineguard.notifier.enrich.ExecutionDetails;
import dev.pipelineguard.notifier.format.FormatContext;
import dev.pipelineguard.notifier.format.MessageFormats;
import dev.pipelineguard.notifier.format.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated credentials of every kind the redactor knows, in generated surroundings, placed into
 * every untrusted text field of the sample events ({@link HostileTextPropertiesTest#TEMPLATES}) and
 * into CodePipeline's answers: no part of one (no run of {@value #WINDOW} of its characters) is
 * readable anywhere in the Slack message, its blocks or its notification text. Some carry a
 * zero-width or bidirectional character inside, which must not hide them from the redactor.
 */
class RedactionPropertiesTest {
  /** A run this long of a random credential does not occur by chance in a message. */
  static final int WINDOW = 12;

  /** A credential as it is written ({@code --db-password=x}) and its secret part. */
  record Planted(String text, String secret) {
    @Override
    public String toString() {
      return text;
    }
  }

  @Property(tries = 600)
  void aCredentialInAnyEventFieldNeverReachesSlack(
      @ForAll("templates") Template template,
      @ForAll("planted") Planted planted,
      @ForAll("surroundings") String before,
      @ForAll("surroundings") String after) {
    Json payload =
        HostileTextPropertiesTest.inject(template, before + " " + planted.text() + " " + after);
    Notice notice =
        new MessageFormats(FormatContext.of("dev")).read(Envelope.unwrap(payload).get(0));

    assertNothingOf(planted.secret(), notice.render(Enrichment.NONE).json());
  }

  @Property(tries = 200)
  void aCredentialInCodePipelinesAnswersNeverReachesSlack(
      @ForAll("planted") Planted planted, @ForAll("surroundings") String before) {
    String raw = before + " " + planted.text();
    Notice notice =
        new MessageFormats(FormatContext.of("dev"))
            .read(
                Envelope.unwrap(Events.json("notifier/sns-codestar-pipeline-failed.json")).get(0));
    Enrichment enrichment =
        new Enrichment(
            new ExecutionDetails(
                "Failed",
                raw,
                raw,
                raw,
                List.of(
                    new ExecutionDetails.SourceRevision(
                        raw,
                        raw,
                        "{\"ProviderType\":\"GitHub\",\"CommitMessage\":"
                            + JsonWriter.write(raw)
                            + "}",
                        raw))),
            List.of(
                new ActionRun("Build", "BuildImage", "Failed", "CodeBuild", raw, raw, raw, raw)),
            List.of(raw));

    assertNothingOf(planted.secret(), notice.render(enrichment).json());
  }

  /**
   * No {@link #WINDOW}-character run of {@code secret} in any text of the payload, entities undone,
   * in any case (a credential upper- or lower-cased for display is still readable).
   */
  private static void assertNothingOf(String secret, String json) {
    List<String> texts = new ArrayList<>();
    collect(Json.parse(json), texts);
    String all =
        RedactedMessagesTest.SlackEntities.unescape(String.join("\n", texts))
            .toLowerCase(Locale.ROOT);
    String lower = secret.toLowerCase(Locale.ROOT);
    for (int i = 0; i + WINDOW <= lower.length(); i++) {
      assertThat(all).as("a piece of %s", secret).doesNotContain(lower.substring(i, i + WINDOW));
    }
  }

  private static void collect(Json node, List<String> texts) {
    if (node.isString()) {
      texts.add(node.text());
    } else if (node.isObject()) {
      node.fields().values().forEach(v -> collect(v, texts));
    } else if (node.isArray()) {
      node.elements().forEach(v -> collect(v, texts));
    }
  }

  // --- generators
  // ----------------------------------------------------------------------------------

  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String DIGITS = "0123456789";

  /** What a password may hold here: no space, quote, markup or character Slack text rewrites. */
  static final String PASSWORD = UPPER + LOWER + DIGITS + "!#$%^()+,-./:;=?[]{}~";

  @Provide
  Arbitrary<Template> templates() {
    return Arbitraries.of(HostileTextPropertiesTest.TEMPLATES);
  }

  /**
   * Ordinary words, ids, ARNs and a few hostile fragments, short enough that no field cuts the
   * credential.
   */
  @Provide
  Arbitrary<String> surroundings() {
    Arbitrary<String> word =
        Arbitraries.oneOf(
            Arbitraries.of(
                "CannotStartContainerError:",
                "exec:",
                "stat",
                "failed",
                "deploy",
                "the",
                "token",
                "key",
                "arn:aws:ecs:us-east-1:123456789012:service/prod/api",
                "sha256:7f5b2640fe6fb4f4",
                "3f9e2b7",
                "<!channel>",
                "```",
                "@here",
                "\n",
                "\u2028",
                "&amp;",
                "é",
                "😀"),
            chars(LOWER, 1, 8));
    return word.list().ofMaxSize(5).map(words -> String.join(" ", words));
  }

  @Provide
  Arbitrary<Planted> planted() {
    Arbitrary<Planted> any =
        Arbitraries.oneOf(
            accessKeyId(),
            secretAccessKey(),
            urlPassword(),
            keyValue(),
            bearer(),
            slackWebhook(),
            slackToken(),
            githubToken(),
            privateKey(),
            jwt());
    // sometimes with an invisible character inside: the redactor must see through it
    return Combinators.combine(
            any,
            Arbitraries.of("", "", "\u200B", "\u200D", "\uFEFF", "\u2060", "\u202E", "\u00AD"),
            Arbitraries.integers().between(1, 1000))
        .as(
            (p, invisible, at) -> {
              if (invisible.isEmpty()) {
                return p;
              }
              int start = p.text().indexOf(p.secret());
              int cut = start + 1 + at % (p.secret().length() - 1);
              return new Planted(
                  p.text().substring(0, cut) + invisible + p.text().substring(cut), p.secret());
            });
  }

  static Arbitrary<String> chars(String alphabet, int min, int max) {
    return Arbitraries.strings()
        .withChars(alphabet.toCharArray())
        .ofMinLength(min)
        .ofMaxLength(max);
  }

  /** Random, with upper and lower case letters and digits, so it cannot be mistaken for a word. */
  static Arbitrary<String> random(String alphabet, int min, int max) {
    return chars(alphabet, min, max).map(v -> "Qz7" + v + "x9");
  }

  static Arbitrary<Planted> accessKeyId() {
    return Combinators.combine(Arbitraries.of("AKIA", "ASIA"), chars(UPPER + DIGITS, 16, 16))
        .as((prefix, rest) -> new Planted(prefix + rest, prefix + rest));
  }

  static Arbitrary<Planted> secretAccessKey() {
    return Combinators.combine(
            Arbitraries.of(
                "aws_secret_access_key=%s",
                "\"SecretAccessKey\":\"%s\"", "AWS_SECRET_ACCESS_KEY: %s"),
            chars(UPPER + LOWER + DIGITS + "+/", 35, 35).map(k -> "Qz7" + k + "x9"))
        .as((context, key) -> new Planted(String.format(context, key), key));
  }

  static Arbitrary<Planted> urlPassword() {
    return Combinators.combine(
            Arbitraries.of("postgres", "mysql", "redis", "https"),
            chars(LOWER, 1, 8),
            random(PASSWORD.replace("/", ""), 4, 20),
            Arbitraries.of("db", "db.internal:5432/orders"))
        .as(
            (scheme, user, password, host) ->
                new Planted(scheme + "://" + user + ":" + password + "@" + host, password));
  }

  static Arbitrary<Planted> keyValue() {
    Arbitrary<String> key =
        Arbitraries.of(
            "--db-password=%s",
            "DB_PASSWORD=%s",
            "--password %s",
            "\"password\": \"%s\"",
            "client_secret=%s",
            "api_key=%s",
            "\"token\": \"%s\"");
    return Combinators.combine(key, random(PASSWORD, 4, 24).filter(v -> !v.startsWith("-")))
        .as((k, v) -> new Planted(String.format(k, v), v));
  }

  static Arbitrary<Planted> bearer() {
    return random(UPPER + LOWER + DIGITS + "._-~+/", 16, 60)
        .map(t -> new Planted("Authorization: Bearer " + t, t));
  }

  static Arbitrary<Planted> slackWebhook() {
    return Combinators.combine(
            chars(UPPER + DIGITS, 8, 10),
            chars(UPPER + DIGITS, 8, 10),
            random(UPPER + LOWER + DIGITS, 20, 22))
        .as(
            (team, bot, secret) ->
                new Planted(
                    "https://hooks.slack.com/services/T" + team + "/B" + bot + "/" + secret,
                    secret));
  }

  static Arbitrary<Planted> slackToken() {
    return Combinators.combine(
            Arbitraries.of("xoxb-", "xoxp-", "xapp-"),
            chars(DIGITS, 10, 13),
            random(UPPER + LOWER + DIGITS, 20, 24))
        .as(
            (prefix, number, rest) ->
                new Planted(prefix + number + "-" + rest, prefix + number + "-" + rest));
  }

  static Arbitrary<Planted> githubToken() {
    return Combinators.combine(
            Arbitraries.of("ghp_", "ghs_", "gho_"), chars(UPPER + LOWER + DIGITS, 31, 31))
        .as(
            (prefix, rest) ->
                new Planted(prefix + "Qz7" + rest + "x9", prefix + "Qz7" + rest + "x9"));
  }

  static Arbitrary<Planted> privateKey() {
    return Combinators.combine(
            Arbitraries.of("RSA ", "EC ", "OPENSSH ", ""),
            random(UPPER + LOWER + DIGITS + "+/", 40, 60).list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.of("\n", " "))
        .as(
            (type, lines, newline) -> {
              String body = String.join(newline, lines);
              String text =
                  "-----BEGIN "
                      + type
                      + "PRIVATE KEY-----"
                      + newline
                      + body
                      + newline
                      + "-----END "
                      + type
                      + "PRIVATE KEY-----";
              return new Planted(text, lines.get(0));
            });
  }

  static Arbitrary<Planted> jwt() {
    String url = UPPER + LOWER + DIGITS + "_-";
    return Combinators.combine(chars(url, 10, 30), chars(url, 10, 40), random(url, 10, 43))
        .as(
            (header, claims, signature) -> {
              String token = "eyJ" + header + ".eyJ" + claims + "." + signature;
              return new Planted(token, token);
            });
  }
}
