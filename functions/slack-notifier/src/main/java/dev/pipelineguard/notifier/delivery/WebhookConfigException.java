package dev.pipelineguard.notifier.delivery;

/**
 * The webhook secret is missing, unreadable or does not hold a usable URL. Never quotes the URL.
 */
public final class WebhookConfigException extends SlackDeliveryException {
  WebhookConfigException(String message) {
    super(message);
  }

  WebhookConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String outcome() {
    return "webhook-config";
  }
}
