package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.notifier.blockkit.BlockKitLimits;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.blockkit.SlackText;
import dev.pipelineguard.notifier.enrich.ActionRun;
import dev.pipelineguard.notifier.enrich.Enrichment;
import dev.pipelineguard.notifier.enrich.ExecutionDetails;
import dev.pipelineguard.notifier.format.FormatContext;
import dev.pipelineguard.notifier.format.MessageFormats;
import dev.pipelineguard.notifier.format.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Generated hostile text (mentions, disguised links, entities, code fences, control, bidi,
 * zero-width and separator characters, lone and paired surrogates, 10,000-character strings) placed
 * into the fields of the sample events: no message may contain a live mention or link, a control or
 * invisible character, an unbalanced code fence or a split surrogate pair, and every message keeps
 * Slack's limits.
 */
class HostileTextPropertiesTest {
  static final List<String> FRAGMENTS =
      List.of(
          "<!channel>",
          "<!here>",
          "<!everyone>",
          "<@U123ABC>",
          "<#C0123|general>",
          "<!subteam^S012|team>",
          "<https://evil.example|innocent>",
          "<mailto:a@evil.example|x>",
          "<http://evil.example>",
          "&",
          "&amp;",
          "&lt;",
          "<",
          ">",
          "|",
          "```",
          "`",
          "*",
          "_",
          "~",
          "> ",
          "\n",
          "\r\n",
          "\t",
          "\u0000",
          "\u0007",
          "\u001b[31m",
          "\u202e",
          "\u2066",
          "\u2028",
          "\u2029",
          "\u200b",
          "\u200d",
          "\ufeff",
          "\u00ad",
          "\ufe0f",
          "\u2060",
          "\r",
          "\u0085",
          "😀",
          "𝕏",
          "\uD83D",
          "\uDE00",
          "@channel",
          "@here",
          "@everyone",
          "@HeRe",
          " ",
          "x",
          "é",
          "ecs-svc/1",
          "rolling back to deploymentId ");

  /** An event file and the JSON paths of its text fields that come from users or services. */
  record Template(String event, List<List<String>> paths) {
    @Override
    public String toString() {
      return event;
    }
  }

  static final List<Template> TEMPLATES =
      List.of(
          new Template(
              "pipeline-failed.json",
              List.of(
                  List.of("detail", "execution-trigger", "commit-message"),
                  List.of("detail", "execution-trigger", "author-display-name"),
                  List.of("detail", "execution-trigger", "branch-name"),
                  List.of("detail", "execution-trigger", "commit-id"),
                  List.of("detail", "execution-trigger", "full-repository-name"),
                  List.of("detail", "execution-trigger", "provider-type"),
                  List.of("detail", "pipeline"),
                  List.of("detail", "execution-id"),
                  List.of("region"))),
          new Template(
              "pipeline-stopped.json",
              List.of(List.of("detail", "stop-execution-comments"), List.of("detail", "state"))),
          new Template(
              "action-failed.json",
              List.of(
                  List.of("detail", "stage"),
                  List.of("detail", "action"),
                  List.of("detail", "execution-result", "external-execution-summary"),
                  List.of("detail", "execution-result", "error-code"),
                  List.of("detail", "execution-result", "external-execution-url"),
                  List.of("detail", "type", "provider"),
                  List.of("detail", "region"))),
          new Template(
              "action-approval-rejected.json",
              List.of(
                  List.of("detail", "execution-result", "external-execution-summary"),
                  List.of("detail", "action"))),
          new Template(
              "stage-failed.json", List.of(List.of("detail", "stage"), List.of("detail", "state"))),
          new Template(
              "codebuild-failed.json",
              List.of(
                  List.of("detail", "project-name"),
                  List.of("detail", "additional-information", "initiator"),
                  List.of("detail", "additional-information", "source-version"),
                  List.of("detail", "additional-information", "phases", "6", "phase-context", "0"),
                  List.of("detail", "additional-information", "phases", "6", "phase-type"),
                  List.of("detail", "additional-information", "logs", "deep-link"),
                  List.of("detail", "additional-information", "logs", "group-name"))),
          new Template(
              "ecs-deployment-failed.json",
              List.of(
                  List.of("detail", "reason"),
                  List.of("detail", "deploymentId"),
                  List.of("resources", "0"))),
          new Template(
              "ecs-deployment-rollback-started.json", List.of(List.of("detail", "reason"))),
          new Template(
              "ecs-service-action-task-start-impaired.json",
              List.of(
                  List.of("detail", "eventName"),
                  List.of("detail", "reason"),
                  List.of("detail", "clusterArn"))),
          new Template(
              "sns-rollback-report.json",
              List.of(
                  List.of("summary"),
                  List.of("service"),
                  List.of("cluster"),
                  List.of("kind"),
                  List.of("cause", "title"),
                  List.of("cause", "hint"),
                  List.of("cause", "detail"),
                  List.of("cause", "code"),
                  List.of("evidence", "reasons", "0", "reason"),
                  List.of("evidence", "examples", "0"),
                  List.of("evidence", "serviceEvents", "0"),
                  List.of("failedDeployment", "id"),
                  List.of("failedDeployment", "taskDefinition"),
                  List.of("failedDeployment", "images", "0"),
                  List.of("links", "service"),
                  List.of("pipelineExecution", "link"))),
          new Template(
              "sns-validation-report.json",
              List.of(
                  List.of("summary"),
                  List.of("pipeline"),
                  List.of("checks", "0", "name"),
                  List.of("checks", "0", "summary"),
                  List.of("checks", "0", "details", "0"),
                  List.of("checks", "0", "fix"),
                  List.of("checks", "5", "summary"),
                  List.of("failureType"),
                  List.of("jobId"))),
          new Template(
              "sns-approval-notification.json",
              List.of(
                  List.of("approval", "customData"),
                  List.of("approval", "pipelineName"),
                  List.of("approval", "stageName"),
                  List.of("approval", "externalEntityLink"),
                  List.of("approval", "expires"))),
          new Template("sns-plain-text.json", List.of(List.of("$message"), List.of("$subject"))),
          new Template(
              "unknown-event.json",
              List.of(
                  List.of("detail-type"),
                  List.of("source"),
                  List.of("resources", "0"),
                  List.of("account"))));

  @Provide
  Arbitrary<String> hostile() {
    Arbitrary<String> fragments =
        Arbitraries.of(FRAGMENTS).list().ofMaxSize(30).map(l -> String.join("", l));
    Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(300);
    Arbitrary<String> huge =
        Arbitraries.of(FRAGMENTS)
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(l -> String.join("", l))
            .flatMap(
                unit ->
                    Arbitraries.integers()
                        .between(9_000, 10_500)
                        .map(n -> unit.repeat(n / Math.max(1, unit.length()) + 1).substring(0, n)));
    return Arbitraries.frequencyOf(
        Tuple.of(6, fragments), Tuple.of(3, anything), Tuple.of(1, huge));
  }

  @Provide
  Arbitrary<Template> templates() {
    return Arbitraries.of(TEMPLATES);
  }

  @Property(tries = 400)
  void escapedTextHasNoMarkupNoControlCharactersAndNoLoneSurrogates(@ForAll("hostile") String raw) {
    String escaped = SlackText.escape(raw, true);

    assertThat(escaped).doesNotContain("<", ">");
    assertThat(escaped.replaceAll("&(amp|lt|gt);", "")).doesNotContain("&");
    assertThat(escaped).doesNotContainPattern("(?i)@(channel|here|everyone)");
    assertThat(
            escaped
                .chars()
                .filter(c -> Character.isISOControl(c) && c != '\n' && c != '\t')
                .count())
        .isZero();
    assertNoLoneSurrogates(escaped);
  }

  @Property(tries = 400)
  void oneLineTextHasNoLineBreakNoInvisibleCharacterAndNoUnbalancedFence(
      @ForAll("hostile") String raw) {
    String line = SlackText.escape(raw, false);

    assertThat(line).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085", "\u000b", "\u000c");
    assertThat(SlackSafety.hiddenText(Json.parse(JsonWriter.write(Map.of("text", line)))))
        .isEmpty();
  }

  @Property(tries = 400)
  void fitKeepsTheLimitAndNeverSplitsASurrogatePairOrAnEntity(
      @ForAll("hostile") String raw, @ForAll @IntRange(min = 1, max = 3000) int max) {
    String fitted = SlackText.fit(raw, max, true);

    assertThat(fitted.length()).isLessThanOrEqualTo(max);
    assertNoLoneSurrogates(fitted);
    assertThat(fitted.replaceAll("&(amp|lt|gt);", "")).doesNotContain("&");
  }

  @Property(tries = 600)
  void hostileTextInAnyEventFieldStaysInertAndWithinSlacksLimits(
      @ForAll("templates") Template template, @ForAll("hostile") String raw) {
    Json payload = inject(template, raw);
    Notice notice =
        new MessageFormats(FormatContext.of("dev")).read(Envelope.unwrap(payload).get(0));

    SlackMessage message = notice.render(Enrichment.NONE);

    assertSafe(message);
  }

  @Property(tries = 200)
  void hostileTextFromCodePipelineEnrichmentStaysInert(@ForAll("hostile") String raw) {
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
            List.of(new ActionRun(raw, raw, "Failed", raw, raw, raw, raw, raw)),
            List.of(raw));

    assertSafe(notice.render(enrichment));
  }

  private static void assertSafe(SlackMessage message) {
    String json = message.json();
    assertNoLoneSurrogates(json);
    Json posted = Json.parse(json);
    assertThat(BlockKitLimits.violations(posted)).isEmpty();
    assertThat(SlackSafety.problems(posted)).isEmpty();
  }

  private static void assertNoLoneSurrogates(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
            .as("high surrogate at %d is paired", i)
            .isTrue();
        i++;
      } else {
        assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at %d", i).isFalse();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The template event with {@code raw} in each of its paths (inside the SNS message for SNS
   * events).
   */
  @SuppressWarnings(
      "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
  static Json inject(Template template, String raw) {
    Map<String, Object> event =
        (Map<String, Object>) Events.json("notifier/" + template.event()).toPlain();
    Map<String, Object> sns = null;
    Map<String, Object> target = event;
    if (event.containsKey("Records")) {
      sns =
          (Map<String, Object>)
              ((Map<String, Object>) ((List<Object>) event.get("Records")).get(0)).get("Sns");
      Json message = Json.parseIfJson((String) sns.get("Message"));
      target = message.isObject() ? (Map<String, Object>) message.toPlain() : null;
    }
    for (List<String> path : template.paths()) {
      if (path.get(0).equals("$message")) {
        sns.put("Message", raw);
      } else if (path.get(0).equals("$subject")) {
        sns.put("Subject", raw);
      } else {
        set(target, path, raw);
      }
    }
    if (sns != null && target != null) {
      sns.put("Message", JsonWriter.write(target));
    }
    return Json.parse(JsonWriter.write(event).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @SuppressWarnings(
      "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
  private static void set(Object root, List<String> path, String value) {
    Object node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      node =
          node instanceof Map
              ? ((Map<String, Object>) node).get(path.get(i))
              : ((List<Object>) node).get(Integer.parseInt(path.get(i)));
    }
    String last = path.get(path.size() - 1);
    if (node instanceof Map) {
      ((Map<String, Object>) node).put(last, value);
    } else {
      List<Object> list = (List<Object>) node;
      list.set(Integer.parseInt(last), value);
    }
  }

  static List<String> names() {
    List<String> out = new ArrayList<>();
    TEMPLATES.forEach(t -> out.add(t.event()));
    return out;
  }
}
