package dev.pipelineguard.watcher;

import static dev.pipelineguard.emulation.EcsStubs.container;
import static dev.pipelineguard.emulation.EcsStubs.deployment;
import static dev.pipelineguard.emulation.EcsStubs.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Text;
import dev.pipelineguard.common.aws.SnsReportPublisher;
import dev.pipelineguard.common.report.ReportContract;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.EcsStubs;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.SnsInbox;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.emulation.WatcherScenarios;
import dev.pipelineguard.watcher.aws.Clients;
import dev.pipelineguard.watcher.aws.CodePipelineExecutionLookup;
import dev.pipelineguard.watcher.aws.DynamoDbReportLedger;
import dev.pipelineguard.watcher.aws.EcsDeploymentReader;
import dev.pipelineguard.watcher.aws.LedgerTables;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Credentials inside what ECS hands the watcher (stop reasons quote the container's command line,
 * service events, rollout-state reasons, task definition images, AWS error answers) never leave it:
 * not in the published report (read back from moto SNS through SQS), its subject and attributes,
 * the log lines, nor the exception the invocation fails with. The rest of the text, and the
 * diagnosis made from the raw text, still reach the report.
 */
class SecretsStayOutTest {
  static final String CLUSTER = WatcherScenarios.CLUSTER;
  static final String SERVICE = WatcherScenarios.SERVICE;
  static final String FAILED_ID = WatcherScenarios.FAILED_ID;
  static final String RESTORED_ID = WatcherScenarios.RESTORED_ID;
  static final String FAILED_TD = WatcherScenarios.FAILED_TD;
  static final String RESTORED_TD = WatcherScenarios.RESTORED_TD;
  static final String REPO = WatcherScenarios.REPO;
  static final Instant CREATED = WatcherScenarios.CREATED;
  static final Instant NOW = Instant.parse("2025-11-20T10:16:02Z");

  // One of each kind the brief names; the strings (or the parts named) must never leave the
  // watcher.
  static final String AWS_KEY_ID = "AKIAQ7LEAKEDKEY12345";

  /** An access key id with a zero-width space inside: one word on screen, two to a pattern. */
  static final String SPLIT_KEY_ID = "AKIAZWSPLIT\u200bKEY000001";

  static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYLEAKEDKEY1";
  static final String DSN_PASSWORD = "Dsn-Pw-LEAKED-9f3";
  static final String ARG_PASSWORD = "Hunter2-LEAKED-x7";
  static final String BEARER_TOKEN = "Zm9vYmFyLUxFQUtFRC10b2tlbi0xMjM0NTY";
  static final String WEBHOOK_PATH = "T0LEAK123/B0LEAK456/LeakedWebhookSecret7890abcd";
  static final String GITHUB_TOKEN = "ghp_LEAKEDgithubTOKEN0123456789abcdefghi";
  static final String PEM_BODY = "MIIEowIBAAKCAQEAleakedPEMbody0123456789abcdef";
  static final String IMAGE_PASSWORD = "Img-Pw-LEAKED-42";

  static final List<String> SECRETS =
      List.of(
          AWS_KEY_ID,
          "ZWSPLIT",
          "KEY000001",
          SECRET_ACCESS_KEY,
          DSN_PASSWORD,
          ARG_PASSWORD,
          BEARER_TOKEN,
          "LeakedWebhookSecret7890abcd",
          GITHUB_TOKEN,
          PEM_BODY,
          IMAGE_PASSWORD);

  static final String START =
      "CannotStartContainerError: Error response from daemon: failed to create shim task: "
          + "OCI runtime create failed: runc create failed: unable to start container process: exec: \"%s\": "
          + "stat /app/start.sh: no such file or directory: unknown";

  /** The command lines ECS quotes, one per stopped task. */
  static final String COMMAND_1 =
      "/app/start.sh --db-password="
          + ARG_PASSWORD
          + " --aws-key="
          + AWS_KEY_ID
          + " postgres://app:"
          + DSN_PASSWORD
          + "@db.internal:5432/app";

  static final String COMMAND_2 =
      "/app/start.sh --aws-secret-access-key="
          + SECRET_ACCESS_KEY
          + " --notify https://hooks.slack.com/services/"
          + WEBHOOK_PATH
          + " "
          + GITHUB_TOKEN
          + " "
          + SPLIT_KEY_ID;
  static final String COMMAND_3 =
      "/app/start.sh --health-header 'Authorization: Bearer "
          + BEARER_TOKEN
          + "' --tls-key -----BEGIN RSA PRIVATE KEY-----\n"
          + PEM_BODY
          + "\n-----END RSA PRIVATE KEY----- --port 8080";

  static MotoServer moto;
  static WireMockServer wiremock;
  static EcsClient ecs;
  static CodePipelineClient codepipeline;
  static SnsClient sns;
  static SqsClient sqs;
  static DynamoDbClient dynamo;
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
    WatcherScenarios.imagePullRollback(stubs);
    WatcherScenarios.pipelineExecutions(wiremock);
  }

  DeploymentWatcherHandler handler() {
    WatcherConfig config = new WatcherConfig(topicArn, CLUSTER, 30, table, null, "us-east-1");
    return new DeploymentWatcherHandler(
        config,
        new EcsDeploymentReader(ecs),
        new SnsReportPublisher(() -> functionSns, topicArn),
        new DynamoDbReportLedger(functionDynamo, table),
        new CodePipelineExecutionLookup(() -> codepipeline, WatcherScenarios.PIPELINE, "us-east-1"),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /**
   * What one invocation let out: its answer or exception, its log lines, and what reached the
   * topic.
   */
  record Outward(Json answer, Throwable thrown, String logs, List<Json> published) {
    /**
     * Everything a reader could see, decoded: report, subject, attributes, log lines, the exception
     * with its causes.
     */
    String everything() {
      StringBuilder all = new StringBuilder(logs);
      for (String line : logs.split("\n")) {
        if (line.startsWith("{")) {
          all.append('\n').append(Json.parse(line).toPlain());
        }
      }
      for (Json envelope : published) {
        all.append('\n')
            .append(envelope.get("Message").text())
            .append('\n')
            .append(envelope.get("Subject").text())
            .append('\n')
            .append(envelope.get("MessageAttributes").toPlain());
      }
      if (answer != null) {
        all.append('\n').append(answer.toPlain());
      }
      if (thrown != null) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        all.append('\n').append(trace);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
          all.append('\n').append(t.getMessage());
        }
      }
      return all.toString();
    }

    Json report() {
      assertThat(published).hasSize(1);
      return Json.parse(published.get(0).get("Message").text());
    }
  }

  Outward invoke(String eventFile) {
    return invoke(Events.bytes(eventFile));
  }

  Outward invoke(byte[] event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Throwable thrown;
    String logs;
    try (CapturedOutput output = new CapturedOutput()) {
      thrown =
          catchThrowable(() -> handler().handleRequest(new ByteArrayInputStream(event), out, null));
      logs = output.text();
    }
    Json answer = out.size() == 0 ? null : Json.parse(out.toByteArray());
    return new Outward(
        answer, thrown, logs, inbox.receive(thrown == null ? 1 : 0, Duration.ofSeconds(2)));
  }

  static void assertNoSecretIn(String text) {
    for (String secret : SECRETS) {
      assertThat(text).as("leaks %s", secret).doesNotContain(secret);
    }
    assertThat(text).doesNotContain("\u200b");
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void credentialsInStopReasonsContainerReasonsEventsAndImagesNeverReachTheReportNorTheLogs() {
    stubs.stoppedTasks(
        List.of(
            // a container's reason decides the first two tasks; the task's own reason the third
            stubs.stoppedTask(
                "c1",
                FAILED_ID,
                FAILED_TD,
                "TaskFailedToStart",
                "Essential container in task exited",
                CREATED.plusSeconds(60),
                List.of(
                    container(
                        "app", REPO + ":3f9c2e1", null, String.format(START, COMMAND_1), null))),
            stubs.stoppedTask(
                "c2",
                FAILED_ID,
                FAILED_TD,
                "TaskFailedToStart",
                "Essential container in task exited",
                CREATED.plusSeconds(120),
                List.of(
                    container(
                        "app", REPO + ":3f9c2e1", null, String.format(START, COMMAND_2), null))),
            stubs.stoppedTask(
                "c3",
                FAILED_ID,
                FAILED_TD,
                "TaskFailedToStart",
                String.format(START, COMMAND_3),
                CREATED.plusSeconds(180),
                List.of(container("app", REPO + ":3f9c2e1", null, null, null)))));
    stubs.describeServices(
        stubs.service(
            SERVICE,
            true,
            List.of(
                deployment(
                    RESTORED_ID,
                    "PRIMARY",
                    RESTORED_TD,
                    "IN_PROGRESS",
                    "ECS deployment circuit breaker: rolling back to deploymentId "
                        + RESTORED_ID
                        + ".",
                    CREATED.plusSeconds(700),
                    2,
                    2,
                    0),
                deployment(
                    FAILED_ID,
                    "ACTIVE",
                    FAILED_TD,
                    "FAILED",
                    "ECS deployment circuit breaker: tasks failed to start. --db-password="
                        + ARG_PASSWORD,
                    CREATED,
                    2,
                    0,
                    3)),
            List.of(
                event(
                    CREATED.plusSeconds(181),
                    "(service web) failed to start a task: exec \"" + COMMAND_1 + "\""))));
    // a registry URL with userinfo in the task definition: the password must not be quoted with the
    // image
    stubs.taskDefinitions(
        EcsStubs.taskDefinition(
            "web:42",
            "https://deploy:" + IMAGE_PASSWORD + "@registry.example.com/web:3f9c2e1",
            "/ecs/pipeline-guard-dev",
            List.of()));

    Outward out = invoke("watcher/circuit-breaker-failed.json");

    assertThat(out.thrown()).isNull();
    assertNoSecretIn(out.everything());
    Json report = out.report();
    // the cause read from the raw text, and the readable rest of every reason
    assertThat(report.path("cause", "code").text()).isEqualTo("CANNOT_START_CONTAINER");
    assertThat(report.path("evidence", "failedTasks").text()).isEqualTo("3");
    assertThat(report.path("evidence", "examples").texts())
        .hasSize(3)
        .containsExactly(
            String.format(
                START,
                "/app/start.sh --db-password=[redacted password] --aws-key=[redacted aws-access-key-id] "
                    + "postgres://app:[redacted password]@db.internal:5432/app"),
            String.format(
                START,
                "/app/start.sh --aws-secret-access-key=[redacted aws-secret-access-key] --notify [redacted slack-webhook] "
                    + "[redacted github-token] [redacted aws-access-key-id]"),
            String.format(
                START,
                "/app/start.sh --health-header 'Authorization: Bearer [redacted authorization]' "
                    + "--tls-key [redacted private-key] --port 8080"));
    assertThat(report.path("failedDeployment", "images").texts())
        .containsExactly("https://deploy:[redacted password]@registry.example.com/web:3f9c2e1");
    assertThat(report.path("failedDeployment", "rolloutStateReason").text())
        .isEqualTo(
            "ECS deployment circuit breaker: tasks failed to start. --db-password=[redacted password]");
    assertThat(report.path("evidence", "serviceEvents").texts())
        .singleElement()
        .asString()
        .startsWith(
            "(service web) failed to start a task: exec \"/app/start.sh --db-password=[redacted password]");
    // still within SNS's limits
    Json envelope = out.published().get(0);
    assertThat(envelope.get("Subject").text())
        .isEqualTo("Rollback: web (pipeline-guard-dev): Container could not be started")
        .hasSizeLessThan(100);
    assertThat(Json.parse(envelope.get("Message").text())).isEqualTo(report);
    assertThat(Text.utf8Length(envelope.get("Message").text()))
        .isLessThan(ReportContract.SNS_MAX_BYTES);
  }

  @Test
  void aCredentialInAServiceEventIsRedactedWhereTheEventExplainsTheFailure() {
    stubs.stoppedTasks(List.of()); // no stopped task left: the service events explain the failure
    String unhealthy =
        "(service web) (task 9d41c7a2e0b84f37a1c5e6d8b2f09a13) (port 8080) is unhealthy in (target-group "
            + "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/0123456789abcdef) due to (reason "
            + "Health checks failed with these codes: [401]) probe GET /health?access_token="
            + ARG_PASSWORD
            + " Authorization: Bearer "
            + BEARER_TOKEN;
    stubs.describeServices(
        stubs.service(
            SERVICE,
            true,
            List.of(
                deployment(
                    RESTORED_ID,
                    "PRIMARY",
                    RESTORED_TD,
                    "IN_PROGRESS",
                    "ECS deployment circuit breaker: rolling back to deploymentId "
                        + RESTORED_ID
                        + ".",
                    CREATED.plusSeconds(700),
                    2,
                    2,
                    0),
                deployment(
                    FAILED_ID,
                    "ACTIVE",
                    FAILED_TD,
                    "FAILED",
                    "ECS deployment circuit breaker: tasks failed to start.",
                    CREATED,
                    2,
                    0,
                    3)),
            List.of(event(CREATED.plusSeconds(300), unhealthy))));

    Outward out = invoke("watcher/circuit-breaker-failed.json");

    assertNoSecretIn(out.everything());
    Json report = out.report();
    assertThat(report.path("cause", "code").text()).isEqualTo("LB_HEALTH_CHECK");
    assertThat(report.path("cause", "detail").text())
        .startsWith("target group web-tg;")
        .contains("read from the service events");
    String quoted =
        unhealthy
            .replace(ARG_PASSWORD, "[redacted secret]")
            .replace(BEARER_TOKEN, "[redacted authorization]");
    assertThat(report.path("evidence", "serviceEvents").texts())
        .containsExactly(Text.truncate(quoted, 300));
    assertThat(report.path("evidence", "examples").texts()).containsExactly(quoted);
  }

  @Test
  void anAwsErrorMessageWithACredentialLeavesNeitherInTheExceptionNorInTheLogs() {
    // A rollback event cannot tell which deployment failed without DescribeServices: the invocation
    // fails, and Lambda writes the exception with its causes' messages to the log.
    stubs.fail(
        "DescribeServices",
        400,
        "AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/"
            + "watcher/x is not authorized to perform: ecs:DescribeServices with request {\"password\": \""
            + ARG_PASSWORD
            + "\", \"key\": \""
            + AWS_KEY_ID
            + "\"}");

    Outward out = invoke("watcher/rollback-in-progress.json");

    assertThat(out.thrown())
        .isNotNull()
        .hasMessageContaining(
            "cannot tell which deployment of web failed: "
                + "DescribeServices failed: AccessDeniedException");
    assertNoSecretIn(out.everything());
    // the causes are kept, by class name and stack trace, with their messages redacted
    assertThat(out.thrown().getCause())
        .hasMessageStartingWith(
            "dev.pipelineguard.watcher.evidence.EcsReadException: DescribeServices failed: AccessDeniedException");
    assertThat(out.thrown().getCause().getCause())
        .hasMessageContaining("Exception: User: arn:aws:sts::")
        .hasMessageContaining("[redacted password]")
        .hasMessageContaining("[redacted aws-access-key-id]");
    assertThat(out.thrown().getCause().getCause().getStackTrace()).isNotEmpty();
    assertThat(out.published()).isEmpty();
  }

  @Test
  void credentialsInAwsErrorCodesAndFailureReasonsNeverReachTheGaps() {
    // An endpoint answering anything: an error code and a service deployment failure reason
    // carrying credentials.
    wiremock.stubFor(
        AwsJsonStubs.target(EcsStubs.target("DescribeServiceDeployments"))
            .atPriority(1)
            .willReturn(
                AwsJsonStubs.ok(
                    EcsStubs.map(
                        "serviceDeployments",
                        List.of(),
                        "failures",
                        List.of(
                            EcsStubs.map(
                                "arn", "x", "reason", "MISSING password=" + ARG_PASSWORD))))));
    stubs.fail("DescribeTasks", 400, GITHUB_TOKEN, "denied for token " + BEARER_TOKEN);

    Outward out = invoke("watcher/circuit-breaker-failed.json");

    assertNoSecretIn(out.everything());
    List<String> gaps = out.report().path("evidence", "gaps").texts();
    assertThat(gaps)
        .contains(
            "DescribeTasks failed: [redacted github-token]: the stopped tasks were not read, "
                + "so the cause may be unknown");
    assertThat(gaps)
        .anyMatch(g -> g.startsWith("service deployment MISSING password=[redacted password] ("));
  }

  @Test
  void credentialsInTheEventsOwnFieldsNeverReachTheLogLinesTheAnswerNorTheReport() {
    String event =
        Events.text("watcher/circuit-breaker-failed.json")
            .replace(
                "\"7c2d9e4a-5b1f-4e8a-9c3d-2f6b8a1e0d45\"", "\"7c2d9e4a " + GITHUB_TOKEN + "\"")
            .replace(
                "\"deploymentId\": \"" + FAILED_ID + "\"",
                "\"deploymentId\": \"" + FAILED_ID + " " + AWS_KEY_ID + "\"")
            .replace(
                "task failed to start.", "task failed to start. --db-password=" + ARG_PASSWORD);

    Outward out = invoke(event.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(out.thrown()).isNull();
    assertNoSecretIn(out.everything());
    assertThat(out.logs())
        .contains("\"deploymentId\":\"" + FAILED_ID + " [redacted aws-access-key-id]\"")
        .contains("\"eventId\":\"7c2d9e4a [redacted github-token]\"");
    assertThat(out.answer().path("outcomes").at(0).get("key").text())
        .isEqualTo(
            "deployment-rollback#us-east-1#pipeline-guard-dev/web#"
                + FAILED_ID
                + " [redacted aws-access-key-id]");
    assertThat(out.report().path("failedDeployment", "id").text())
        .isEqualTo(FAILED_ID + " [redacted aws-access-key-id]");
  }
}
