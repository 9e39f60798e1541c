package dev.pipelineguard.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.SnsInbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job's artifact credentials (from the raw sample events) and secret values never reach a log
 * line, a CodePipeline result, an SNS report or the handler's response, on any path.
 */
class CredentialLeakTest {
  private static Harness harness;

  @BeforeAll
  static void start() {
    harness = new Harness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void theSampleCredentialsAndSecretValuesAppearInNoOutput() {
    String topic = Moto.sns().createTopic(b -> b.name(Moto.unique("reports"))).topicArn();
    SnsInbox inbox = SnsInbox.subscribe(Moto.sns(), Moto.sqs(), topic);
    PreDeployValidatorHandler handler = Harness.handler(harness.publishingTo(topic));
    // A deployment that passes, and one with a plain-text password and a secret scheduled for
    // deletion.
    DeploymentFixture healthy = DeploymentFixture.healthy(harness.aws);
    String doomed =
        Moto.secret(
            Moto.unique("app/doomed"), "{\"k\":\"" + DeploymentFixture.SECRET_VALUE + "\"}");
    Moto.secretsManager().deleteSecret(b -> b.secretId(doomed).recoveryWindowInDays(7L));
    DeploymentFixture leaky =
        DeploymentFixture.withEnvironment(
            harness.aws, Map.of("DB_PASSWORD", DeploymentFixture.SECRET_VALUE));
    List<byte[]> events = new ArrayList<>();
    // The raw sample events as AWS sends them: nothing exists in moto for them, so every check
    // fails.
    for (String event :
        List.of(
            "first-invocation.json",
            "continuation.json",
            "malformed-parameters.json",
            "unknown-parameter.json",
            "foreign-continuation.json")) {
      events.add(Events.bytes("validator/" + event));
    }
    events.add(healthy.job(healthy.parameters("")).bytes());
    events.add(leaky.job(leaky.parameters("\"requiredSecrets\":[\"" + doomed + ":k\"]")).bytes());
    // Only what the validator sends counts from here on (the setup above sent the values on
    // purpose).
    harness.aws.resetRequests();
    List<String> responses = new ArrayList<>();
    String captured;

    try (CapturedOutput output = new CapturedOutput()) {
      for (byte[] event : events) {
        responses.add(Harness.invoke(handler, event).toString());
      }
      captured = output.text();
    }

    List<Json> reports = inbox.receive(6, Duration.ofSeconds(10));
    String everything =
        captured
            + "\n"
            + harness.everythingSent()
            + "\n"
            + String.join("\n", responses)
            + "\n"
            + reports.stream().map(Json::toString).reduce("", String::concat);

    assertThat(captured).contains("\"event\":\"check\"").contains("\"event\":\"job.reported\"");
    assertThat(reports).hasSize(6); // every blocked job, none for the one that passed
    for (String credential : DeploymentFixture.sampleCredentials()) {
      assertThat(everything).doesNotContain(credential);
    }
    assertThat(everything).doesNotContain(DeploymentFixture.SECRET_VALUE);
    // Sanity: the secret value was really read (the deployment's own secret holds it as
    // "password").
    assertThat(captured).contains("reference(s) exist and are readable");
  }
}
