package dev.pipelineguard.watcher;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.pipelineguard.emulation.EcsStubs.container;
import static dev.pipelineguard.emulation.EcsStubs.deployment;
import static dev.pipelineguard.emulation.EcsStubs.taskDefinitionArn;
import static dev.pipelineguard.watcher.aws.LedgerTables.functionClientAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.aws.SnsReportPublisher;
import dev.pipelineguard.common.report.ReportContract;
import dev.pipelineguard.common.report.ReportPublisher;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.DynamoDbStubs;
import dev.pipelineguard.emulation.EcsStubs;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.FaultyEndpoint;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.SnsInbox;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.emulation.TestContext;
import dev.pipelineguard.emulation.WatcherScenarios;
import dev.pipelineguard.watcher.aws.ClientTimeouts;
import dev.pipelineguard.watcher.aws.Clients;
import dev.pipelineguard.watcher.aws.CodePipelineExecutionLookup;
import dev.pipelineguard.watcher.aws.DynamoDbReportLedger;
import dev.pipelineguard.watcher.aws.EcsDeploymentReader;
import dev.pipelineguard.watcher.aws.LedgerTables;
import dev.pipelineguard.watcher.evidence.EvidenceCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The handler with its real adapters and the clients the function builds (their timeouts and retry
 * budgets): ECS through WireMock (documented AWS JSON 1.1 answers, the rest proxied to moto), SNS
 * with an SQS subscription, and the DynamoDB ledger, in moto; and the ledger or SNS refusing,
 * resetting or throttling (WireMock in DynamoDB's JSON 1.0 shapes).
 */
class DeploymentWatcherHandlerTest {
  static final String GOLDEN = "watcher/expected-report-image-pull.json";
  static final String CLUSTER = WatcherScenarios.CLUSTER;
  static final String SERVICE = WatcherScenarios.SERVICE;
  static final String FAILED_ID = WatcherScenarios.FAILED_ID;
  static final String RESTORED_ID = WatcherScenarios.RESTORED_ID;
  static final String FAILED_TD = WatcherScenarios.FAILED_TD;
  static final String RESTORED_TD = WatcherScenarios.RESTORED_TD;
  static final String REPO = WatcherScenarios.REPO;
  static final Instant CREATED = WatcherScenarios.CREATED;
  static final Instant NOW = Instant.parse("2025-11-20T10:16:02Z");

  static MotoServer moto;
  static WireMockServer wiremock;
  static EcsClient ecs;
  static CodePipelineClient codepipeline;
  static SnsClient sns;
  static SqsClient sqs;
  static DynamoDbClient dynamo;

  /** The function's own SNS and DynamoDB clients, as DeploymentWatcherHandler builds them. */
  static SnsClient functionSns;

  static DynamoDbClient functionDynamo;

  String topicArn;
  SnsInbox inbox;
  String table;
  EcsStubs stubs;

  @BeforeAll
  static void emulators() {
    moto = MotoServer.shared();
    TestAws.useMoto(moto);
    wiremock = AwsJsonStubs.start();
    TestAws.route("Ecs", wiremock);
    TestAws.route("CodePipeline", wiremock);
    ecs = Clients.ecs(TestAws.settings());
    codepipeline = AwsSdk.build(CodePipelineClient.builder(), TestAws.settings());
    sns = AwsSdk.build(SnsClient.builder(), TestAws.settings());
    sqs = AwsSdk.build(SqsClient.builder(), TestAws.settings());
    dynamo = AwsSdk.build(DynamoDbClient.builder(), TestAws.settings());
    functionSns = Clients.sns(TestAws.settings());
    functionDynamo = Clients.dynamoDb(TestAws.settings());
  }

  @AfterAll
  static void stop() {
    TestAws.unroute("Ecs");
    TestAws.unroute("CodePipeline");
    wiremock.stop();
  }

  @BeforeEach
  void freshResources() {
    wiremock.resetAll();
    AwsJsonStubs.proxyUnmatchedTo(wiremock, moto.endpoint());
    topicArn = sns.createTopic(b -> b.name("reports-" + UUID.randomUUID())).topicArn();
    inbox = SnsInbox.subscribe(sns, sqs, topicArn);
    table = LedgerTables.create(dynamo);
    stubs = new EcsStubs(wiremock, CLUSTER);
  }

  void imagePullRollback() {
    WatcherScenarios.imagePullRollback(stubs);
    WatcherScenarios.pipelineExecutions(wiremock);
  }

  Map<String, Object> pullTask(String id, String ip, String stoppedAt) {
    return WatcherScenarios.pullTask(stubs, id, ip, stoppedAt);
  }

  DeploymentWatcherHandler handler() {
    return handler(topicArn, table);
  }

  DeploymentWatcherHandler handler(String topic, String ledgerTable) {
    return handler(topic, ledgerTable, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  DeploymentWatcherHandler handler(String topic, String ledgerTable, Clock clock) {
    return handler(topic, functionSns, ledgerTable, functionDynamo, clock);
  }

  DeploymentWatcherHandler handler(
      String topic,
      SnsClient snsClient,
      String ledgerTable,
      DynamoDbClient ledgerClient,
      Clock clock) {
    WatcherConfig config = new WatcherConfig(topic, CLUSTER, 30, ledgerTable, null, "us-east-1");
    return new DeploymentWatcherHandler(
        config,
        new EcsDeploymentReader(ecs),
        new SnsReportPublisher(() -> snsClient, topic),
        ledgerTable == null ? null : new DynamoDbReportLedger(ledgerClient, ledgerTable),
        new CodePipelineExecutionLookup(() -> codepipeline, WatcherScenarios.PIPELINE, "us-east-1"),
        clock);
  }

  /** A clock that moves {@code step} forward each time it is read: a slow invocation. */
  static Clock ticking(Instant start, Duration step) {
    return new Clock() {
      private Instant current = start;

      @Override
      public synchronized Instant instant() {
        Instant now = current;
        current = current.plus(step);
        return now;
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
  }

  static Json invoke(DeploymentWatcherHandler handler, byte[] event) {
    return invoke(handler, event, 60);
  }

  static Json invoke(DeploymentWatcherHandler handler, byte[] event, int timeoutSeconds) {
    return invoke(handler, event, TestContext.withTimeout(timeoutSeconds));
  }

  static Json invoke(DeploymentWatcherHandler handler, byte[] event, Context context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), out, context);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Json.parse(out.toByteArray());
  }

  static Json invoke(DeploymentWatcherHandler handler, String eventFile) {
    return invoke(handler, Events.bytes(eventFile));
  }

  List<Json> published() {
    return inbox.receive(0, Duration.ofMillis(200));
  }

  static Json report(Json snsEnvelope) {
    return Json.parse(snsEnvelope.get("Message").text());
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void publishesTheGoldenImagePullReportWithItsAttributesAndSubject() throws IOException {
    imagePullRollback();
    Json out = invoke(handler(), "watcher/circuit-breaker-failed.json");

    assertThat(out.get("outcomes").at(0).get("result").text()).isEqualTo("REPORTED");
    List<Json> messages = published();
    assertThat(messages).hasSize(1);
    Json envelope = messages.get(0);
    Json report = report(envelope);
    if (Boolean.getBoolean("watcher.golden.update")) {
      Files.writeString(RepoPaths.event(GOLDEN), JsonWriter.write(report.toPlain()) + "\n");
    }
    assertThat(report).isEqualTo(Events.json(GOLDEN));
    assertThat(envelope.get("Subject").text())
        .isEqualTo("Rollback: web (pipeline-guard-dev): No network path to the container registry");
    Json attributes = envelope.get("MessageAttributes");
    assertThat(attributes.path("schema", "Value").text())
        .isEqualTo("pipeline-guard.rollback-report/v1");
    assertThat(attributes.path("severity", "Value").text()).isEqualTo("ERROR");
    assertThat(attributes.path("cluster", "Value").text()).isEqualTo(CLUSTER);
    assertThat(attributes.path("service", "Value").text()).isEqualTo(SERVICE);
    assertThat(attributes.path("cause", "Value").text()).isEqualTo("REGISTRY_UNREACHABLE");
    assertThat(attributes.path("cause", "Type").text()).isEqualTo("String");
    // Bounded calls: 1 DescribeServices, 2 service deployment, 1 ListTasks, 1 DescribeTasks, 2 task
    // definitions.
    assertThat(stubs.ecsCalls()).isEqualTo(7);
    assertThat(report.path("pipelineExecution", "executionId").text())
        .isEqualTo(WatcherScenarios.EXECUTION_ID);
    assertThat(report.path("pipelineExecution", "status").text()).isEqualTo("InProgress");
  }

  @Test
  void reportsOnceWhenTheFailureAndTheRollbackEventsBothArriveInDifferentContainers() {
    imagePullRollback();
    assertThat(
            invoke(handler(), "watcher/rollback-in-progress.json")
                .path("outcomes")
                .at(0)
                .get("result")
                .text())
        .isEqualTo("REPORTED");
    // Another container (fresh memory), the FAILED event, then its SNS-wrapped copy.
    DeploymentWatcherHandler other = handler();
    assertThat(
            invoke(other, "watcher/circuit-breaker-failed.json")
                .path("outcomes")
                .at(0)
                .get("result")
                .text())
        .isEqualTo("DUPLICATE");
    assertThat(
            invoke(other, "watcher/sns-wrapped-failed.json")
                .path("outcomes")
                .at(0)
                .get("result")
                .text())
        .isEqualTo("DUPLICATE");
    List<Json> messages = published();
    assertThat(messages).hasSize(1);
    assertThat(report(messages.get(0)).path("failedDeployment", "id").text()).isEqualTo(FAILED_ID);
    assertThat(report(messages.get(0)).path("trigger", "type").text())
        .isEqualTo("SERVICE_DEPLOYMENT_IN_PROGRESS");
    Map<String, AttributeValue> marker =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(
                            Map.of(
                                "id",
                                AttributeValue.fromS(
                                    "deployment-rollback#us-east-1#pipeline-guard-dev/web#"
                                        + FAILED_ID))))
            .item();
    assertThat(marker.get("status").s()).isEqualTo("COMPLETED");
    assertThat(marker.get("messageId").s()).isEqualTo(messages.get(0).get("MessageId").text());
  }

  @Test
  void theSameEventTwiceInOneContainerIsSkippedFromMemoryWithoutAskingEcs() {
    imagePullRollback();
    DeploymentWatcherHandler handler = handler();
    invoke(handler, "watcher/circuit-breaker-failed.json");
    int callsAfterFirst = stubs.ecsCalls();
    assertThat(
            invoke(handler, "watcher/circuit-breaker-failed.json")
                .path("outcomes")
                .at(0)
                .get("result")
                .text())
        .isEqualTo("DUPLICATE");
    assertThat(stubs.ecsCalls()).isEqualTo(callsAfterFirst);
    assertThat(published()).hasSize(1);
  }

  @Test
  void readsMoreThanAHundredStoppedTasksInPagesAndBatchesWithBoundedCalls() {
    imagePullRollback();
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      String id = String.format("%032x", i);
      if (i % 5 == 0) {
        tasks.add(
            stubs.stoppedTask(
                id,
                FAILED_ID,
                FAILED_TD,
                "EssentialContainerExited",
                "Essential container in task exited",
                CREATED.plusSeconds(10L * i),
                List.of(container("app", REPO + ":3f9c2e1", 1, null, "UNKNOWN"))));
      } else {
        tasks.add(pullTask(id, "10.0.3." + (i % 250), CREATED.plusSeconds(10L * i).toString()));
      }
    }
    stubs.stoppedTasks(tasks);

    invoke(handler(), "watcher/circuit-breaker-failed.json");

    assertThat(stubs.calls("ListTasks")).isEqualTo(3);
    List<Json> describe = AwsJsonStubs.calls(wiremock, EcsStubs.target("DescribeTasks"));
    assertThat(describe)
        .extracting(b -> b.get("tasks").elements().size())
        .containsExactly(100, 100, 50);
    assertThat(stubs.ecsCalls()).isLessThanOrEqualTo(2 * 3 + 7);
    Json report = report(published().get(0));
    assertThat(report.path("evidence", "stoppedTasks").text()).isEqualTo("250");
    assertThat(report.path("cause", "code").text()).isEqualTo("REGISTRY_UNREACHABLE");
    assertThat(report.path("evidence", "reasons").elements())
        .extracting(r -> r.get("count").text())
        .containsExactly("200", "50");
    assertThat(report.get("summary").text()).endsWith("(200 of 250 failed tasks)");
  }

  @Test
  void throttledEcsStillGivesADegradedReportThatSaysWhatIsMissing() {
    stubs.fail("DescribeServices", 400, "ThrottlingException", "Rate exceeded");
    stubs.fail("ListServiceDeployments", 400, "ThrottlingException", "Rate exceeded");
    stubs.fail("ListTasks", 400, "ThrottlingException", "Rate exceeded");

    invoke(handler(), "watcher/circuit-breaker-failed.json");

    Json report = report(published().get(0));
    assertThat(report.path("failedDeployment", "id").text()).isEqualTo(FAILED_ID);
    assertThat(report.path("failedDeployment", "rolloutState").text()).isEqualTo("FAILED");
    assertThat(report.path("cause", "code").text()).isEqualTo("UNKNOWN");
    assertThat(report.path("evidence", "gaps").texts())
        .anySatisfy(
            g ->
                assertThat(g)
                    .startsWith(
                        "DescribeServices failed: ThrottlingException (throttled after retries)"))
        .anySatisfy(
            g ->
                assertThat(g)
                    .startsWith("ListTasks failed: ThrottlingException (throttled after retries)"))
        .anySatisfy(
            g -> assertThat(g).startsWith("ListServiceDeployments failed: ThrottlingException"));
    assertThat(stubs.calls("ListTasks")).isGreaterThan(1); // the SDK retried before giving up
  }

  @Test
  void aRollbackEventIsRetriedRatherThanGuessedWhenEcsCannotSayWhichDeploymentFailed() {
    stubs.fail("DescribeServices", 400, "ThrottlingException", "Rate exceeded");
    assertThatThrownBy(() -> invoke(handler(), "watcher/rollback-in-progress.json"))
        .isInstanceOf(DeploymentWatcher.RetryableException.class)
        .hasMessageContaining("cannot tell which deployment of web failed");
    assertThat(published()).isEmpty();
    assertThat(dynamo.scan(b -> b.tableName(table)).items()).isEmpty();
  }

  @Test
  void aSlowInvocationPublishesWhatItHasBeforeTheFunctionTimesOut() {
    imagePullRollback();
    // Each clock read is 25 s later: after the service deployment there is no time for more reads.
    invoke(
        handler(topicArn, table, ticking(NOW, Duration.ofSeconds(25))),
        Events.bytes("watcher/circuit-breaker-failed.json"),
        60);
    Json report = report(published().get(0));
    assertThat(report.path("evidence", "gaps").texts())
        .anyMatch(g -> g.startsWith(EvidenceCollector.OUT_OF_TIME));
    assertThat(report.path("failedDeployment", "id").text()).isEqualTo(FAILED_ID);
    assertThat(stubs.calls("DescribeTasks")).isZero();
  }

  @Test
  void aSlowReadOfManyStoppedTasksStopsBetweenCallsToPublishInTime() {
    imagePullRollback();
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      tasks.add(
          pullTask(
              String.format("%032x", i), "10.0.3." + (i % 250), CREATED.plusSeconds(i).toString()));
    }
    stubs.stoppedTasks(tasks);
    // Each clock read is 9 s later: the first ListTasks page still starts with more than the
    // reserve left, the second page would not.
    invoke(
        handler(topicArn, table, ticking(NOW, Duration.ofSeconds(9))),
        Events.bytes("watcher/circuit-breaker-failed.json"),
        60);
    assertThat(stubs.calls("ListTasks")).isEqualTo(1);
    assertThat(stubs.calls("DescribeTasks")).isZero();
    Json report = report(published().get(0));
    assertThat(report.path("evidence", "gaps").texts())
        .contains("only the first 0 stopped tasks were read")
        .anyMatch(g -> g.startsWith(EvidenceCollector.OUT_OF_TIME));
  }

  @Test
  void missingFieldsInEcsAnswersStillGiveAReport() {
    stubs.describeServices(
        EcsStubs.map(
            "serviceArn",
            stubs.serviceArn(SERVICE),
            "serviceName",
            SERVICE,
            "deployments",
            List.of(EcsStubs.map("id", FAILED_ID, "status", "ACTIVE"))));
    stubs.noServiceDeployments();
    stubs.stoppedTasks(
        List.of(
            EcsStubs.map("taskArn", stubs.taskArn("a1"), "startedBy", FAILED_ID),
            EcsStubs.map(
                "taskArn",
                stubs.taskArn("a2"),
                "startedBy",
                FAILED_ID,
                "stopCode",
                "EssentialContainerExited",
                "containers",
                List.of(EcsStubs.map("name", "app", "exitCode", 137)))));

    invoke(handler(), "watcher/circuit-breaker-failed.json");

    Json report = report(published().get(0));
    assertThat(report.path("failedDeployment", "taskDefinition").kind()).isEqualTo(Json.Kind.NULL);
    assertThat(report.path("failedDeployment", "images").elements()).isEmpty();
    assertThat(report.path("cause", "code").text()).isEqualTo("ESSENTIAL_CONTAINER_EXITED");
    assertThat(report.path("cause", "detail").text()).contains("exited with code 137");
    assertThat(report.path("evidence", "gaps").texts())
        .anyMatch(g -> g.contains("no service deployment matches"));
  }

  @Test
  void tenThousandCharacterReasonsAreCutAndTheMessageStaysUnderTheSnsLimit() {
    imagePullRollback();
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String reason =
          "CannotPullContainerError: " + i + " " + "\u4e2d\u00e9x".repeat(3_400) + ": not found";
      tasks.add(
          stubs.stoppedTask(
              "t" + i,
              FAILED_ID,
              FAILED_TD,
              "TaskFailedToStart",
              reason,
              CREATED.plusSeconds(i),
              List.of(container("app", REPO + ":3f9c2e1", null, reason, null))));
    }
    stubs.stoppedTasks(tasks);

    invoke(handler(), "watcher/circuit-breaker-failed.json");

    Json envelope = published().get(0);
    String message = envelope.get("Message").text();
    assertThat(message.getBytes(StandardCharsets.UTF_8).length)
        .isLessThan(ReportContract.SNS_MAX_BYTES);
    Json report = Json.parse(message);
    assertThat(report.path("evidence", "reasons").elements())
        .allSatisfy(
            r -> assertThat(r.get("reason").text()).hasSizeLessThanOrEqualTo(500).endsWith("…"));
    assertThat(report.path("evidence", "examples").texts())
        .hasSize(3)
        .allSatisfy(e -> assertThat(e).hasSizeLessThanOrEqualTo(2000));
  }

  @Test
  void anOldServiceWithoutAServiceDeploymentRecordIsAGapNotAFailure() {
    imagePullRollback();
    stubs.serviceDeploymentMissing(
        "arn:aws:ecs:us-east-1:123456789012:service-deployment/pipeline-guard-dev/web/old",
        CREATED);

    invoke(handler(), "watcher/circuit-breaker-failed.json");

    Json report = report(published().get(0));
    assertThat(report.path("evidence", "gaps").texts())
        .anyMatch(g -> g.startsWith("service deployment MISSING"));
    // DescribeServices still knows the breaker fired and how many tasks failed.
    assertThat(report.path("circuitBreaker", "status").text()).isEqualTo("TRIGGERED");
    assertThat(report.path("circuitBreaker", "failureCount").text()).isEqualTo("3");
    assertThat(report.path("circuitBreaker", "threshold").kind()).isEqualTo(Json.Kind.NULL);
  }

  @Test
  void whereListServiceDeploymentsIsNotSupportedTheReportSaysSo() {
    imagePullRollback();
    stubs.fail("ListServiceDeployments", 400, "InvalidParameterException", "not supported");
    invoke(handler(), "watcher/circuit-breaker-failed.json");
    Json report = report(published().get(0));
    assertThat(report.path("evidence", "gaps").texts())
        .anyMatch(g -> g.startsWith("ListServiceDeployments failed: InvalidParameterException"));
    assertThat(report.path("cause", "code").text()).isEqualTo("REGISTRY_UNREACHABLE");
  }

  @Test
  void whenEcsRefusesStartedByWithDesiredStatusTheServicesStoppedTasksAreFilteredInstead() {
    imagePullRollback();
    wiremock.stubFor(
        AwsJsonStubs.target(EcsStubs.target("ListTasks"))
            .withRequestBody(matchingJsonPath("$.startedBy"))
            .atPriority(1)
            .willReturn(
                AwsJsonStubs.error(
                    400,
                    "InvalidParameterException",
                    "cannot specify startedBy with other arguments")));
    List<Map<String, Object>> tasks =
        List.of(
            pullTask("f1", "10.0.3.17", "2025-11-20T10:05:02Z"),
            stubs.stoppedTask(
                "old1",
                RESTORED_ID,
                RESTORED_TD,
                "ServiceSchedulerInitiated",
                "Scaling activity initiated by (deployment " + FAILED_ID + ")",
                Instant.parse("2025-11-20T10:04:00Z"),
                List.of(container("app", REPO + ":a1b2c3d", 143, null, "HEALTHY"))),
            pullTask("f2", "10.0.3.18", "2025-11-20T10:09:02Z"));
    stubs.listTasks(matchingJsonPath("$.serviceName"), tasks);
    stubs.describeTasks(tasks);

    invoke(handler(), "watcher/circuit-breaker-failed.json");

    Json report = report(published().get(0));
    assertThat(report.path("evidence", "stoppedTasks").text()).isEqualTo("2");
    assertThat(report.path("cause", "code").text()).isEqualTo("REGISTRY_UNREACHABLE");
    assertThat(AwsJsonStubs.calls(wiremock, EcsStubs.target("ListTasks")))
        .anyMatch(
            b ->
                "web".equals(b.get("serviceName").text())
                    && "STOPPED".equals(b.get("desiredStatus").text()));
  }

  @Test
  void aFailedPublishReleasesTheMarkerSoLambdasRetryReports() {
    imagePullRollback();
    String missingTopic = "arn:aws:sns:us-east-1:123456789012:no-such-topic-" + UUID.randomUUID();
    assertThatThrownBy(
            () -> invoke(handler(missingTopic, table), "watcher/circuit-breaker-failed.json"))
        .isInstanceOf(ReportPublisher.PublishException.class)
        .hasMessageContaining("SNS Publish");
    assertThat(dynamo.scan(b -> b.tableName(table)).items()).isEmpty();

    invoke(handler(), "watcher/circuit-breaker-failed.json");
    assertThat(published()).hasSize(1);
  }

  @Test
  void withoutItsLedgerTheWatcherStillReports() {
    imagePullRollback();
    try (CapturedOutput output = new CapturedOutput()) {
      invoke(
          handler(topicArn, "no-such-table-" + UUID.randomUUID()),
          "watcher/circuit-breaker-failed.json");
      assertThat(output.text())
          .contains("ledger_unavailable_reporting_anyway")
          .contains("ResourceNotFoundException");
    }
    assertThat(published()).hasSize(1);
  }

  // --- The ledger fails open: DynamoDB refusing, resetting or throttling ------------------------

  static final String FAILED_EVENT = "watcher/circuit-breaker-failed.json";
  static final String EVENT_REASON = "ECS deployment circuit breaker: task failed to start.";

  /**
   * Invokes the handler on the FAILED event with {@code ledgerClient} as its ledger, on a clock and
   * Lambda context that run in real time (the SDK's timeouts and back-offs do) with the template's
   * timeout; asserts one complete report, the warning, and that the budget's margin was left.
   */
  void reportsOnceWithItsEvidenceAlthoughTheLedgerFails(
      DynamoDbClient ledgerClient, String errorPattern) {
    imagePullRollback();
    String secretish = "do-not-log-" + UUID.randomUUID();
    byte[] event =
        Events.text(FAILED_EVENT).replace(EVENT_REASON, secretish).getBytes(StandardCharsets.UTF_8);
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW));
    TestContext context =
        new TestContext(
            "ledger-trouble",
            Duration.ofSeconds(TimeBudgetTest.templateTimeout("DeploymentWatcherFunction")),
            clock);
    Json out;
    String logs;
    try (CapturedOutput output = new CapturedOutput()) {
      out = invoke(handler(topicArn, functionSns, table, ledgerClient, clock), event, context);
      logs = output.text();
    }
    // Within its budget: at least the margin of the function's timeout was left.
    assertThat(Duration.ofMillis(context.getRemainingTimeInMillis()))
        .isGreaterThan(DeploymentWatcher.MARGIN);

    assertThat(out.path("outcomes").at(0).get("result").text()).isEqualTo("REPORTED");
    List<Json> messages = published();
    assertThat(messages).hasSize(1);
    Json report = report(messages.get(0));
    assertThat(report.path("cause", "code").text()).isEqualTo("REGISTRY_UNREACHABLE");
    assertThat(report.path("evidence", "stoppedTasks").text()).isEqualTo("3");
    assertThat(report.path("evidence", "gaps").texts())
        .noneMatch(g -> g.startsWith(EvidenceCollector.OUT_OF_TIME));

    Json warning = logLine(logs, "ledger_unavailable_reporting_anyway");
    assertThat(warning.get("level").text()).isEqualTo("WARN");
    assertThat(warning.get("error").text())
        .matches(Pattern.quote("PutItem on " + table + " failed: ") + errorPattern);
    assertThat(logs).doesNotContain(secretish);
  }

  static Json logLine(String logs, String event) {
    for (String line : logs.split("\n")) {
      if (line.startsWith("{") && event.equals(Json.parse(line).get("event").text())) {
        return Json.parse(line);
      }
    }
    throw new AssertionError("no " + event + " line in the logs");
  }

  @Test
  void withDynamoDbRefusingConnectionsTheReportIsPublishedOnceWithItsEvidence() {
    try (FaultyEndpoint refusing = FaultyEndpoint.refusing();
        DynamoDbClient client = functionClientAt(refusing.uri())) {
      reportsOnceWithItsEvidenceAlthoughTheLedgerFails(
          client, "SdkClientException \\(ConnectException\\)");
    }
  }

  @Test
  void withDynamoDbResettingConnectionsTheReportIsPublishedOnceWithItsEvidence() {
    try (FaultyEndpoint resetting = FaultyEndpoint.resetting();
        DynamoDbClient client = functionClientAt(resetting.uri())) {
      // UncheckedIOException: SDK 2.40.2's url-connection client, when the reset comes while
      // connecting.
      reportsOnceWithItsEvidenceAlthoughTheLedgerFails(
          client, "(SdkClientException|UncheckedIOException) \\((Socket|IO)Exception\\)");
      // The claim and the completion, each within the ledger's budget (see
      // DynamoDbReportLedgerTest).
      assertThat(resetting.connections()).isBetween(2, 4 * ClientTimeouts.LEDGER_ATTEMPTS);
    }
  }

  static ResponseDefinitionBuilder throttled(String error, String table) {
    String tableArn = "arn:aws:dynamodb:us-east-1:" + TestAws.ACCOUNT + ":table/" + table;
    return error.equals("ThrottlingException")
        ? DynamoDbStubs.throttling(tableArn)
        : DynamoDbStubs.provisionedThroughputExceeded(tableArn);
  }

  static URI wiremockUri() {
    return URI.create("http://127.0.0.1:" + wiremock.port());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ProvisionedThroughputExceededException", "ThrottlingException"})
  void withDynamoDbThrottlingTheReportIsPublishedOnceWithItsEvidence(String error) {
    wiremock.stubFor(DynamoDbStubs.operation("PutItem").willReturn(throttled(error, table)));
    wiremock.stubFor(DynamoDbStubs.operation("UpdateItem").willReturn(throttled(error, table)));
    try (DynamoDbClient client = functionClientAt(wiremockUri())) {
      reportsOnceWithItsEvidenceAlthoughTheLedgerFails(
          client, error + " \\(throttled after retries\\)");
    }
    // Retried with short back-offs, a few times only: not DynamoDB's default 9 attempts (~50 s
    // throttled).
    assertThat(DynamoDbStubs.calls(wiremock, "PutItem"))
        .isBetween(2, ClientTimeouts.LEDGER_ATTEMPTS);
    assertThat(DynamoDbStubs.calls(wiremock, "UpdateItem"))
        .isBetween(2, ClientTimeouts.LEDGER_ATTEMPTS);
  }

  @Test
  void aReportMadeWithoutAClaimIsStillRecordedSoALaterDuplicateIsSkipped() {
    imagePullRollback();
    // Only the claim is throttled; the completion reaches moto (WireMock proxies what it does not
    // stub).
    wiremock.stubFor(
        DynamoDbStubs.operation("PutItem").willReturn(throttled("ThrottlingException", table)));
    try (DynamoDbClient client = functionClientAt(wiremockUri())) {
      Json first =
          invoke(
              handler(topicArn, functionSns, table, client, Clock.fixed(NOW, ZoneOffset.UTC)),
              Events.bytes(FAILED_EVENT));
      assertThat(first.path("outcomes").at(0).get("result").text()).isEqualTo("REPORTED");
    }
    // The rollback event of the same failure, in another container with a healthy ledger.
    Json second = invoke(handler(), "watcher/rollback-in-progress.json");
    assertThat(second.path("outcomes").at(0).get("result").text()).isEqualTo("DUPLICATE");
    assertThat(published()).hasSize(1);
  }

  @Test
  void aPublishThatCannotReachSnsReleasesTheMarkerAndFailsSoLambdasRetryReportsOnce() {
    imagePullRollback();
    try (FaultyEndpoint resetting = FaultyEndpoint.resetting();
        SnsClient unreachable = snsClientAt(resetting.uri())) {
      assertThatThrownBy(
              () ->
                  invoke(
                      handler(
                          topicArn,
                          unreachable,
                          table,
                          functionDynamo,
                          Clock.fixed(NOW, ZoneOffset.UTC)),
                      Events.bytes(FAILED_EVENT)))
          .isInstanceOf(ReportPublisher.PublishException.class)
          .hasMessageMatching(
              Pattern.quote("SNS Publish to " + topicArn + " failed: ")
                  + "(SdkClientException|SocketException|IOException)");
      assertThat(resetting.connections()).isBetween(1, 2 * ClientTimeouts.PUBLISH_ATTEMPTS);
    }
    assertThat(dynamo.scan(b -> b.tableName(table)).items()).isEmpty();
    assertThat(published()).isEmpty();

    invoke(handler(), FAILED_EVENT); // Lambda's retry
    assertThat(published()).hasSize(1);
  }

  static SnsClient snsClientAt(URI endpoint) {
    TestAws.route("Sns", endpoint);
    try {
      return Clients.sns(TestAws.settings());
    } finally {
      TestAws.unroute("Sns");
    }
  }

  @Test
  void namesTheMissingSecretInTheReport() {
    imagePullRollback();
    String reason =
        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
            + "retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to "
            + "fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:pipeline-guard/dev/db-Xy12Ab from "
            + "secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret. status code: "
            + "400, request id: 3f1d2c4b-8e7a-4b6c-9d0e-1a2b3c4d5e6f";
    stubs.stoppedTasks(
        List.of(
            stubs.stoppedTask(
                "s1",
                FAILED_ID,
                FAILED_TD,
                "TaskFailedToStart",
                reason,
                CREATED.plusSeconds(60),
                List.of(container("app", REPO + ":3f9c2e1", null, null, null))),
            stubs.stoppedTask(
                "s2",
                FAILED_ID,
                FAILED_TD,
                "TaskFailedToStart",
                reason.replace("3f1d", "9a8b"),
                CREATED.plusSeconds(300),
                List.of(container("app", REPO + ":3f9c2e1", null, null, null)))));

    invoke(handler(), "watcher/circuit-breaker-failed.json");

    Json report = report(published().get(0));
    assertThat(report.path("cause", "code").text()).isEqualTo("SECRETS_UNAVAILABLE");
    assertThat(report.path("cause", "title").text()).isEqualTo("Secret not found");
    assertThat(report.path("cause", "detail").text())
        .isEqualTo("secret pipeline-guard/dev/db-Xy12Ab does not exist");
    assertThat(report.path("evidence", "reasons").elements())
        .singleElement()
        .satisfies(r -> assertThat(r.get("count").text()).isEqualTo("2"));
  }

  @Test
  void theScheduledScanReportsAStuckDeploymentOnceAndLeavesYoungOnesAlone() {
    String stuckId = "ecs-svc/7777777777777777777";
    Instant longAgo = NOW.minus(Duration.ofMinutes(47));
    stubs.listServices(List.of(stubs.serviceArn("api"), stubs.serviceArn(SERVICE)));
    stubs.describeServices(
        stubs.service(
            "api",
            false,
            List.of(
                deployment(
                    stuckId,
                    "PRIMARY",
                    taskDefinitionArn("api:7"),
                    "IN_PROGRESS",
                    "ECS deployment " + stuckId + " in progress.",
                    longAgo,
                    2,
                    0,
                    9)),
            List.of()),
        stubs.service(
            SERVICE,
            true,
            List.of(
                deployment(
                    "ecs-svc/8",
                    "PRIMARY",
                    FAILED_TD,
                    "IN_PROGRESS",
                    "ECS deployment ecs-svc/8 in progress.",
                    NOW.minus(Duration.ofMinutes(4)),
                    2,
                    1,
                    0)),
            List.of()));
    stubs.noServiceDeployments();
    stubs.stoppedTasks(
        List.of(
            stubs.stoppedTask(
                "x1",
                stuckId,
                taskDefinitionArn("api:7"),
                "EssentialContainerExited",
                "Essential container in task exited",
                longAgo.plusSeconds(120),
                List.of(container("api", REPO + ":deadbee", 1, null, null)))));
    stubs.taskDefinitions(
        EcsStubs.taskDefinition("api:7", REPO + ":deadbee", "/ecs/api", List.of()));

    Json first = invoke(handler(), "watcher/scheduled-scan.json");
    Json second = invoke(handler(), "watcher/scheduled-scan.json");

    assertThat(first.path("outcomes").at(0).get("result").text()).isEqualTo("REPORTED");
    assertThat(second.path("outcomes").at(0).get("result").text()).isEqualTo("DUPLICATE");
    List<Json> messages = published();
    assertThat(messages).hasSize(1);
    Json report = report(messages.get(0));
    assertThat(report.get("kind").text()).isEqualTo("deployment-stuck");
    assertThat(report.get("severity").text()).isEqualTo("WARNING");
    assertThat(report.get("service").text()).isEqualTo("api");
    assertThat(report.get("account").text()).isEqualTo("123456789012");
    assertThat(report.path("stuck", "minutes").text()).isEqualTo("47");
    assertThat(report.path("circuitBreaker", "status").text()).isEqualTo("DISABLED");
    assertThat(report.path("cause", "code").text()).isEqualTo("ESSENTIAL_CONTAINER_EXITED");
    assertThat(messages.get(0).path("MessageAttributes", "severity", "Value").text())
        .isEqualTo("WARNING");
  }

  @Test
  void aScanOutOfTimeLeavesStuckDeploymentsForTheNextScan() {
    String stuckId = "ecs-svc/7777777777777777777";
    stubs.listServices(List.of(stubs.serviceArn("api")));
    stubs.describeServices(
        stubs.service(
            "api",
            false,
            List.of(
                deployment(
                    stuckId,
                    "PRIMARY",
                    taskDefinitionArn("api:7"),
                    "IN_PROGRESS",
                    "ECS deployment " + stuckId + " in progress.",
                    NOW.minus(Duration.ofHours(2)),
                    2,
                    0,
                    9)),
            List.of()));
    // Each clock read is 20 s later: the services are described with more than the reserve left,
    // and then less is left than the reserve kept to publish and record a report.
    Json out =
        invoke(
            handler(topicArn, table, ticking(NOW, Duration.ofSeconds(20))),
            Events.bytes("watcher/scheduled-scan.json"),
            60);
    assertThat(out.path("outcomes").elements())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.get("result").text()).isEqualTo("DEFERRED");
              assertThat(o.get("detail").text())
                  .isEqualTo(stuckId + " of api: left for the next scan");
            });
    assertThat(stubs.calls("DescribeServices")).isEqualTo(1);
    assertThat(published()).isEmpty();
    assertThat(dynamo.scan(b -> b.tableName(table)).items()).isEmpty();
  }

  @Test
  void aScanWithNoTimeToDescribeTheServicesLeavesThemForTheNextScan() {
    stubs.listServices(List.of(stubs.serviceArn("api"), stubs.serviceArn(SERVICE)));
    // 10 s left is less than the reserve: not even DescribeServices is called.
    Json out = invoke(handler(), Events.bytes("watcher/scheduled-scan.json"), 10);
    assertThat(out.path("outcomes").elements())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.get("result").text()).isEqualTo("DEFERRED");
              assertThat(o.get("detail").text())
                  .isEqualTo("2 of 2 services not described: left for the next scan");
            });
    assertThat(stubs.calls("DescribeServices")).isZero();
    assertThat(published()).isEmpty();
  }

  @Test
  void aScanWithNothingStuckPublishesNothing() {
    stubs.listServices(List.of(stubs.serviceArn(SERVICE)));
    stubs.describeServices(
        stubs.service(
            SERVICE,
            true,
            List.of(
                deployment(
                    "ecs-svc/8",
                    "PRIMARY",
                    FAILED_TD,
                    "COMPLETED",
                    "ECS deployment ecs-svc/8 completed.",
                    NOW.minus(Duration.ofDays(2)),
                    2,
                    2,
                    0)),
            List.of()));
    Json out = invoke(handler(), "watcher/scheduled-scan.json");
    assertThat(out.path("outcomes").at(0).get("result").text()).isEqualTo("SCANNED");
    assertThat(published()).isEmpty();
  }

  @Test
  void aMalformedEventFailsWithAClearErrorAndPublishesNothing() {
    assertThatThrownBy(() -> invoke(handler(), "watcher/malformed-truncated.json"))
        .isInstanceOf(DeploymentWatcherHandler.EventNotHandledException.class)
        .hasMessageContaining("not JSON")
        .hasMessageContaining("failure queue");
    assertThatThrownBy(() -> invoke(handler(), "watcher/failed-without-service.json"))
        .isInstanceOf(DeploymentWatcherHandler.EventNotHandledException.class)
        .hasMessageContaining("without a service ARN");
    assertThatThrownBy(() -> invoke(handler(), "watcher/unknown-event.json"))
        .isInstanceOf(DeploymentWatcherHandler.EventNotHandledException.class);
    assertThat(published()).isEmpty();
  }

  @Test
  void eventsThatAreNotFailuresAreIgnoredWithoutCallingEcs() {
    Json initial = invoke(handler(), "watcher/deployment-in-progress-initial.json");
    Json serviceAction = invoke(handler(), "watcher/service-action-deployment-failed.json");
    assertThat(initial.path("outcomes").at(0).get("result").text()).isEqualTo("IGNORED");
    assertThat(serviceAction.path("outcomes").at(0).get("result").text()).isEqualTo("IGNORED");
    assertThat(stubs.ecsCalls()).isZero();
    assertThat(published()).isEmpty();
  }

  @Test
  void logsCarryIdsButNeverTheEventBody() {
    imagePullRollback();
    String marker = "do-not-log-" + UUID.randomUUID();
    String event =
        Events.text("watcher/circuit-breaker-failed.json")
            .replace("ECS deployment circuit breaker: task failed to start.", marker);
    try (CapturedOutput output = new CapturedOutput()) {
      invoke(handler(), event.getBytes(StandardCharsets.UTF_8));
      assertThat(output.text())
          .contains("\"event\":\"report_published\"")
          .contains(FAILED_ID)
          .contains("7c2d9e4a-5b1f-4e8a-9c3d-2f6b8a1e0d45")
          .doesNotContain(marker);
      for (String line : output.text().split("\n")) {
        if (line.startsWith("{")) {
          assertThat(Json.parse(line).get("event").text()).isNotBlank();
        }
      }
    }
  }
}
