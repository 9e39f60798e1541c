package dev.pipelineguard.notifier.delivery;

import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

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
    String value =
        SecretsManagerSecretText.read(
            client.get(), secretArn, "Slack app secret", SlackAppConfigException::new);
    return SlackApp.parse(value, secretArn);
  }
}
