package dev.pipelineguard.notifier.delivery;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Webhook URLs from Secrets Manager, read once per container and cached (a cold start pays one
 * GetSecretValue per webhook; warm invocations none). A URL Slack no longer knows is forgotten, so
 * a rotated secret is picked up without a redeploy.
 */
public final class SecretsManagerWebhookSource implements WebhookSource {
  private final Supplier<SecretsManagerClient> client;
  private final ConcurrentMap<String, URI> cache = new ConcurrentHashMap<>();

  /**
   * @param client built when the first secret is read
   */
  public SecretsManagerWebhookSource(Supplier<SecretsManagerClient> client) {
    this.client = client;
  }

  SecretsManagerWebhookSource(SecretsManagerClient client) {
    this(() -> client);
  }

  @Override
  public URI webhook(String secretArn) {
    return cache.computeIfAbsent(secretArn, this::read);
  }

  @Override
  public void forget(String secretArn) {
    cache.remove(secretArn);
  }

  private URI read(String secretArn) {
    String value =
        SecretsManagerSecretText.read(
            client.get(), secretArn, "Slack webhook secret", WebhookConfigException::new);
    return WebhookUrls.parse(value, secretArn);
  }

  @Override
  public void prime() {
    var unused = client.get(); // builds it; the supplier keeps it
  }
}
