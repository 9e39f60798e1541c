package dev.pipelineguard.validator;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.pipelineguard.emulation.AwsJsonStubs.CODEPIPELINE;
import static dev.pipelineguard.emulation.AwsJsonStubs.ECS;
import static dev.pipelineguard.emulation.AwsJsonStubs.ok;
import static dev.pipelineguard.emulation.AwsJsonStubs.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.ExternalCommand;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.SnsInbox;
import dev.pipelineguard.emulation.TestAws;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar on the raw sample events, through bin/local-invoke (the Lambda runtime
 * interface client and the handler's no-arg constructor), against moto behind WireMock. The sample
 * events name fixed resources (cluster pipeline-guard-dev, the artifact bucket, ...): this JVM has
 * its own moto, so they are created here once.
 */
class PreDeployValidatorIT {
  private static final String CLUSTER = "pipeline-guard-dev";
  private static final String REPORTS_TOPIC =
      "pipeline-guard-dev-reports"; // template default of ReportTopicArn
  private static MotoServer moto;
  private static WireMockServer aws;
  private static SnsInbox reports;

  @BeforeAll
  static void createTheSampleDeployment() throws Exception {
    moto = Moto.start();
    String image = Moto.image("pipeline-guard/orders", "abc1234");
    Moto.ecr()
        .startImageScan(
            b -> b.repositoryName("pipeline-guard/orders").imageId(i -> i.imageTag("abc1234")));
    Moto.secret("pipeline-guard/dev/stripe-key", "sk_test_not_a_real_key");
    Moto.parameter("/pipeline-guard/dev/feature-flags", "{}");
    String db =
        Moto.secret(
            "pipeline-guard/dev/db",
            "{\"username\":\"orders\",\"password\":\"" + DeploymentFixture.SECRET_VALUE + "\"}");
    String targetGroup = Moto.targetGroup("orders-api-tg", "10.7.1.10");
    String taskDefinition =
        Moto.taskDefinition(
            "orders-api",
            Moto.container(
                "app",
                image,
                Map.of("LOG_LEVEL", "INFO"),
                Map.of("DB_PASSWORD", db + ":password::")));
    Moto.artifact(
        "pipeline-guard-dev-pipeline-artifacts",
        "pipeline-guard-dev-pi/BuildOutpu/x7Kp2Qm",
        Moto.zip("imagedefinitions.json", "[{\"name\":\"app\",\"imageUri\":\"" + image + "\"}]"));
    String topic = Moto.sns().createTopic(b -> b.name(REPORTS_TOPIC)).topicArn();
    reports = SnsInbox.subscribe(Moto.sns(), Moto.sqs(), topic);

    aws = AwsJsonStubs.start();
    AwsJsonStubs.proxyUnmatchedTo(aws, moto.endpoint());
    aws.stubFor(target(CODEPIPELINE + "PutJobSuccessResult").willReturn(ok("{}")));
    aws.stubFor(target(CODEPIPELINE + "PutJobFailureResult").willReturn(ok("{}")));
    // moto has no rollout states: the service is answered here, settled and healthy.
    Map<String, Object> deployment =
        Map.of(
            "id",
            "ecs-svc/1234567890123456789",
            "status",
            "PRIMARY",
            "taskDefinition",
            taskDefinition,
            "desiredCount",
            1,
            "runningCount",
            1,
            "pendingCount",
            0,
            "failedTasks",
            0,
            "rolloutState",
            "COMPLETED",
            "rolloutStateReason",
            "ECS deployment ecs-svc/1234567890123456789 completed.");
    Map<String, Object> service =
        Map.of(
            "serviceArn",
            "arn:aws:ecs:us-east-1:123456789012:service/" + CLUSTER + "/orders-api",
            "serviceName",
            "orders-api",
            "status",
            "ACTIVE",
            "desiredCount",
            1,
            "runningCount",
            1,
            "pendingCount",
            0,
            "taskDefinition",
            taskDefinition,
            "deployments",
            List.of(deployment),
            "loadBalancers",
            List.of(
                Map.of(
                    "targetGroupArn", targetGroup, "containerName", "app", "containerPort", 8080)));
    aws.stubFor(
        target(ECS + "DescribeServices")
            .withRequestBody(matchingJsonPath("$.cluster", equalTo(CLUSTER)))
            .willReturn(
                ok(JsonWriter.write(Map.of("services", List.of(service), "failures", List.of())))));
  }

  @AfterAll
  static void stop() {
    aws.stop();
  }

  /** Every service through WireMock (which proxies what it does not answer to moto). */
  private static ExternalCommand.Result invoke(String event) {
    return invoke(event, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + aws.port()));
  }

  private static ExternalCommand.Result invoke(
      String event, Map<String, String> endpoints, String... options) {
    String root = RepoPaths.root().toString();
    Map<String, String> env = new java.util.HashMap<>(endpoints);
    env.putAll(
        Map.of(
            "AWS_ACCESS_KEY_ID",
            "testing",
            "AWS_SECRET_ACCESS_KEY",
            "testing",
            "AWS_REGION",
            TestAws.REGION));
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                root + "/bin/local-invoke",
                "PreDeployValidatorFunction",
                "-e",
                "events/validator/" + event));
    command.addAll(List.of(options));
    return ExternalCommand.run(RepoPaths.root(), Duration.ofMinutes(3), command, env, null);
  }

  private static List<Json> results(String target, String jobId) {
    return AwsJsonStubs.calls(aws, CODEPIPELINE + target).stream()
        .filter(body -> jobId.equals(body.get("jobId").text()))
        .toList();
  }

  private static String jobId(String event) {
    return Events.json("validator/" + event).path("CodePipeline.job", "id").text();
  }

  private static void assertNoCredentials(ExternalCommand.Result result) {
    for (String credential : DeploymentFixture.sampleCredentials()) {
      assertThat(result.output()).doesNotContain(credential);
    }
    assertThat(result.output()).doesNotContain(DeploymentFixture.SECRET_VALUE);
  }

  @Test
  void theFirstInvocationSamplePassesEveryCheck() {
    // As bin/demo runs it: moto for everything, the job results and the rollout state from a local
    // endpoint.
    String local = "http://127.0.0.1:" + aws.port();
    ExternalCommand.Result result =
        invoke(
            "first-invocation.json",
            Map.of(
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString(),
                "AWS_ENDPOINT_URL_CODEPIPELINE",
                local,
                "AWS_ENDPOINT_URL_ECS",
                local));

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(Json.parse(result.stdout()).get("outcome").text()).isEqualTo("succeeded");
    List<Json> successes = results("PutJobSuccessResult", jobId("first-invocation.json"));
    assertThat(successes).hasSize(1);
    assertThat(successes.get(0).path("executionDetails", "summary").text())
        .contains("5 of 5 checks passed");
    assertThat(successes.get(0).path("outputVariables", "ImageUri").text())
        .endsWith("pipeline-guard/orders:abc1234");
    assertThat(results("PutJobFailureResult", jobId("first-invocation.json"))).isEmpty();
    // One JSON log line per check, with the job id.
    assertThat(
            result
                .stderr()
                .lines()
                .filter(
                    l ->
                        l.contains("\"event\":\"check\"")
                            && l.contains(jobId("first-invocation.json"))))
        .hasSize(5);
    assertNoCredentials(result);
  }

  @Test
  void theContinuationSampleRunsEveryCheckAgainWithOnlyContainerCredentials() {
    // As under SnapStart: no access-key variables, the credentials endpoint only (the first sample
    // above runs with the access keys).
    ExternalCommand.Result result =
        invoke(
            "continuation.json",
            Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + aws.port()),
            "--container-credentials");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.stderr())
        .contains("local-invoke: container credentials: 1 request served, 0 refused");
    assertThat(results("PutJobSuccessResult", jobId("continuation.json")))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.path("executionDetails", "summary").text())
                  .contains("5 of 5 checks passed")
                  .contains("after 2 polls");
              assertThat(s.path("outputVariables", "ImageUri").text())
                  .endsWith("pipeline-guard/orders:abc1234");
            });
    assertThat(
            result
                .stderr()
                .lines()
                .filter(
                    l ->
                        l.contains("\"event\":\"check\"")
                            && l.contains(jobId("continuation.json"))))
        .hasSize(5);
    assertNoCredentials(result);
  }

  @Test
  void theMalformedParametersSampleFailsWithAConfigurationErrorAndAReport() {
    ExternalCommand.Result result = invoke("malformed-parameters.json");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(results("PutJobFailureResult", jobId("malformed-parameters.json")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("failureDetails", "type").text()).isEqualTo("ConfigurationError");
              assertThat(f.path("failureDetails", "message").text())
                  .contains("UserParameters is not valid JSON");
            });
    List<Json> published = reports.receive(1, Duration.ofSeconds(10));
    assertThat(published)
        .anySatisfy(
            m -> assertThat(m.get("Message").text()).contains(jobId("malformed-parameters.json")));
    assertNoCredentials(result);
  }
}
