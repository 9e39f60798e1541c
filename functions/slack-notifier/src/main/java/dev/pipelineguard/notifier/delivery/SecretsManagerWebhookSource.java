package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.aws.AwsErrors;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

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

  /**
   * The SDK's client-side problem in a few words (its messages name endpoints, never secret
   * values).
   */
  static String clientProblem(SdkClientException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("credentials")) {
      return "no AWS credentials";
    }
    return "Secrets Manager unreachable (" + OutsideText.quote(message, 200) + ")";
  }

  /** An I/O failure the SDK let out unchecked, by kind only (its message may name the endpoint). */
  static String ioProblem(UncheckedIOException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return "Secrets Manager unreachable ("
        + cause.getClass().getSimpleName()
        + ", a transient I/O failure)";
  }

  private URI read(String secretArn) {
    GetSecretValueResponse response;
    try {
      response = client.get().getSecretValue(b -> b.secretId(secretArn));
    } catch (AwsServiceException e) {
      String code =
          OutsideText.quote(AwsErrors.codeOrStatus(e), 100); // the endpoint's text: it reaches logs
      if (AwsErrors.isPermanent(
          e)) { // a retry cannot fix it: missing, deleted, not ours to read, undecryptable
        throw new WebhookConfigException(
            "cannot read the Slack webhook secret " + secretArn + ": " + code, e);
      }
      throw new SlackUnavailableException(
          "Secrets Manager did not return the Slack webhook secret " + secretArn + ": " + code, e);
    } catch (SdkClientException e) {
      throw new SlackUnavailableException(
          "cannot read the Slack webhook secret " + secretArn + ": " + clientProblem(e), e);
    } catch (UncheckedIOException e) {
      // The url-connection client lets some I/O failures (a reset connection) out unchecked,
      // past the SDK's retries (aws-sdk-java-v2 #7347): transient, like any unreachable endpoint.
      throw new SlackUnavailableException(
          "cannot read the Slack webhook secret " + secretArn + ": " + ioProblem(e), e);
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
