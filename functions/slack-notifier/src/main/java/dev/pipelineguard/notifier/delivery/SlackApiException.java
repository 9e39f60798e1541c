package dev.pipelineguard.notifier.delivery;

/**
 * A Web API call that did not succeed. {@link #permanent()} ones ({@code channel_not_found}, {@code
 * invalid_auth}, {@code invalid_blocks}, ...) fail the same way on every retry: the invocation
 * fails and the event goes to the failure queue. The others (rate limits longer than the time left,
 * 5xx, {@code internal_error}, timeouts) may succeed when Lambda retries later. The message names
 * the method and Slack's error word, never the token or the message.
 */
public final class SlackApiException extends SlackDeliveryException {
  private final String method;
  private final String error;
  private final int httpStatus;
  private final boolean permanent;

  public SlackApiException(
      String method, String error, int httpStatus, boolean permanent, String why) {
    super(
        "Slack "
            + method
            + " "
            + (permanent ? "refused" : "failed")
            + ": "
            + error
            + (why == null || why.isBlank() ? "" : " (" + why + ")"));
    this.method = method;
    this.error = error;
    this.httpStatus = httpStatus;
    this.permanent = permanent;
  }

  /** {@code chat.postMessage} or {@code chat.update}. */
  public String method() {
    return method;
  }

  /**
   * Slack's error word ({@code channel_not_found}), or ours ({@code http_502}, {@code timeout}).
   */
  public String error() {
    return error;
  }

  /** The HTTP status of the last answer, 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  public boolean permanent() {
    return permanent;
  }

  @Override
  public String outcome() {
    return permanent ? "rejected" : "unavailable";
  }
}
