package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.PublishedEvents;
import dev.pipelineguard.notifier.blockkit.BlockKitLimits;
import dev.pipelineguard.notifier.enrich.ExecutionHistory;
import dev.pipelineguard.notifier.format.Category;
import dev.pipelineguard.notifier.format.FormatContext;
import dev.pipelineguard.notifier.format.MessageFormats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published AWS event of {@code events/published/} through the notifier, asserting what
 * {@code expectations.json} says an engineer must read: the category, whether it posts under the
 * default NOTIFY_ON (else nothing is posted and {@code notice.filtered} is logged), how many
 * messages, the literal strings that must (and must not) appear, and for every message Slack's
 * limits, no live mention and no raw JSON.
 */
class PublishedEventsTest {
  static final Instant NOW = Instant.parse("2025-03-14T17:10:00Z");

  /** Enrichment is off in these tests: CodePipeline must never be asked. */
  static final ExecutionHistory NO_HISTORY =
      new ExecutionHistory() {
        @Override
        public dev.pipelineguard.notifier.enrich.ExecutionDetails execution(
            String pipeline, String executionId) {
          throw new AssertionError("enrichment is off");
        }

        @Override
        public List<dev.pipelineguard.notifier.enrich.ActionRun> actionRuns(
            String pipeline, String executionId) {
          throw new AssertionError("enrichment is off");
        }
      };

  static Stream<PublishedEvents.Entry> notifierEvents() {
    return PublishedEvents.with("notifier").stream();
  }

  /** No CodePipeline enrichment: what an engineer must read is in the event itself. */
  static Notifier notifier(Set<Category> notifyOn, RecordingPoster poster, PrintStream log) {
    NotifierConfig config =
        new NotifierConfig(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:pipeline-guard/dev/slack-webhook-AbCdEf",
            notifyOn,
            Routes.none(),
            false,
            Duration.ofSeconds(1),
            3,
            Duration.ofSeconds(5),
            "dev",
            "slack-notifier");
    return new Notifier(
        config,
        new MessageFormats(FormatContext.of("dev")),
        NO_HISTORY,
        poster,
        new MutableClock(NOW),
        new Log("published-events-test", log));
  }

  @Test
  void everyEventOfTheCorpusHasExpectations() {
    List<String> expected =
        PublishedEvents.all().stream().map(PublishedEvents.Entry::file).sorted().toList();
    assertThat(PublishedEvents.files())
        .as("files in events/published vs entries in expectations.json")
        .containsExactlyElementsOf(expected);
    for (PublishedEvents.Entry entry : PublishedEvents.all()) {
      assertThat(entry.notifier().isObject() || entry.validator().isObject())
          .as("%s: an expectation for the notifier or the validator", entry.file())
          .isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notifierEvents")
  void postsWhatAnEngineerMustReadInTheCategoryTheCorpusNames(PublishedEvents.Entry entry) {
    Json expected = entry.notifier();
    Json payload = entry.payload();

    MessageFormats formats = new MessageFormats(FormatContext.of("dev"));
    for (Envelope envelope : Envelope.unwrap(payload)) {
      assertThat(formats.read(envelope).category().configName())
          .as("category")
          .isEqualTo(expected.get("category").text());
    }

    RecordingPoster poster = new RecordingPoster();
    List<Notifier.Result> results =
        notifier(EnumSet.allOf(Category.class), poster, quiet())
            .handle(payload, NOW.plusSeconds(60));
    assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("posted"));
    assertThat(poster.posts)
        .hasSize(expected.get("messages").wholeNumber().orElseThrow().intValue());

    StringBuilder all = new StringBuilder();
    List<String> blockTexts = new ArrayList<>();
    for (RecordingPoster.Posted posted : poster.posts) {
      Json message = Json.parse(posted.message().json());
      assertThat(BlockKitLimits.violations(message)).as("Block Kit limits").isEmpty();
      assertThat(SlackSafety.problems(message)).as("no live mention, no foreign link").isEmpty();
      List<String> texts = new ArrayList<>();
      texts(message, texts);
      for (String text : texts) {
        assertThat(text).as("no raw JSON").doesNotContain("{\"").doesNotContain("\":");
        all.append(text).append('\n');
      }
      List<String> inBlocks = new ArrayList<>();
      texts(message.get("blocks"), inBlocks);
      texts(message.get("attachments"), inBlocks);
      blockTexts.add(String.join("\n", inBlocks));
    }
    for (String must : expected.get("must_contain").texts()) {
      assertThat(all.toString()).as("must contain").contains(must);
    }
    for (String mustNot : expected.get("must_not_contain").texts()) {
      assertThat(all.toString()).as("must not contain").doesNotContain(mustNot);
    }
    for (String once : expected.get("must_contain_exactly_once").texts()) {
      String blocks = String.join("\n", blockTexts);
      assertThat(blocks.split(java.util.regex.Pattern.quote(once), -1).length - 1)
          .as("exactly once: %s", once)
          .isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notifierEvents")
  void postsUnderTheDefaultNotifyOnOnlyWhatTheCorpusSays(PublishedEvents.Entry entry) {
    boolean byDefault = entry.notifier().get("posts_by_default").bool().orElseThrow();
    RecordingPoster poster = new RecordingPoster();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<Notifier.Result> results =
        notifier(
                NotifierConfig.parseCategories(NotifierConfig.DEFAULT_NOTIFY_ON),
                poster,
                new PrintStream(log, true, StandardCharsets.UTF_8))
            .handle(entry.payload(), NOW.plusSeconds(60));
    if (byDefault) {
      assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("posted"));
      assertThat(poster.posts).isNotEmpty();
    } else {
      assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("filtered"));
      assertThat(poster.posts).isEmpty();
      assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"event\":\"notice.filtered\"");
    }
  }

  /**
   * Our own fixture (the one published capture of this case states no licence): one message, the
   * action once.
   */
  @Test
  void aNotificationListingTheSameFailedActionTwiceShowsItOnce() throws Exception {
    String message =
        new String(
            PublishedEventsTest.class
                .getResourceAsStream("/fixtures/codestar-pipeline-failed-same-action-twice.json")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    RecordingPoster poster = new RecordingPoster();
    notifier(EnumSet.allOf(Category.class), poster, quiet())
        .handle(
            Json.parse(PublishedEvents.snsEvent(message, null, "same-action-twice")),
            NOW.plusSeconds(60));

    assertThat(poster.posts).hasSize(1);
    String json = poster.posts.get(0).message().json();
    assertThat(json.split("\\*Failed:\\*", -1).length - 1)
        .as("failed-action sections")
        .isEqualTo(1);
    assertThat(json.split("ECS deployment circuit breaker: tasks failed to start", -1).length - 1)
        .as("the action's message in the blocks (the fallback text repeats it once)")
        .isEqualTo(2);
    assertThat(json).contains("Deploy").contains("orders-api-pipeline");
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Every {@code text} string of a Slack payload (header, sections, fields, context, fallback). */
  static void texts(Json node, List<String> out) {
    if (node.isObject()) {
      node.fields()
          .forEach(
              (key, value) -> {
                if (value.isString() && key.equals("text")) {
                  out.add(value.text());
                } else {
                  texts(value, out);
                }
              });
    } else if (node.isArray()) {
      node.elements().forEach(e -> texts(e, out));
    }
  }
}
