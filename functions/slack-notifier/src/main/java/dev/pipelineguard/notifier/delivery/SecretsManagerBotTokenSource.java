package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.aws.AwsErrors;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The bot token, and the channel it posts to, from one Secrets Manager secret ({@code {"botToken":
 * "xoxb-…", "channel": "C0123…"}}), read once per container and cached. Forgotten when Slack
 * refuses the token or the channel, so a corrected or rotated secret is picked up on the next call
 * without a redeploy.
 */
public final class SecretsManagerBotTokenSource implements BotTokenSource {
  private final Supplier<SecretsManagerClient> client;
  private final String secretArn;
  private volatile SlackApp app;

  /**
   * @param client built when the secret is first read
   */
  public SecretsManagerBotTokenSource(Supplier<SecretsManagerClient> client, String secretArn) {
    this.client = client;
    this.secretArn = secretArn;
  }

  @Override
  public String token() {
    return app().botToken();
  }

  /** The channel new messages go to: an id, or a name Slack resolves. */
  public String channel() {
    return app().channel();
  }

  @Override
  public void forget() {
    app = null;
  }

  /** SnapStart priming: builds the client, reads nothing. */
  @Override
  public void prime() {
    var unused = client.get(); // builds it; the supplier keeps it
  }

  private SlackApp app() {
    SlackApp current = app;
    if (current == null) {
      current = read();
      app = current;
    }
    return current;
  }

  private SlackApp read() {
    GetSecretValueResponse response;
    try {
      response = client.get().getSecretValue(b -> b.secretId(secretArn));
    } catch (AwsServiceException e) {
      String code =
          OutsideText.quote(AwsErrors.codeOrStatus(e), 100); // the endpoint's text: it reaches logs
      if (AwsErrors.isPermanent(
          e)) { // a retry cannot fix it: missing, deleted, not ours to read, undecryptable
        throw new SlackAppConfigException(
            "cannot read the Slack app secret " + secretArn + ": " + code, e);
      }
      throw new SlackUnavailableException(
          "Secrets Manager did not return the Slack app secret " + secretArn + ": " + code, e);
    } catch (SdkClientException e) {
      throw new SlackUnavailableException(
          "cannot read the Slack app secret "
              + secretArn
              + ": "
              + SecretsManagerWebhookSource.clientProblem(e),
          e);
    } catch (UncheckedIOException e) {
      // The url-connection client lets some I/O failures (a reset connection) out unchecked,
      // past the SDK's retries (aws-sdk-java-v2 #7347): transient, like any unreachable endpoint.
      throw new SlackUnavailableException(
          "cannot read the Slack app secret "
              + secretArn
              + ": "
              + SecretsManagerWebhookSource.ioProblem(e),
          e);
    }
    String value = response.secretString();
    if (value == null && response.secretBinary() != null) {
      value = response.secretBinary().asUtf8String();
    }
    return SlackApp.parse(value, secretArn);
  }
}
