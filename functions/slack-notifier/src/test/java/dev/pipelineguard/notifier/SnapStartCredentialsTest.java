package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.CredentialsEndpoint;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.emulation.TestContext;
import dev.pipelineguard.notifier.delivery.SlackSink;
import dev.pipelineguard.notifier.delivery.SlackUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The notifier as Lambda runs it under SnapStart: no access keys, only a token-checked container
 * credentials endpoint. Secrets Manager (moto) and CodePipeline (stubs) sit behind a WireMock that
 * records how each request was signed, so the test sees which credentials were used.
 */
class SnapStartCredentialsTest {
  static SlackSink slack;
  static WireMockServer aws;
  static String secretArn;

  @BeforeAll
  static void start() {
    MotoServer moto = MotoServer.shared();
    TestAws.useMoto(moto);
    slack = new SlackSink();
    aws = AwsJsonStubs.start();
    CodePipelineStubs.install(aws);
    AwsJsonStubs.proxyUnmatchedTo(aws, moto.endpoint());
    TestAws.route("SecretsManager", aws);
    TestAws.route("CodePipeline", aws);
    try (SecretsManagerClient secrets =
        AwsSdk.build(SecretsManagerClient.builder(), TestAws.settings())) {
      secretArn =
          secrets
              .createSecret(
                  b ->
                      b.name("snapstart-test/slack-" + UUID.randomUUID())
                          .secretString("{\"webhookUrl\":\"" + slack.url() + "\"}"))
              .arn();
    }
  }

  @AfterAll
  static void stop() {
    TestAws.unroute("SecretsManager");
    TestAws.unroute("CodePipeline");
    slack.close();
    aws.stop();
  }

  @BeforeEach
  void reset() {
    aws.resetRequests();
    slack.answer(SlackSink.ok());
  }

  /**
   * The runtime's wiring (no-arg constructor) in the environment Lambda gives a SnapStart function.
   */
  private static SlackNotifierHandler underSnapStart(
      CredentialsEndpoint endpoint, String... keyValues) {
    Map<String, String> vars = new HashMap<>();
    vars.put("SLACK_WEBHOOK_SECRET_ARN", secretArn);
    vars.put("AWS_REGION", TestAws.REGION);
    vars.put("ENVIRONMENT", "dev");
    vars.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.fullUri());
    vars.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", endpoint.token());
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      vars.put(keyValues[i], keyValues[i + 1]);
    }
    Env env = new Env(vars);
    return new SlackNotifierHandler(env, AwsSdk.Settings.fromEnv(env));
  }

  private static Json invoke(SlackNotifierHandler handler, String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Events.bytes(event)), out, TestContext.withTimeout(30));
    return Json.parse(out.toByteArray());
  }

  private static List<LoggedRequest> signedRequests() {
    return aws.getAllServeEvents().stream()
        .map(ServeEvent::getRequest)
        .filter(r -> r.containsHeader("Authorization"))
        .toList();
  }

  @Test
  void clientsPrimedBeforeTheSnapshotSignWithCredentialsFetchedAfterTheRestore()
      throws IOException {
    try (CredentialsEndpoint endpoint =
        new CredentialsEndpoint("ASIASNAPSHOTTIME0001", "snapshot-secret", "snapshot-session")
            .install()) {
      SlackNotifierHandler handler = underSnapStart(endpoint);

      handler
          .prime(); // what the beforeCheckpoint hook runs: both clients built, a message rendered
      assertThat(endpoint.served() + endpoint.refused())
          .as("credential fetches before the snapshot")
          .isZero();

      // The restored environment: Lambda serves that environment's own credentials.
      endpoint.serve("ASIARESTORED00000001", "restored-secret", "restored-session");
      Json response = invoke(handler, "notifier/pipeline-failed.json");

      assertThat(response.get("results").at(0).get("outcome").text()).isEqualTo("posted");
      assertThat(endpoint.served()).isEqualTo(1);
      assertThat(endpoint.refused()).isZero();
      List<LoggedRequest> signed = signedRequests();
      assertThat(signed.stream().map(r -> r.getHeader("X-Amz-Target")))
          .contains(
              "secretsmanager.GetSecretValue", AwsJsonStubs.CODEPIPELINE + "GetPipelineExecution");
      assertThat(signed)
          .allSatisfy(
              r -> {
                assertThat(r.getHeader("Authorization"))
                    .contains("Credential=ASIARESTORED00000001/");
                assertThat(r.getHeader("X-Amz-Security-Token")).isEqualTo("restored-session");
              });
    }
  }

  @Test
  void aWrongTokenFailsTheSecretReadClearlyAndLeaksNoCredential() {
    try (CredentialsEndpoint endpoint =
            new CredentialsEndpoint("ASIARESTORED00000001", "restored-secret", "restored-session")
                .install();
        CapturedOutput output = new CapturedOutput()) {
      SlackNotifierHandler handler = underSnapStart(endpoint);
      System.setProperty("aws.containerAuthorizationToken", "not-the-token");

      assertThatThrownBy(() -> invoke(handler, "notifier/pipeline-failed.json"))
          .isInstanceOf(SlackUnavailableException.class)
          .hasMessageContaining("no AWS credentials");

      assertThat(endpoint.served()).isZero();
      assertThat(endpoint.refused()).isPositive(); // once per attempt of the call
      assertThat(slack.requests()).isEmpty();
      assertThat(output.text())
          .doesNotContain(endpoint.token())
          .doesNotContain("restored-secret")
          .doesNotContain("restored-session");
    }
  }

  @Test
  void aCredentialsEndpointThatNeverAnswersCostsNoMoreThanTheSecretReadsBudget() {
    try (CredentialsEndpoint endpoint =
        new CredentialsEndpoint("ASIARESTORED00000001", "restored-secret", "restored-session")
            .install()) {
      SlackNotifierHandler handler = underSnapStart(endpoint, "ENRICH_PIPELINE_EVENTS", "false");
      endpoint.hang();

      long started = System.nanoTime();
      assertThatThrownBy(() -> invoke(handler, "notifier/pipeline-failed.json"))
          .isInstanceOf(SlackUnavailableException.class)
          .hasMessageContaining("no AWS credentials");

      // Unbounded, the SDK's own fetch retries would take 18 s; the secret read has 5 s.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
      assertThat(slack.requests()).isEmpty();
    }
  }
}
