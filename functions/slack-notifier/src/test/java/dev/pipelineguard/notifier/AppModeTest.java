package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.CodePipelineRun;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.FakeSlackWebApi;
import dev.pipelineguard.emulation.FakeSlackWebApi.Fault;
import dev.pipelineguard.emulation.ManualClock;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.emulation.TestContext;
import dev.pipelineguard.notifier.aws.DynamoDbBoardStore;
import dev.pipelineguard.notifier.board.BoardRecord;
import dev.pipelineguard.notifier.delivery.SlackApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Slack app mode end to end: the handler with the runtime's wiring (SLACK_MODE=app), the boards in
 * moto's DynamoDB, the app secret in moto's Secrets Manager, CodePipeline on WireMock, and the fake
 * Slack Web API, which enforces tokens, channels, {@code ts} values, threads, limits and rate
 * limits on the same manual clock the handler waits on. Each handler is one Lambda container.
 */
class AppModeTest {
  static final String TOKEN = "xoxb-2222-3333-appmode";
  static final String CHANNEL = "C0DEPLOYS1";
  static final Path GOLDEN = GoldenMessagesTest.GOLDEN.resolve("appmode");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");
  static final List<Json> RUN = CodePipelineRun.failingRun().events();

  /**
   * The validator's report of the blocked deployment: detectedAt falls in the run's Validate
   * action.
   */
  static final Json REPORT = Events.json("notifier/sns-validation-report.json");

  static WireMockServer aws;
  static SecretsManagerClient secrets;
  static DynamoDbClient dynamo;
  static String secretArn;
  static ExecutorService threads;

  ManualClock clock;
  FakeSlackWebApi slack;
  String table;

  @BeforeAll
  static void emulators() {
    MotoServer moto = MotoServer.shared();
    TestAws.useMoto(moto);
    aws = AwsJsonStubs.start();
    AppModeStubs.install(aws, moto.endpoint());
    for (String service : List.of("CodePipeline", "DynamoDb", "SecretsManager")) {
      TestAws.route(service, aws);
    }
    secrets = AwsSdk.build(SecretsManagerClient.builder(), TestAws.settings());
    dynamo = AwsSdk.build(DynamoDbClient.builder(), TestAws.settings());
    secretArn = appSecret(TOKEN, "deployments");
    threads = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stopEmulators() {
    for (String service : List.of("CodePipeline", "DynamoDb", "SecretsManager")) {
      TestAws.unroute(service);
    }
    threads.shutdownNow();
    secrets.close();
    dynamo.close();
    aws.stop();
  }

  static String appSecret(String token, String channel) {
    return secrets
        .createSecret(
            b ->
                b.name("appmode-test/slack-app-" + UUID.randomUUID())
                    .secretString(JsonWriter.write(Map.of("botToken", token, "channel", channel))))
        .arn();
  }

  @BeforeEach
  void start() {
    clock = new ManualClock(Instant.parse("2025-03-14T16:31:03Z"));
    slack = FakeSlackWebApi.start(clock, TOKEN).channel(CHANNEL, "deployments");
    table = "boards-" + UUID.randomUUID();
    dynamo.createTable(
        b ->
            b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  /** One Lambda container in app mode. */
  SlackNotifierHandler container(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_MODE", "app");
    env.put("SLACK_APP_SECRET_ARN", secretArn);
    env.put("BOARD_TABLE", table);
    env.put("SLACK_API_URL", slack.baseUrl().toString());
    env.put("PIPELINE_NAME", CodePipelineRun.PIPELINE);
    env.put(
        "SLACK_WEBHOOK_SECRET_ARN",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:unused-AbCdEf");
    env.put("AWS_REGION", TestAws.REGION);
    env.put("ENVIRONMENT", "dev");
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return new SlackNotifierHandler(new Env(env), TestAws.settings(), clock, clock::advance);
  }

  Json invoke(SlackNotifierHandler handler, Json event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
          out,
          new TestContext("req-" + UUID.randomUUID(), Duration.ofSeconds(30), clock));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Json.parse(out.toByteArray());
  }

  static String outcome(Json response) {
    return response.get("results").at(0).get("outcome").text();
  }

  List<FakeSlackWebApi.Message> parents() {
    return slack.parents(CHANNEL);
  }

  FakeSlackWebApi.Message theParent() {
    List<FakeSlackWebApi.Message> live = parents().stream().filter(m -> !m.deleted()).toList();
    assertThat(live).as("live parents").hasSize(1);
    return live.get(0);
  }

  List<String> replyTexts(FakeSlackWebApi.Message parent) {
    return slack.replies(CHANNEL, parent.ts()).stream()
        .map(m -> m.payload().get("text").text())
        .toList();
  }

  BoardRecord stored() {
    return new DynamoDbBoardStore(dynamo, table, Duration.ofDays(30)).load(AppModeStubs.EXECUTION);
  }

  /** The run's events with the validator's report right after the Validate action failed. */
  static List<Json> inOrder() {
    List<Json> all = new ArrayList<>(RUN.subList(0, 16));
    all.add(REPORT);
    all.addAll(RUN.subList(16, RUN.size()));
    return all;
  }

  static Stream<Object[]> deliveryOrders() {
    List<Object[]> orders = new ArrayList<>();
    orders.add(new Object[] {"in order", inOrder()});
    List<Json> reversed = new ArrayList<>(inOrder());
    Collections.reverse(reversed);
    orders.add(new Object[] {"reversed", reversed});
    List<Json> reportFirst = new ArrayList<>(RUN);
    Collections.shuffle(reportFirst, new Random(7));
    reportFirst.add(0, REPORT);
    orders.add(new Object[] {"report first, events shuffled", reportFirst});
    for (long seed : new long[] {1, 2, 3}) {
      Random random = new Random(seed);
      List<Json> delivery = new ArrayList<>(inOrder());
      for (int i = 0; i < 8; i++) {
        delivery.add(
            delivery.get(
                random.nextInt(delivery.size()))); // EventBridge and SNS deliver at least once
      }
      Collections.shuffle(delivery, random);
      orders.add(new Object[] {"shuffled with duplicates, seed " + seed, delivery});
    }
    return orders.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveryOrders")
  void aFailingRunEndsInOneParentWithItsFinalBoardAndItsRepliesWhateverTheDeliveryOrder(
      String order, List<Json> delivery) throws IOException {
    slack.noRateLimits();
    List<SlackNotifierHandler> containers = List.of(container(), container());
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < delivery.size(); i++) {
      outcomes.add(outcome(invoke(containers.get(i % 2), delivery.get(i))));
    }

    assertThat(outcomes).as(order).isSubsetOf("posted", "duplicate");
    assertThat(parents()).as("%s: every parent ever posted", order).hasSize(1);
    FakeSlackWebApi.Message parent = theParent();
    assertGolden("failing-run.parent.slack.json", parent.payload());
    List<Json> replies =
        new ArrayList<>(
            slack.replies(CHANNEL, parent.ts()).stream()
                .map(FakeSlackWebApi.Message::payload)
                .toList());
    replies.sort((a, b) -> a.get("text").textOr("").compareTo(b.get("text").textOr("")));
    assertGolden("failing-run.replies.slack.json", Json.parse(JsonWriter.write(replies)));
    BoardRecord record = stored();
    assertThat(record.thread().lease()).as(order).isNull();
    assertThat(record.thread().pending()).as(order).isEmpty();
    assertThat(record.thread().parentTs()).isEqualTo(parent.ts());
  }

  void assertGolden(String name, Json actual) throws IOException {
    Path golden = GOLDEN.resolve(name);
    String text = PrettyJson.write(actual);
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, text, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
    assertThat(text).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @Test
  void theFinalBoardShowsEveryStageInItsDeclaredOrderWithTheOutcomeAndTheLinkedCommit() {
    slack.noRateLimits();
    SlackNotifierHandler container = container();
    for (Json event : inOrder()) {
      invoke(container, event);
    }
    FakeSlackWebApi.Message parent = theParent();
    String shown = parent.payload().toString();

    assertThat(parent.text())
        .isEqualTo(":red_circle: pipeline-guard-dev-pipeline: failed at Validate");
    assertThat(shown)
        .contains(":red_circle: Failed: pipeline-guard-dev-pipeline")
        .containsSubsequence(
            ":white_check_mark: *Source*",
            ":white_check_mark: *Build*",
            ":white_check_mark: *Approve*",
            ":x: *Validate*",
            ":heavy_minus_sign: *Deploy* · not run")
        .contains("failed: `PreDeployValidation` (JobFailed)")
        .contains(
            "<https://github.com/acme/orders-api/commit/3f9e2b7c1d4a5e6f708192a3b4c5d6e7f8091a2b|`3f9e2b7`>")
        .contains("Dana Okafor");
    // The board evolved in place: the parent was updated, never posted again.
    assertThat(parent.versions().size()).isGreaterThan(10);
    List<String> replies = replyTexts(parent);
    assertThat(replies).hasSize(4);
    assertThat(replies.subList(0, 3))
        .containsExactly(
            ":raised_hand: Approval needed: pipeline-guard-dev-pipeline › Approve › ReleaseApproval",
            ":white_check_mark: Approved: Approve › ReleaseApproval",
            ":x: Validate › PreDeployValidation failed: Deployment blocked: 1 check failed (secrets): the task definition references a secret that does not exist");
    assertThat(replies.get(3))
        .startsWith(":no_entry: Deployment blocked"); // the validator's report
  }

  @Test
  void twoContainersHandlingTheFirstTwoEventsAtOnceMakeOneParent() throws Exception {
    slack.noRateLimits();
    FakeSlackWebApi.Hold posting = slack.holdNext("chat.postMessage");
    SlackNotifierHandler first = container();
    SlackNotifierHandler second = container();
    Future<Json> holder = threads.submit(() -> invoke(first, RUN.get(0)));
    try {
      assertThat(posting.awaitArrival(Duration.ofSeconds(30))).isTrue();
      // While the first container posts the parent, the second stores its event and leaves.
      assertThat(outcome(invoke(second, RUN.get(1)))).isEqualTo("deferred");
    } finally {
      posting.release();
    }
    assertThat(outcome(holder.get(60, TimeUnit.SECONDS))).isEqualTo("posted");

    assertThat(parents()).hasSize(1);
    assertThat(theParent().versions()).hasSize(2); // posted, then updated with the second event
    assertThat(theParent().payload().toString()).contains("*Source* · running since 16:31:02 UTC");
    assertThat(stored().thread().lease()).isNull();
  }

  @Test
  void theSameEventAgainChangesNothingAndCallsSlackNoMore() {
    slack.noRateLimits();
    invoke(container(), RUN.get(0));
    int calls = slack.calls().size();

    assertThat(outcome(invoke(container(), RUN.get(0)))).isEqualTo("duplicate");
    assertThat(slack.calls()).hasSize(calls);
  }

  // ---------------------------------------------------------------------------------------------
  // Slack's errors, end to end

  @Test
  void
      aTokenSlackRefusesFailsTheInvocationKeepsTheEventAndARotatedSecretIsPickedUpWithoutARedeploy() {
    String badSecret = appSecret("xoxb-9999-0000-revoked", "deployments");
    SlackNotifierHandler container = container("SLACK_APP_SECRET_ARN", badSecret);
    try (CapturedOutput output = new CapturedOutput()) {
      assertThatThrownBy(() -> invoke(container, RUN.get(0)))
          .isInstanceOfSatisfying(
              SlackApiException.class,
              e -> {
                assertThat(e.error()).isEqualTo("invalid_auth");
                assertThat(e.permanent()).isTrue();
              });
      assertThat(output.text())
          .contains("\"SlackRejected\":1")
          .contains("\"event\":\"board.failed\"")
          .doesNotContain("xoxb-9999-0000-revoked")
          .doesNotContain(TOKEN);
    }
    // Lambda retries, then the event waits in the failure queue; what it changed is stored.
    assertThat(parents()).isEmpty();
    assertThat(stored().board().state()).isEqualTo("STARTED");
    assertThat(stored().thread().lease()).isNull();

    secrets.putSecretValue(
        b ->
            b.secretId(badSecret)
                .secretString(
                    JsonWriter.write(Map.of("botToken", TOKEN, "channel", "deployments"))));
    assertThat(outcome(invoke(container, RUN.get(1)))).isEqualTo("posted");
    assertThat(theParent().payload().toString())
        .contains(":arrow_forward: Running: pipeline-guard-dev-pipeline")
        .contains("*Source*");
  }

  @Test
  void aRateLimitedPostIsRetriedAfterRetryAfter() {
    slack.failNext("chat.postMessage", FakeSlackWebApi.Fault.rateLimited(3));
    Instant before = clock.instant();

    assertThat(outcome(invoke(container(), RUN.get(0)))).isEqualTo("posted");

    assertThat(slack.calls())
        .extracting(FakeSlackWebApi.Call::method, FakeSlackWebApi.Call::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("chat.postMessage", 429),
            org.assertj.core.groups.Tuple.tuple("chat.postMessage", 200));
    assertThat(Duration.between(before, clock.instant()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(parents()).hasSize(1);
  }

  @Test
  void aParentSomeoneDeletedIsReplacedByANewOneWithTheWholeBoardAndLaterRepliesGoThere() {
    slack.noRateLimits();
    SlackNotifierHandler container = container();
    for (Json event : RUN.subList(0, 8)) {
      invoke(container, event);
    }
    String deleted = theParent().ts();
    slack.delete(CHANNEL, deleted);

    for (Json event : RUN.subList(8, RUN.size())) {
      invoke(container, event);
    }

    assertThat(parents()).hasSize(2);
    FakeSlackWebApi.Message parent = theParent();
    assertThat(parent.ts()).isNotEqualTo(deleted);
    assertThat(slack.calls()).anySatisfy(c -> assertThat(c.error()).isEqualTo("message_not_found"));
    assertThat(parent.payload().toString())
        .contains(":red_circle: Failed: pipeline-guard-dev-pipeline", "*Build*");
    assertThat(replyTexts(parent))
        .anyMatch(t -> t.startsWith(":x: Validate › PreDeployValidation failed"));
  }

  // ---------------------------------------------------------------------------------------------
  // What goes where

  @Test
  void anEventOfNoExecutionIsPostedOnItsOwnExactlyAsInWebhookMode() throws IOException {
    assertThat(outcome(invoke(container(), Events.json("notifier/ecs-deployment-failed.json"))))
        .isEqualTo("posted");

    FakeSlackWebApi.Message posted = parents().get(0);
    assertThat(posted.isParent()).isTrue();
    Json golden =
        Json.parse(
            Files.readString(
                GoldenMessagesTest.GOLDEN.resolve("ecs-deployment-failed.slack.json")));
    Map<String, Object> shown = new LinkedHashMap<>();
    for (String field : List.of("text", "blocks", "attachments")) {
      if (golden.has(field)) {
        shown.put(field, golden.get(field));
      }
    }
    assertThat(posted.payload()).isEqualTo(Json.parse(JsonWriter.write(shown)));
  }

  @Test
  void theWatchersReportGoesToTheThreadOfTheExecutionItNames() {
    slack.noRateLimits();
    SlackNotifierHandler container = container();
    invoke(container, RUN.get(0));

    assertThat(outcome(invoke(container, Events.json("notifier/sns-rollback-report.json"))))
        .isEqualTo("posted");

    assertThat(replyTexts(theParent()))
        .singleElement()
        .asString()
        .contains("Rolling back: orders-api");
  }

  @Test
  void aBuildCodePipelineStartedGoesToItsExecutionsThreadFoundByItsBuildId() {
    slack.noRateLimits();
    SlackNotifierHandler container = container();

    // Before any event of the execution: the build's failure opens the thread.
    assertThat(outcome(invoke(container, Events.json("notifier/codebuild-failed.json"))))
        .isEqualTo("posted");
    FakeSlackWebApi.Message parent = theParent();
    assertThat(parent.payload().toString())
        .contains(
            "Execution: pipeline-guard-dev-pipeline", "No event of this execution has arrived yet");
    assertThat(replyTexts(parent))
        .singleElement()
        .asString()
        .startsWith(":red_circle: Build failed: pipeline-guard-dev-build");

    invoke(container, RUN.get(0));
    assertThat(parents()).hasSize(1);
    assertThat(theParent().payload().toString()).contains("Running: pipeline-guard-dev-pipeline");
  }

  @Test
  void aReportWhoseExecutionCannotBeFoundIsPostedOnItsOwn() {
    Json report =
        Json.parse(REPORT.toString().replace("2025-03-14T16:40:12Z", "2025-03-14T12:00:00Z"));
    try (CapturedOutput output = new CapturedOutput()) {
      assertThat(outcome(invoke(container(), report))).isEqualTo("posted");
      assertThat(output.text()).contains("\"event\":\"thread.not_found\"");
    }
    assertThat(parents())
        .singleElement()
        .satisfies(m -> assertThat(m.text()).contains("Deployment blocked"));
    assertThat(slack.replies(CHANNEL, parents().get(0).ts())).isEmpty();
  }

  /**
   * Every sample event and every published AWS event the notifier handles, in app mode: each ends
   * on a board, in a thread, on its own, or filtered as in webhook mode; none fails and nothing
   * Slack would refuse is sent (the fake refuses what breaks Slack's limits).
   */
  @Test
  void everySampleAndPublishedEventIsHandledInAppModeAndNoneIsLost() throws IOException {
    slack.noRateLimits();
    SlackNotifierHandler container = container();
    Map<String, Json> payloads = new LinkedHashMap<>();
    try (Stream<Path> files =
        Files.list(dev.pipelineguard.emulation.RepoPaths.events().resolve("notifier"))) {
      files
          .filter(f -> f.toString().endsWith(".json"))
          .sorted()
          .forEach(
              f ->
                  payloads.put(
                      "notifier/" + f.getFileName(), Events.json("notifier/" + f.getFileName())));
    }
    for (dev.pipelineguard.emulation.PublishedEvents.Entry entry :
        dev.pipelineguard.emulation.PublishedEvents.with("notifier")) {
      payloads.put("published/" + entry.file(), entry.payload());
    }
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (Map.Entry<String, Json> payload : payloads.entrySet()) {
      Json response = invoke(container, payload.getValue());
      for (Json result : response.get("results").elements()) {
        outcomes.put(payload.getKey(), result.get("outcome").text());
      }
    }

    assertThat(payloads).hasSizeGreaterThan(60);
    assertThat(outcomes.values()).isSubsetOf("posted", "duplicate", "filtered", "skipped");
    assertThat(outcomes)
        .containsEntry("notifier/hostile-pipeline-failed.json", "posted")
        .containsEntry("notifier/stage-failed.json", "posted");
    assertThat(slack.calls())
        .allSatisfy(call -> assertThat(call.ok()).as(call.toString()).isTrue());
  }

  /** Credentials that must never reach Slack or a log line, and mentions that must never ping. */
  static final List<String> HOSTILE_SECRETS =
      List.of(
          "AKIAIOSFODNN7EXAMPLE",
          "hunter2hunter2",
          "s3cr3tPassw0rd",
          "xoxb-9999-8888-leakedtoken",
          "ghp_abcdefghijklmnopqrstuvwxyz0123456789");

  @Test
  void hostileEventsThroughAppModeLeakNoCredentialAndPingNobody() {
    slack.noRateLimits();
    String pipeline = "prod\u200b-deploy <!here> @channel";
    CodePipelineRun hostile =
        CodePipelineRun.of(
                pipeline,
                "5e6f7081-92a3-4b4c-9d5e-6f708192a3b4",
                Instant.parse("2025-03-14T16:31:02Z"))
            .gitPush(
                "3f9e2b7c1d4a5e6f708192a3b4c5d6e7f8091a2b",
                "Mallory <!channel>",
                "fix ``` lone fence\u2028 token ghp_abcdefghijklmnopqrstuvwxyz0123456789 @everyone");
    hostile
        .pipeline("STARTED", 0)
        .stage("Build\u2029<!here>", "STARTED", 1)
        .action(
            "Build\u2029<!here>",
            "Image\ufeff",
            "Build",
            "CodeBuild",
            "FAILED",
            30,
            "JobFailed",
            "CannotStartContainerError: exec: \"/app/start.sh --db-password=hunter2hunter2 --aws-key=AKIAIOSFODNN7EXAMPLE"
                + " postgres://app:s3cr3tPassw0rd@db/x\": stat: no such file ``` <!here> \u200b@channel",
            null)
        .stage("Build\u2029<!here>", "FAILED", 30)
        .pipeline("FAILED", 31);
    SlackNotifierHandler handler = container("ENRICH_PIPELINE_EVENTS", "false");

    try (CapturedOutput output = new CapturedOutput()) {
      for (Json event : hostile.events()) {
        invoke(handler, event);
      }
      invoke(handler, Events.json("notifier/hostile-rollback-report.json"));
      // Slack's own error text is outside text too: an echo of a token must not reach the log.
      slack.failNext(
          "chat.postMessage",
          Fault.raw(200, "{\"ok\":false,\"error\":\"invalid_blocks xoxb-9999-8888-leakedtoken\"}"));
      assertThatThrownBy(() -> invoke(handler, Events.json("notifier/hostile-sns-plain-text.json")))
          .isInstanceOf(SlackApiException.class)
          .hasMessageNotContaining("leakedtoken");

      List<FakeSlackWebApi.Message> messages = slack.messages();
      assertThat(messages).hasSizeGreaterThanOrEqualTo(3);
      for (FakeSlackWebApi.Message message : messages) {
        for (String json : message.versions()) {
          Json version = Json.parse(json);
          assertThat(HOSTILE_SECRETS).as("credentials in %s", json).noneMatch(json::contains);
          assertThat(json).doesNotContain("<!here>").doesNotContain("<!channel>");
          assertThat(SlackSafety.problems(version)).as("problems in %s", json).isEmpty();
        }
      }
      String logs = output.text();
      assertThat(HOSTILE_SECRETS).as("credentials in the log").noneMatch(logs::contains);
      assertThat(logs).doesNotContain(TOKEN).doesNotContain("xoxb-");
    }
  }

  @Test
  void snapStartPrimingRendersTheBoardButReadsNoSecretAndCallsNothing() {
    SlackNotifierHandler container = container();
    int awsRequests = aws.getAllServeEvents().size();

    try (CapturedOutput output = new CapturedOutput()) {
      assertThat(container.prime())
          .isGreaterThanOrEqualTo(4); // webhook formats, board, reply, action board
      assertThat(output.text()).contains("snapstart.primed");
    }

    assertThat(slack.calls()).isEmpty();
    assertThat(aws.getAllServeEvents())
        .hasSize(awsRequests); // no DynamoDB, Secrets Manager or CodePipeline call
  }

  @Test
  void aBadAppModeConfigurationFailsTheColdStartNamingTheVariable() {
    assertThatThrownBy(() -> container("BOARD_TABLE", ""))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("BOARD_TABLE");
    assertThatThrownBy(() -> container("SLACK_API_URL", "http://slack.example.com/api/"))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("SLACK_API_URL");
  }
}
