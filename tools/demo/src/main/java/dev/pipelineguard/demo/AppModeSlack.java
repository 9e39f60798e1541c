package dev.pipelineguard.demo;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.FakeSlackWebApi;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.TestAws;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * bin/demo's step 5: the notifier in Slack app mode. A fake Slack Web API on loopback (tokens,
 * channels, {@code ts}, threads and rate limits as Slack documents them), the app secret and the
 * board table in moto, CodePipeline's answers about the run on the demo's WireMock, and the
 * notifier's template variables set as {@code SlackMode=app} would set them. Follows what each
 * invocation changed in the channel.
 */
final class AppModeSlack implements AutoCloseable {
  static final String TOKEN = "xoxb-0000000000-0000000000-pipelineguarddemo";
  static final String CHANNEL = "C0DEMODEPL";
  static final String CHANNEL_NAME = "#deployments";
  static final String TABLE = "pipeline-guard-dev-slack-boards";

  private final FakeSlackWebApi slack;
  private final LocalFunctions functions;
  private int parentVersions;
  private int replies;
  private int parents;

  private AppModeSlack(FakeSlackWebApi slack, LocalFunctions functions) {
    this.slack = slack;
    this.functions = functions;
  }

  static AppModeSlack start(Emulators emulators, LocalFunctions functions) {
    FakeSlackWebApi slack =
        FakeSlackWebApi.start(Clock.systemUTC(), TOKEN).channel(CHANNEL, "deployments");
    AwsSdk.Settings settings = TestAws.settings();
    String secretArn;
    try (SecretsManagerClient secrets = AwsSdk.build(SecretsManagerClient.builder(), settings);
        DynamoDbClient dynamo = AwsSdk.build(DynamoDbClient.builder(), settings)) {
      secretArn =
          secrets
              .createSecret(
                  r ->
                      r.name("pipeline-guard/dev/slack-app")
                          .secretString(
                              JsonWriter.write(Map.of("botToken", TOKEN, "channel", CHANNEL_NAME))))
              .arn();
      dynamo.createTable(
          r ->
              r.tableName(TABLE)
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
    }
    // What CodePipeline answers about the run (the notifier's app-mode test fixture).
    Json codePipeline =
        Json.parse(
            DemoFiles.read(
                RepoPaths.root()
                    .resolve(
                        "functions/slack-notifier/src/test/resources/appmode/failing-run-codepipeline.json")));
    for (String operation :
        List.of(
            "GetPipeline",
            "GetPipelineExecution",
            "ListPipelineExecutions",
            "ListActionExecutions")) {
      emulators.wiremock.stubFor(
          AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + operation)
              .atPriority(1)
              .willReturn(AwsJsonStubs.ok(codePipeline.get(operation).toString())));
    }
    functions.set("SlackNotifierFunction", "SLACK_MODE", "app");
    functions.set("SlackNotifierFunction", "SLACK_APP_SECRET_ARN", secretArn);
    functions.set("SlackNotifierFunction", "BOARD_TABLE", TABLE);
    functions.set("SlackNotifierFunction", "SLACK_API_URL", slack.baseUrl().toString());
    return new AppModeSlack(slack, functions);
  }

  /** One line on what the last invocation did in the channel. */
  String whatChanged() {
    List<String> changes = new ArrayList<>();
    List<FakeSlackWebApi.Message> all = slack.parents(CHANNEL);
    if (all.size() > parents) {
      changes.add(
          all.size() == 1
              ? "posted the board"
              : "posted a new board (" + all.size() + " parents!)");
    }
    parents = all.size();
    FakeSlackWebApi.Message parent = parent();
    if (parent != null) {
      int versions = parent.versions().size();
      if (versions > parentVersions && !(changes.size() == 1 && versions == 1)) {
        changes.add("updated the board");
      }
      parentVersions = versions;
      List<FakeSlackWebApi.Message> thread = slack.replies(CHANNEL, parent.ts());
      for (FakeSlackWebApi.Message reply :
          thread.subList(Math.min(replies, thread.size()), thread.size())) {
        changes.add(
            "replied: "
                + BlockKitRenderer.emoji(
                    BlockKitRenderer.mrkdwnToText(
                        firstLine(reply.payload().get("text").textOr("")))));
      }
      replies = thread.size();
    }
    return changes.isEmpty() ? "no change" : "-> " + String.join("; ", changes);
  }

  int parentCount() {
    return slack.parents(CHANNEL).size();
  }

  /**
   * The thread as it ends, and the board's states on the way (the last version under each title).
   */
  BlockKitRenderer.SlackThread thread() {
    FakeSlackWebApi.Message parent = parent();
    if (parent == null) {
      return null;
    }
    List<Json> evolution = new ArrayList<>();
    String title = null;
    Json last = null;
    for (String version : parent.versions()) {
      Json payload = Json.parse(version);
      String header = payload.get("blocks").at(0).path("text", "text").textOr("");
      if (title != null && !header.equals(title)) {
        evolution.add(last);
      }
      title = header;
      last = payload;
    }
    List<Json> thread =
        slack.replies(CHANNEL, parent.ts()).stream().map(FakeSlackWebApi.Message::payload).toList();
    return new BlockKitRenderer.SlackThread(
        parent.payload(), thread, evolution, parent.versions().size());
  }

  private FakeSlackWebApi.Message parent() {
    List<FakeSlackWebApi.Message> live =
        slack.parents(CHANNEL).stream().filter(m -> !m.deleted()).toList();
    return live.isEmpty() ? null : live.get(live.size() - 1);
  }

  /** What a delivered event is, in a few words: {@code Stage Build SUCCEEDED}. */
  static String describe(Json event) {
    Json sns = event.get("Records").at(0).get("Sns");
    if (!sns.isMissing()) {
      return "Report on SNS: " + sns.get("Subject").textOr("(no subject)");
    }
    Json detail = event.get("detail");
    String type = event.get("detail-type").textOr("");
    String state = detail.get("state").textOr("?");
    if (type.contains("Action")) {
      return "Action "
          + detail.get("stage").textOr("?")
          + " › "
          + detail.get("action").textOr("?")
          + " "
          + state;
    }
    if (type.contains("Stage")) {
      return "Stage " + detail.get("stage").textOr("?") + " " + state;
    }
    return "Pipeline " + state;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 90 ? line.substring(0, 89) + "…" : line;
  }

  @Override
  public void close() {
    functions.set("SlackNotifierFunction", "SLACK_MODE", "webhook");
    slack.close();
  }
}
