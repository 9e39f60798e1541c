package dev.pipelineguard.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.EcsStubs;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.ExternalCommand;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.SnsInbox;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.emulation.WatcherScenarios;
import dev.pipelineguard.watcher.aws.LedgerTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The deployable jar through bin/local-invoke (the runtime's no-arg constructor, template.yaml's
 * environment), with ECS answered by WireMock (the rest proxied to moto) and SNS, SQS and DynamoDB
 * in moto. Two invocations are two containers: the ledger is what keeps the second report away.
 */
class DeploymentWatcherIT {
  static MotoServer moto;
  static WireMockServer wiremock;
  static SnsInbox inbox;
  static Path envFile;

  @BeforeAll
  static void emulators() throws IOException {
    moto = MotoServer.shared();
    TestAws.useMoto(moto);
    wiremock = AwsJsonStubs.start();
    AwsJsonStubs.proxyUnmatchedTo(wiremock, moto.endpoint());
    EcsStubs stubs = new EcsStubs(wiremock, WatcherScenarios.CLUSTER);
    WatcherScenarios.imagePullRollback(stubs);
    WatcherScenarios.pipelineExecutions(wiremock);
    stubs.listServices(List.of(stubs.serviceArn(WatcherScenarios.SERVICE)));

    SnsClient sns = AwsSdk.build(SnsClient.builder(), TestAws.settings());
    SqsClient sqs = AwsSdk.build(SqsClient.builder(), TestAws.settings());
    String topicArn = sns.createTopic(b -> b.name("it-reports-" + UUID.randomUUID())).topicArn();
    inbox = SnsInbox.subscribe(sns, sqs, topicArn);
    String table = LedgerTables.create(AwsSdk.build(DynamoDbClient.builder(), TestAws.settings()));

    // SAM's env-vars format: only variables the template declares can be overridden.
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("REPORT_TOPIC_ARN", topicArn);
    vars.put("IDEMPOTENCY_TABLE", table);
    envFile = Files.createTempFile("watcher-env", ".json");
    Files.writeString(envFile, JsonWriter.write(Map.of("DeploymentWatcherFunction", vars)));
  }

  @AfterAll
  static void stop() throws IOException {
    wiremock.stop();
    Files.deleteIfExists(envFile);
  }

  static ExternalCommand.Result localInvoke(String event, String... options) {
    Path root = RepoPaths.root();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
    env.put("AWS_ENDPOINT_URL_ECS", "http://127.0.0.1:" + wiremock.port());
    env.put("AWS_ENDPOINT_URL_CODEPIPELINE", "http://127.0.0.1:" + wiremock.port());
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("AWS_REGION", "us-east-1");
    List<String> command =
        new ArrayList<>(
            List.of(
                root + "/bin/local-invoke",
                "DeploymentWatcherFunction",
                "-e",
                "events/" + event,
                "-n",
                envFile.toString()));
    command.addAll(List.of(options));
    return ExternalCommand.run(root, Duration.ofMinutes(2), command, env, null);
  }

  static String result(ExternalCommand.Result run) {
    return Json.parse(run.stdout().strip()).get("outcomes").at(0).get("result").text();
  }

  @Test
  void reportsTheRollbackOnceAcrossContainersAndRejectsWhatItCannotRead() {
    ExternalCommand.Result failed = localInvoke("watcher/circuit-breaker-failed.json");
    assertThat(failed.exit()).as(failed.output()).isZero();
    assertThat(result(failed)).isEqualTo("REPORTED");

    List<Json> messages = inbox.receive(1, Duration.ofSeconds(10));
    assertThat(messages).hasSize(1);
    Json report = Json.parse(messages.get(0).get("Message").text());
    Map<String, Object> expected =
        withoutDetectedAt(Events.json("watcher/expected-report-image-pull.json"));
    assertThat(withoutDetectedAt(report)).isEqualTo(expected);
    assertThat(messages.get(0).path("MessageAttributes", "cause", "Value").text())
        .isEqualTo("REGISTRY_UNREACHABLE");

    // A second container gets the rollback event of the same failure: the ledger says it is
    // reported.
    // This one and the scan run as under SnapStart, with only the container credentials endpoint.
    ExternalCommand.Result rollback =
        localInvoke("watcher/rollback-in-progress.json", "--container-credentials");
    assertThat(rollback.exit()).as(rollback.output()).isZero();
    assertThat(result(rollback)).isEqualTo("DUPLICATE");
    assertThat(rollback.stderr())
        .contains("local-invoke: container credentials: 1 request served, 0 refused");

    ExternalCommand.Result malformed = localInvoke("watcher/malformed-truncated.json");
    assertThat(malformed.exit()).isEqualTo(1);
    Json error = Json.parse(malformed.stdout().strip());
    assertThat(error.get("errorType").text()).endsWith("EventNotHandledException");
    assertThat(error.get("errorMessage").text()).contains("not JSON");

    // The scan (real clock) finds the rollback deployment still IN_PROGRESS long past the
    // threshold.
    ExternalCommand.Result scan =
        localInvoke("watcher/scheduled-scan.json", "--container-credentials");
    assertThat(scan.exit()).as(scan.output()).isZero();
    assertThat(result(scan)).isEqualTo("REPORTED");
    List<Json> stuck = inbox.receive(1, Duration.ofSeconds(10));
    assertThat(stuck).hasSize(1);
    Json stuckReport = Json.parse(stuck.get(0).get("Message").text());
    assertThat(stuckReport.get("kind").text()).isEqualTo("deployment-stuck");
    assertThat(stuckReport.path("failedDeployment", "id").text())
        .isEqualTo(WatcherScenarios.RESTORED_ID);
    assertThat(stuck.get(0).path("MessageAttributes", "severity", "Value").text())
        .isEqualTo("WARNING");

    // The function's logs (stderr) name ids, never the event body.
    assertThat(failed.stderr())
        .contains("report_published")
        .doesNotContain("task failed to start.");
  }

  @SuppressWarnings(
      "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
  static Map<String, Object> withoutDetectedAt(Json report) {
    Map<String, Object> plain = (Map<String, Object>) report.toPlain();
    plain.remove("detectedAt");
    return plain;
  }
}
