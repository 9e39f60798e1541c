package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.emulation.TestContext;
import dev.pipelineguard.notifier.delivery.SlackRejectedException;
import dev.pipelineguard.notifier.delivery.SlackSink;
import dev.pipelineguard.notifier.delivery.WebhookConfigException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The handler with the runtime's wiring: the webhook secret in moto, Slack and CodePipeline on
 * WireMock, real HTTP all the way. Only the credentials differ from Lambda (static test ones).
 */
class SlackNotifierHandlerTest {
  static SlackSink slack;
  static WireMockServer codePipeline;
  static String secretArn;
  static SecretsManagerClient secrets;

  @BeforeAll
  static void start() {
    TestAws.useMoto(MotoServer.shared());
    slack = new SlackSink();
    codePipeline = AwsJsonStubs.start();
    CodePipelineStubs.install(codePipeline);
    TestAws.route("CodePipeline", codePipeline);
    secrets = AwsSdk.build(SecretsManagerClient.builder(), TestAws.settings());
    secretArn =
        secrets
            .createSecret(
                b ->
                    b.name("handler-test/slack-" + UUID.randomUUID())
                        .secretString("{\"webhookUrl\":\"" + slack.url() + "\"}"))
            .arn();
  }

  @AfterAll
  static void stop() {
    TestAws.unroute("CodePipeline");
    secrets.close();
    slack.close();
    codePipeline.stop();
  }

  @BeforeEach
  void reset() {
    slack.answer(SlackSink.ok());
  }

  private static SlackNotifierHandler handler(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_WEBHOOK_SECRET_ARN", secretArn);
    env.put("AWS_REGION", TestAws.REGION);
    env.put("ENVIRONMENT", "dev");
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return new SlackNotifierHandler(new Env(env), TestAws.settings());
  }

  private static Json invoke(SlackNotifierHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, TestContext.withTimeout(30));
    return Json.parse(out.toByteArray());
  }

  @Test
  void snapStartPrimingRendersAMessageButCallsNothingPostsNothingAndReadsNoSecret() {
    int slackBefore = slack.requests().size();
    int codePipelineBefore = codePipeline.getAllServeEvents().size();
    SlackNotifierHandler handler = handler();

    try (CapturedOutput output = new CapturedOutput()) {
      assertThat(handler.prime()).isEqualTo(1);
      assertThat(output.text()).contains("snapstart.primed");
    }

    assertThat(slack.requests()).hasSize(slackBefore);
    assertThat(codePipeline.getAllServeEvents()).hasSize(codePipelineBefore);
  }

  @Test
  void postsTheGoldenMessageOfAFailedPipelineWithItsFailedAction() throws IOException {
    Json response = invoke(handler(), Events.bytes("notifier/pipeline-failed.json"));

    assertThat(response.get("results").at(0).get("outcome").text()).isEqualTo("posted");
    assertThat(slack.posted())
        .singleElement()
        .satisfies(
            posted ->
                assertThat(PrettyJson.write(posted))
                    .isEqualTo(
                        Files.readString(
                            GoldenMessagesTest.GOLDEN.resolve("pipeline-failed.slack.json"),
                            StandardCharsets.UTF_8)));
  }

  @Test
  void logsNeitherTheWebhookNorTheSecretNorTheEventText() throws IOException {
    slack.answerInOrder(SlackSink.error(500, "rollup_error"), SlackSink.ok());
    try (CapturedOutput output = new CapturedOutput()) {
      invoke(handler(), Events.bytes("notifier/pipeline-failed.json"));
      slack.answer(SlackSink.error(404, "no_service"));
      assertThatThrownBy(() -> invoke(handler(), Events.bytes("notifier/sns-rollback-report.json")))
          .isInstanceOf(SlackRejectedException.class);

      assertThat(output.text())
          .contains("\"event\":\"notice.posted\"")
          .contains("\"event\":\"slack.rejected\"")
          .doesNotContain(SlackSink.TOKEN)
          .doesNotContain("webhookUrl")
          .doesNotContain("Bump base image")
          .doesNotContain("Dana Okafor")
          .doesNotContain("Tasks cannot reach the image registry");
    }
  }

  @Test
  void aMessageSlackRejectsFailsTheInvocationWithAnEmbeddedMetric() {
    slack.answer(SlackSink.error(400, "invalid_payload"));
    try (CapturedOutput output = new CapturedOutput()) {
      assertThatThrownBy(
              () -> invoke(handler(), Events.bytes("notifier/sns-validation-report.json")))
          .isInstanceOfSatisfying(
              SlackRejectedException.class,
              e -> assertThat(e.slackError()).isEqualTo("invalid_payload"));

      assertThat(output.text()).contains("\"CloudWatchMetrics\"").contains("\"SlackRejected\":1");
    }
  }

  @Test
  void aSlowCodePipelineDelaysTheMessageByAtMostTheEnrichmentTimeout() throws IOException {
    codePipeline.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "GetPipelineExecution")
            .atPriority(1)
            .willReturn(AwsJsonStubs.ok("{}").withFixedDelay(10_000)));
    codePipeline.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListActionExecutions")
            .atPriority(1)
            .willReturn(AwsJsonStubs.ok("{}").withFixedDelay(10_000)));
    try {
      long started = System.nanoTime();
      invoke(
          handler("ENRICHMENT_TIMEOUT_MS", "400"), Events.bytes("notifier/pipeline-failed.json"));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
      assertThat(slack.posted())
          .singleElement()
          .satisfies(
              posted ->
                  assertThat(posted.toString())
                      .contains("Pipeline failed: pipeline-guard-dev-pipeline")
                      .contains(
                          "GetPipelineExecution: timed out; ListActionExecutions: timed out"));
    } finally {
      codePipeline.resetAll();
      CodePipelineStubs.install(codePipeline);
    }
  }

  @Test
  void aPipelineStartIsNotPostedWithTheDefaultCategories() throws IOException {
    Json response = invoke(handler(), Events.bytes("notifier/pipeline-started.json"));

    assertThat(response.get("results").at(0).get("outcome").text()).isEqualTo("filtered");
    assertThat(slack.requests()).isEmpty();
  }

  @Test
  void aPayloadThatIsNotJsonFailsWithoutQuotingIt() {
    byte[] junk = "{\"Records\": [ secret-ish text".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> invoke(handler(), junk))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("not JSON")
        .hasMessageNotContaining("secret-ish");
    assertThat(slack.requests()).isEmpty();
  }

  @Test
  void aWebhookSecretWithAPlainHttpUrlIsRefusedWithoutNamingIt() {
    String arn =
        secrets
            .createSecret(
                b ->
                    b.name("handler-test/bad-" + UUID.randomUUID())
                        .secretString("http://hooks.example.test/services/T1/B1/leaky-token"))
            .arn();
    try (CapturedOutput output = new CapturedOutput()) {
      assertThatThrownBy(
              () ->
                  invoke(
                      handler("SLACK_WEBHOOK_SECRET_ARN", arn),
                      Events.bytes("notifier/ecs-deployment-failed.json")))
          .isInstanceOf(WebhookConfigException.class)
          .hasMessageContaining(arn)
          .hasMessageNotContaining("leaky-token");
      assertThat(output.text()).doesNotContain("leaky-token").contains("\"SlackUndelivered\":1");
    }
  }
}
