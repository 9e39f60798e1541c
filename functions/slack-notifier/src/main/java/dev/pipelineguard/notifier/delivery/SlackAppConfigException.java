package dev.pipelineguard.notifier.delivery;

/**
 * The Slack app secret is missing, unreadable or does not hold a bot token and a channel. Never
 * quotes the secret's value.
 */
public final class SlackAppConfigException extends SlackDeliveryException {
  SlackAppConfigException(String message) {
    super(message);
  }

  SlackAppConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String outcome() {
    return "app-config";
  }
}
