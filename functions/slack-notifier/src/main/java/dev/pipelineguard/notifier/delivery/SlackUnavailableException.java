package dev.pipelineguard.notifier.delivery;

/**
 * Slack (or the webhook secret) could not be reached in this invocation: 5xx, timeouts or a rate
 * limit longer than the time left. Lambda's retry will try again later.
 */
public final class SlackUnavailableException extends SlackDeliveryException {
  SlackUnavailableException(String message) {
    super(message);
  }

  SlackUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String outcome() {
    return "unavailable";
  }
}
