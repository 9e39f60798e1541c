package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.PublishedEvents;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.notifier.blockkit.BlockKitLimits;
import dev.pipelineguard.notifier.enrich.CodePipelineExecutionHistory;
import dev.pipelineguard.notifier.format.Category;
import dev.pipelineguard.notifier.format.FormatContext;
import dev.pipelineguard.notifier.format.MessageFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * Every sample event in {@code events/notifier/} against the exact Slack payload it produces,
 * stored in {@code src/test/resources/golden/<event>.slack.json}. A new event type is a new
 * fixture, not new test code. CodePipeline enrichment comes from WireMock ({@link
 * CodePipelineStubs}).
 *
 * <p>To regenerate after a deliberate format change, then review every diff by eye: {@code mvn -o
 * verify -pl functions/slack-notifier -Dgolden.update=true -Dtest=GoldenMessagesTest}.
 */
class GoldenMessagesTest {
  static final boolean UPDATE = Boolean.getBoolean("golden.update");
  static final Path GOLDEN =
      RepoPaths.root().resolve("functions/slack-notifier/src/test/resources/golden");
  static final Instant NOW = Instant.parse("2025-03-14T17:10:00Z");
  static final NotifierConfig CONFIG =
      new NotifierConfig(
          "arn:aws:secretsmanager:us-east-1:123456789012:secret:pipeline-guard/dev/slack-webhook-AbCdEf",
          EnumSet.allOf(Category.class),
          Routes.none(),
          true,
          Duration.ofSeconds(5),
          3,
          Duration.ofSeconds(5),
          "dev",
          "slack-notifier");

  static WireMockServer codePipeline;
  static CodePipelineClient client;

  @BeforeAll
  static void startCodePipeline() {
    codePipeline = AwsJsonStubs.start();
    CodePipelineStubs.install(codePipeline);
    TestAws.route("CodePipeline", codePipeline);
    client = AwsSdk.build(CodePipelineClient.builder(), TestAws.settings());
    TestAws.unroute("CodePipeline");
  }

  @AfterAll
  static void stopCodePipeline() {
    client.close();
    codePipeline.stop();
  }

  static Stream<String> sampleEvents() throws IOException {
    try (Stream<Path> files = Files.list(RepoPaths.events().resolve("notifier"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .collect(Collectors.toList())
          .stream();
    }
  }

  /**
   * Published events (events/published, as AWS and others published them) for the formats that were
   * made for them: one golden message per format, in {@code golden/published/<file>.slack.json}.
   */
  static final List<String> PUBLISHED =
      List.of(
          "ecs-task/task-stopped-essential-container-exited.json",
          "ecs-task/task-running-doc.json",
          "ecs-task/task-spot-termination-notice-doc.json",
          "cloudwatch-alarm/sns-message-alarm.json",
          "sns/cloudwatch-alarm-ok-captured.json",
          "cloudwatch-alarm/eventbridge-single-metric-alarm.json",
          "cloudwatch-alarm/eventbridge-composite-alarm-with-suppressor.json",
          "cloudwatch-alarm/lambda-action-metric-alarm.json",
          "other/cloudwatch-alarm-configuration-change.json",
          "other/aws-health-event.json",
          "sns/sns-json-message-not-an-event.json",
          "codestar-notification/stage-started-source-actions.json",
          "codebuild/functionci-build-failed.json");

  static Stream<String> publishedEvents() {
    return PUBLISHED.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleEvents")
  void sampleEventBecomesItsGoldenSlackPayload(String event) throws IOException {
    assertGolden(
        Events.json("notifier/" + event),
        event,
        GOLDEN.resolve(event.replace(".json", ".slack.json")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedEvents")
  void publishedEventBecomesItsGoldenSlackPayload(String file) throws IOException {
    Path golden = GOLDEN.resolve("published").resolve(file.replace(".json", ".slack.json"));
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
    }
    assertGolden(PublishedEvents.get(file).payload(), file, golden);
  }

  private void assertGolden(Json event, String name, Path golden) throws IOException {
    RecordingPoster poster = new RecordingPoster();
    Notifier notifier =
        new Notifier(
            CONFIG,
            new MessageFormats(FormatContext.of("dev")),
            new CodePipelineExecutionHistory(client),
            poster,
            new MutableClock(NOW),
            new Log("golden-test"));

    List<Notifier.Result> results = notifier.handle(event, NOW.plusSeconds(60));

    List<Json> payloads = new ArrayList<>();
    for (RecordingPoster.Posted posted : poster.posts) {
      Json payload = Json.parse(posted.message().json());
      assertThat(BlockKitLimits.violations(payload)).as("Block Kit limits of %s", name).isEmpty();
      assertThat(SlackSafety.problems(payload)).as("safety of %s", name).isEmpty();
      payloads.add(payload);
    }
    String actual = PrettyJson.write(payloads.size() == 1 ? payloads.get(0) : outcomes(results));
    if (UPDATE) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  /** For events that post nothing: what the notifier decided, so that is pinned too. */
  private static Json outcomes(List<Notifier.Result> results) {
    List<Object> out = new ArrayList<>();
    for (Notifier.Result result : results) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("kind", result.kind());
      item.put("outcome", result.outcome());
      item.put("detail", result.detail());
      out.add(item);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("posted", List.of());
    root.put("results", out);
    return Json.parse(dev.pipelineguard.common.JsonWriter.write(root));
  }

  @Test
  void everyPublishedGoldenFileBelongsToAListedEvent() throws IOException {
    Path dir = GOLDEN.resolve("published");
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> orphans =
          files
              .filter(Files::isRegularFile)
              .map(
                  p ->
                      dir.relativize(p)
                          .toString()
                          .replace('\\', '/')
                          .replace(".slack.json", ".json"))
              .filter(n -> !PUBLISHED.contains(n))
              .collect(Collectors.toList());
      assertThat(orphans).as("golden files of published events not in PUBLISHED").isEmpty();
    }
  }

  @Test
  void everyGoldenFileBelongsToASampleEvent() throws IOException {
    List<String> events = sampleEvents().collect(Collectors.toList());
    try (Stream<Path> files = Files.list(GOLDEN)) {
      List<String> orphans =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".slack.json"))
              .filter(n -> !events.contains(n.replace(".slack.json", ".json")))
              .collect(Collectors.toList());
      assertThat(orphans).as("golden files without a sample event").isEmpty();
    }
  }
}
