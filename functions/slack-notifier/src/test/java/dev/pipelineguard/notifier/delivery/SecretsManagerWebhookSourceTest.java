package dev.pipelineguard.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reading webhook secrets from a real moto_server through the SDK. */
class SecretsManagerWebhookSourceTest {
  static SecretsManagerClient secrets;

  @BeforeAll
  static void connect() {
    TestAws.useMoto(MotoServer.shared());
    secrets = AwsSdk.build(SecretsManagerClient.builder(), TestAws.settings());
  }

  @AfterAll
  static void close() {
    secrets.close();
  }

  private static String secret(String value) {
    return secrets
        .createSecret(b -> b.name("slack/webhook-" + UUID.randomUUID()).secretString(value))
        .arn();
  }

  @Test
  void readsAPlainUrlSecret() {
    String arn = secret("https://hooks.example.test/services/T1/B1/plain");

    assertThat(new SecretsManagerWebhookSource(secrets).webhook(arn))
        .isEqualTo(URI.create("https://hooks.example.test/services/T1/B1/plain"));
  }

  @Test
  void readsAJsonSecretWithWebhookUrl() {
    String arn = secret("{\"webhookUrl\":\"https://hooks.example.test/services/T1/B1/json\"}");

    assertThat(new SecretsManagerWebhookSource(secrets).webhook(arn))
        .hasPath("/services/T1/B1/json");
  }

  @Test
  void readsTheSecretOncePerContainerUntilTheUrlIsForgotten() {
    String arn = secret("https://hooks.example.test/services/T1/B1/first");
    SecretsManagerWebhookSource webhooks = new SecretsManagerWebhookSource(secrets);
    webhooks.webhook(arn);
    secrets.putSecretValue(
        b -> b.secretId(arn).secretString("https://hooks.example.test/services/T1/B1/rotated"));

    assertThat(webhooks.webhook(arn)).hasPath("/services/T1/B1/first");
    webhooks.forget(arn);
    assertThat(webhooks.webhook(arn)).hasPath("/services/T1/B1/rotated");
  }

  @Test
  void aMissingSecretIsAConfigErrorNamingIt() {
    String arn =
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:does-not-exist-" + UUID.randomUUID();

    assertThatThrownBy(() -> new SecretsManagerWebhookSource(secrets).webhook(arn))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessageContaining(arn)
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void aSecretScheduledForDeletionIsAConfigError() {
    String arn = secret("https://hooks.example.test/services/T1/B1/deleted");
    secrets.deleteSecret(b -> b.secretId(arn).recoveryWindowInDays(7L));

    assertThatThrownBy(() -> new SecretsManagerWebhookSource(secrets).webhook(arn))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessageContaining("InvalidRequestException");
  }

  @Test
  void aNonHttpsUrlIsAConfigErrorThatDoesNotQuoteIt() {
    String arn = secret("http://hooks.example.test/services/T1/B1/leaky-token");

    assertThatThrownBy(() -> new SecretsManagerWebhookSource(secrets).webhook(arn))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessageContaining(arn)
        .hasMessageNotContaining("leaky-token");
  }

  @Test
  void anUnreachableSecretsManagerIsTransient() {
    TestAws.route("SecretsManager", URI.create("http://127.0.0.1:9"));
    try (SecretsManagerClient unreachable =
        AwsSdk.build(SecretsManagerClient.builder(), TestAws.settings())) {
      assertThatThrownBy(
              () ->
                  new SecretsManagerWebhookSource(unreachable)
                      .webhook("arn:aws:secretsmanager:us-east-1:123456789012:secret:x"))
          .isInstanceOf(SlackUnavailableException.class)
          .hasMessageContaining("Secrets Manager unreachable");
    } finally {
      TestAws.unroute("SecretsManager");
    }
  }
}
