package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.ExternalCommand;
import dev.pipelineguard.emulation.FakeSlackWebApi;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.notifier.delivery.SlackSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The deployable jar through {@code bin/local-invoke}, as the Lambda runtime runs it (no-arg
 * constructor, environment from template.yaml): the webhook secret in moto, Slack and CodePipeline
 * on WireMock. The template enables SnapStart, so local-invoke runs the SnapStart lifecycle (init,
 * beforeCheckpoint, afterRestore, invocation) with credentials only from the container credentials
 * endpoint, as Lambda does; {@code --no-snapstart} runs it with the access-key variables instead.
 */
class SlackNotifierIT {
  static MotoServer moto;
  static SlackSink slack;
  static WireMockServer codePipeline;
  static String secretArn;

  @BeforeAll
  static void start() {
    moto = MotoServer.shared();
    TestAws.useMoto(moto);
    slack = new SlackSink();
    codePipeline = AwsJsonStubs.start();
    CodePipelineStubs.install(codePipeline);
    try (SecretsManagerClient secrets =
        AwsSdk.build(SecretsManagerClient.builder(), TestAws.settings())) {
      secretArn =
          secrets
              .createSecret(
                  b ->
                      b.name("it/slack-webhook-" + UUID.randomUUID())
                          .secretString(slack.url().toString()))
              .arn();
    }
  }

  @AfterAll
  static void stop() {
    slack.close();
    codePipeline.stop();
  }

  @BeforeEach
  void reset() {
    slack.answer(SlackSink.ok());
  }

  private static ExternalCommand.Result localInvoke(String event, String... options) {
    String root = RepoPaths.root().toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                root + "/bin/local-invoke",
                "SlackNotifierFunction",
                "-e",
                event,
                "--parameter-overrides",
                "SlackWebhookSecretArn=" + secretArn));
    command.addAll(List.of(options));
    return ExternalCommand.run(
        RepoPaths.root(),
        Duration.ofMinutes(2),
        command,
        Map.of(
            "AWS_ENDPOINT_URL",
            moto.endpoint().toString(),
            "AWS_ENDPOINT_URL_CODEPIPELINE",
            "http://127.0.0.1:" + codePipeline.port(),
            "AWS_ACCESS_KEY_ID",
            "testing",
            "AWS_SECRET_ACCESS_KEY",
            "testing",
            "AWS_REGION",
            "us-east-1"),
        null);
  }

  @Test
  void underSnapStartPostsTheFailedPipelineSampleEventWithCredentialsFetchedOnlyAfterTheRestore()
      throws IOException {
    ExternalCommand.Result result = localInvoke("events/notifier/pipeline-failed.json");

    assertThat(result.exit()).as(result.output()).isZero();
    // The priming hook ran before the snapshot without fetching credentials; the secret read after.
    assertThat(result.stderr())
        .containsSubsequence(
            "\"event\":\"snapstart.primed\"",
            "\"event\":\"snapstart.restored\"",
            "\"event\":\"notice.posted\"",
            "local-invoke: container credentials: 0 requests before the snapshot, 1 after restore, 0 refused");
    assertThat(Json.parse(result.stdout().strip()).get("results").at(0).get("outcome").text())
        .isEqualTo("posted");
    assertThat(slack.posted())
        .singleElement()
        .satisfies(
            posted ->
                assertThat(PrettyJson.write(posted))
                    .isEqualTo(
                        Files.readString(
                            GoldenMessagesTest.GOLDEN.resolve("pipeline-failed.slack.json"),
                            StandardCharsets.UTF_8)));
    assertThat(result.stderr())
        .contains("\"event\":\"notice.posted\"")
        .doesNotContain(SlackSink.TOKEN);
  }

  @Test
  void withAccessKeysARejectedMessageFailsTheInvocationSoTheEventReachesTheFailureDestination() {
    slack.answer(SlackSink.error(410, "channel_is_archived"));

    ExternalCommand.Result result =
        localInvoke("events/notifier/sns-rollback-report.json", "--no-snapstart");

    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    // On demand: the secret was read with the access-key variables; no hook, no endpoint.
    assertThat(result.stderr())
        .doesNotContain("snapstart.primed")
        .doesNotContain("container credentials");
    assertThat(result.stdout())
        .contains("SlackRejectedException")
        .contains("channel_is_archived")
        .doesNotContain(SlackSink.TOKEN);
    assertThat(result.stderr()).contains("\"SlackRejected\":1").doesNotContain(SlackSink.TOKEN);
    assertThat(slack.requests()).hasSize(1);
  }

  @Test
  void aBadSlackMaxAttemptsFailsTheInitAtOnceWithTheErrorTheRuntimeReports() throws IOException {
    Path envFile = Files.createTempFile("notifier-env", ".json");
    try {
      Files.writeString(envFile, "{\"SlackNotifierFunction\": {\"SLACK_MAX_ATTEMPTS\": \"0\"}}");
      long started = System.nanoTime();

      ExternalCommand.Result result =
          localInvoke("events/notifier/pipeline-failed.json", "-n", envFile.toString());

      assertThat(result.exit()).as(result.output()).isEqualTo(1);
      Json error = Json.parse(result.stdout().strip());
      assertThat(error.get("errorMessage").text())
          .contains("SLACK_MAX_ATTEMPTS must be between 1 and 5");
      assertThat(error.get("errorType").text()).endsWith("ConfigException");
      assertThat(result.stderr())
          .contains("local-invoke: the function failed to initialise (Runtime.BadFunctionCode)");
      // Not the init allowance plus the 30 s timeout.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
      assertThat(slack.requests()).isEmpty();
    } finally {
      Files.deleteIfExists(envFile);
    }
  }

  /**
   * App mode as the template configures it (SlackMode=app): the board table is the template's
   * SlackNotifierBoards (local-invoke resolves the !Ref to its logical id, so moto has a table of
   * that name), the app secret in moto, Slack's Web API the fake one on loopback (SLACK_API_URL).
   */
  @Test
  void inAppModeUnderSnapStartAPipelineEventOpensItsExecutionsBoardInTheChannel()
      throws IOException {
    try (FakeSlackWebApi fake =
            FakeSlackWebApi.start(java.time.Clock.systemUTC(), APP_TOKEN)
                .channel("C0DEPLOYS1", "deployments");
        DynamoDbClient dynamo = AwsSdk.build(DynamoDbClient.builder(), TestAws.settings())) {
      boardTable(dynamo);
      Path envFile = Files.createTempFile("notifier-env", ".json");
      try {
        Files.writeString(
            envFile,
            "{\"SlackNotifierFunction\": {\"SLACK_API_URL\": \"" + fake.baseUrl() + "\"}}");

        ExternalCommand.Result result =
            localInvokeInAppMode("events/notifier/pipeline-failed.json", "-n", envFile.toString());

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.stderr())
            .containsSubsequence(
                "\"event\":\"snapstart.primed\"",
                "\"event\":\"snapstart.restored\"",
                "\"event\":\"board.event\"",
                "local-invoke: container credentials: 0 requests before the snapshot, 1 after restore, 0 refused");
        assertThat(Json.parse(result.stdout().strip()).get("results").at(0).get("outcome").text())
            .isEqualTo("posted");
        assertThat(fake.parents("C0DEPLOYS1"))
            .singleElement()
            .satisfies(
                parent ->
                    assertThat(parent.payload().toString())
                        .contains(":red_circle: Failed: pipeline-guard-dev-pipeline"));
        assertThat(result.output()).doesNotContain(APP_TOKEN);
      } finally {
        Files.deleteIfExists(envFile);
      }
    }
  }

  @Test
  void inAppModeASecretWithoutABotTokenFailsTheInvocationNamingItButNotItsValue()
      throws IOException {
    String arn;
    try (SecretsManagerClient secrets =
        AwsSdk.build(SecretsManagerClient.builder(), TestAws.settings())) {
      arn =
          secrets
              .createSecret(
                  b ->
                      b.name("it/slack-app-bad-" + UUID.randomUUID())
                          .secretString(
                              "{\"botToken\":\"xoxp-user-token-not-a-bot-4242\",\"channel\":\"C0DEPLOYS1\"}"))
              .arn();
    }
    try (DynamoDbClient dynamo = AwsSdk.build(DynamoDbClient.builder(), TestAws.settings())) {
      boardTable(dynamo);
    }

    ExternalCommand.Result result =
        localInvoke(
            "events/notifier/pipeline-started.json",
            "--no-snapstart",
            "--parameter-overrides",
            "SlackMode=app",
            "SlackAppSecretArn=" + arn);

    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.stdout())
        .contains("SlackAppConfigException")
        .contains(arn)
        .contains("xoxb-")
        .doesNotContain("xoxp-user-token-not-a-bot-4242");
    assertThat(result.stderr()).doesNotContain("xoxp-user-token-not-a-bot-4242");
  }

  static final String APP_TOKEN = "xoxb-4444-5555-local-invoke";

  private static void boardTable(DynamoDbClient dynamo) {
    try {
      dynamo.createTable(
          b ->
              b.tableName("SlackNotifierBoards")
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("id")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName("id")
                          .keyType(KeyType.HASH)
                          .build()));
    } catch (ResourceInUseException alreadyThere) {
      // made by the other app-mode test of this run
    }
  }

  private static ExternalCommand.Result localInvokeInAppMode(String event, String... options) {
    String appSecret;
    try (SecretsManagerClient secrets =
        AwsSdk.build(SecretsManagerClient.builder(), TestAws.settings())) {
      appSecret =
          secrets
              .createSecret(
                  b ->
                      b.name("it/slack-app-" + UUID.randomUUID())
                          .secretString(
                              "{\"botToken\":\"" + APP_TOKEN + "\",\"channel\":\"deployments\"}"))
              .arn();
    }
    List<String> all = new ArrayList<>(List.of(options));
    all.addAll(List.of("--parameter-overrides", "SlackMode=app", "SlackAppSecretArn=" + appSecret));
    return localInvoke(event, all.toArray(String[]::new));
  }
}
