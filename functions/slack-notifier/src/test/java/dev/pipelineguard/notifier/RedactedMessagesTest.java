package dev.pipelineguard.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.notifier.blockkit.BlockKitLimits;
import dev.pipelineguard.notifier.enrich.CodePipelineExecutionHistory;
import dev.pipelineguard.notifier.format.FormatContext;
import dev.pipelineguard.notifier.format.MessageFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * Events whose outside text carries credentials, the way issue 13 found them: an ECS stop reason
 * quoting the container's command line, a commit message, a stop comment, a build's phase context,
 * an alarm's reason, the watcher's and the validator's reports (a publisher that did not redact),
 * plain text, generic values, an approval's custom data, and CodePipeline's own answers. Each
 * becomes its golden message ({@code golden/secrets/<event>.slack.json}, review a change by eye as
 * for {@link GoldenMessagesTest}), and not one planted credential reaches the Slack payload or a
 * log line. One key id has a zero-width space inside it.
 */
class RedactedMessagesTest {
  static final Path FIXTURES =
      RepoPaths.root().resolve("functions/slack-notifier/src/test/resources/fixtures/secrets");
  static final Path GOLDEN = GoldenMessagesTest.GOLDEN.resolve("secrets");

  /** Every credential planted in the fixtures (the secret part: what must not be readable). */
  static final List<String> SECRETS =
      List.of(
          "AKIAZ4Q7T3K9MPL2RT4B",
          "Z4Q7T3K9MPL2RT4B", // an access key id, also after a zero-width space
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYz9Q2mWk8Lp", // a secret access key
          "Tr0ub4dor-3x9", // the password of a DSN
          "S3cr3t!Pass77", // --db-password=, DB_PASSWORD=, --password
          "q8W2e4R6t8Y0u2I4o6P8a0S2",
          "hooks.slack.com/services", // a Slack webhook URL
          "xoxb-918273645012-4455667788990-Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2",
          "Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2", // a bot token
          "ghp_R8s2K4m6N8p0Q2r4S6t8U0v2W4x6Y8z0A2b4", // a GitHub token
          "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXBsb3kifQ",
          "c2lnbmF0dXJlLXRoYXQtaXMtbG9uZw", // a JWT
          "MIIEowIBAAKCAQEA7sE2vGq9hY4xJ1mN0pQ5rT8uW3zX6cB9dF2gH5jK8lM1nP4q", // a PEM private key
          "R7sT0uV3wX6yZ9aB2cD5eF8gH1iJ4kL7mN0oP3qR6sT9uV2wX5yZ8aB1cD4eF7g");

  static WireMockServer codePipeline;
  static CodePipelineClient client;

  @BeforeAll
  static void startCodePipeline() throws IOException {
    codePipeline = AwsJsonStubs.start();
    codePipeline.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post("/")
            .atPriority(100)
            .willReturn(
                AwsJsonStubs.error(
                    400, "PipelineExecutionNotFoundException", "Pipeline execution not found")));
    try (Stream<Path> files = Files.list(FIXTURES)) {
      for (Path file :
          files.filter(p -> p.getFileName().toString().startsWith("codepipeline-")).toList()) {
        String executionId =
            file.getFileName().toString().replace("codepipeline-", "").replace(".json", "");
        Json fixture = Json.parse(Files.readAllBytes(file));
        codePipeline.stubFor(
            AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "GetPipelineExecution")
                .withRequestBody(matchingJsonPath("$.pipelineExecutionId", equalTo(executionId)))
                .willReturn(AwsJsonStubs.ok(fixture.get("GetPipelineExecution").toString())));
        codePipeline.stubFor(
            AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListActionExecutions")
                .withRequestBody(
                    matchingJsonPath("$.filter.pipelineExecutionId", equalTo(executionId)))
                .willReturn(AwsJsonStubs.ok(fixture.get("ListActionExecutions").toString())));
      }
    }
    TestAws.route("CodePipeline", codePipeline);
    client = AwsSdk.build(CodePipelineClient.builder(), TestAws.settings());
    TestAws.unroute("CodePipeline");
  }

  @AfterAll
  static void stopCodePipeline() {
    client.close();
    codePipeline.stop();
  }

  static Stream<String> events() throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json") && !n.startsWith("codepipeline-"))
          .sorted()
          .collect(Collectors.toList())
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void noPlantedCredentialReachesSlackOrTheLog(String event) throws IOException {
    String raw = Files.readString(FIXTURES.resolve(event), StandardCharsets.UTF_8);
    assertThat(SECRETS.stream().filter(raw::contains))
        .as("credentials planted in %s", event)
        .isNotEmpty();
    RecordingPoster poster = new RecordingPoster();
    Notifier notifier =
        new Notifier(
            GoldenMessagesTest.CONFIG,
            new MessageFormats(FormatContext.of("dev")),
            new CodePipelineExecutionHistory(client),
            poster,
            new MutableClock(GoldenMessagesTest.NOW),
            new Log("secrets-test"));

    String logs;
    try (CapturedOutput output = new CapturedOutput()) {
      notifier.handle(
          Json.parse(raw.getBytes(StandardCharsets.UTF_8)), GoldenMessagesTest.NOW.plusSeconds(60));
      logs = output.text();
    }

    assertThat(poster.posts).hasSize(1);
    Json payload = Json.parse(poster.posts.get(0).message().json());
    String shown = PrettyJson.write(payload);
    for (String secret : SECRETS) {
      assertThat(shown).as("the Slack message of %s", event).doesNotContain(secret);
      assertThat(SlackEntities.unescape(payload.toString()))
          .as("the Slack message of %s", event)
          .doesNotContain(secret);
      assertThat(logs).as("the log of %s", event).doesNotContain(secret);
    }
    assertThat(shown).contains("[redacted ");
    assertThat(BlockKitLimits.violations(payload)).isEmpty();
    assertThat(SlackSafety.problems(payload)).isEmpty();

    Path golden = GOLDEN.resolve(event.replace(".json", ".slack.json"));
    if (GoldenMessagesTest.UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, shown, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
    assertThat(shown).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  /** The three entities Slack text uses, back to their characters. */
  static final class SlackEntities {
    private SlackEntities() {}

    static String unescape(String text) {
      return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
  }
}
