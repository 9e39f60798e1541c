package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.common.Text;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Webhook URLs from Secrets Manager, read once per container and cached (a cold start pays one
 * GetSecretValue per webhook; warm invocations none). A URL Slack no longer knows is forgotten, so a
 * rotated secret is picked up without a redeploy.
 */
public final class SecretsManagerWebhookSource implements WebhookSource {
  /** Errors a retry cannot fix: the secret is missing, deleted, not ours to read or undecryptable. */
  private static final Set<String> PERMANENT = Set.of("ResourceNotFoundException",
      "AccessDeniedException", "InvalidRequestException", "DecryptionFailure",
      "InvalidParameterException", "ValidationException");

  private final Supplier<SecretsManagerClient> client;
  private final ConcurrentMap<String, URI> cache = new ConcurrentHashMap<>();

  /** @param client built when the first secret is read */
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

  /** The SDK's client-side problem in a few words (its messages name endpoints, never secret values). */
  static String clientProblem(SdkClientException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("credentials")) {
      return "no AWS credentials";
    }
    return "Secrets Manager unreachable (" + Text.truncate(Text.oneLine(message), 200) + ")";
  }

  private URI read(String secretArn) {
    GetSecretValueResponse response;
    try {
      response = client.get().getSecretValue(b -> b.secretId(secretArn));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode()
          : e.awsErrorDetails().errorCode();
      if (PERMANENT.contains(code) || e.statusCode() == 403) {
        throw new WebhookConfigException("cannot read the Slack webhook secret " + secretArn + ": " + code, e);
      }
      throw new SlackUnavailableException("Secrets Manager did not return the Slack webhook secret "
          + secretArn + ": " + code, e);
    } catch (SdkClientException e) {
      throw new SlackUnavailableException("cannot read the Slack webhook secret " + secretArn + ": "
          + clientProblem(e), e);
    }
    String value = response.secretString();
    if (value == null && response.secretBinary() != null) {
      value = response.secretBinary().asUtf8String();
    }
    return WebhookUrls.parse(value, secretArn);
  }

  @Override
  public void prime() {
    var unused = client.get(); // builds it; the supplier keeps it
  }
}
