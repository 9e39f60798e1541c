package dev.pipelineguard.notifier.delivery;

/**
 * A message that did not reach Slack. Thrown out of the handler on purpose: the invocation fails,
 * Lambda retries it, and the event ends in the failure destination instead of being lost. Messages
 * never contain the webhook URL.
 */
public abstract class SlackDeliveryException extends RuntimeException {
  protected SlackDeliveryException(String message) {
    super(message);
  }

  protected SlackDeliveryException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A short, stable word for logs and metrics: {@code rejected}, {@code unavailable}, {@code
   * webhook-config}.
   */
  public abstract String outcome();
}
