package dev.pipelineguard.notifier.delivery;

/**
 * Slack answered with a permanent error (4xx other than 429): retrying the same post cannot help.
 */
public final class SlackRejectedException extends SlackDeliveryException {
  private final int status;
  private final String slackError;

  public SlackRejectedException(int status, String slackError) {
    super("Slack rejected the message: HTTP " + status + " " + slackError);
    this.status = status;
    this.slackError = slackError;
  }

  public int status() {
    return status;
  }

  /**
   * Slack's error code from the response body, e.g. {@code invalid_payload}, {@code no_service}.
   */
  public String slackError() {
    return slackError;
  }

  @Override
  public String outcome() {
    return "rejected";
  }
}
