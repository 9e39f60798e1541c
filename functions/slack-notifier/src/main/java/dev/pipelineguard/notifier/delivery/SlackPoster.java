package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.notifier.blockkit.SlackMessage;
import java.time.Instant;

/**
 * Posts one message to where a secret points (the webhook URL it holds; in app mode the app's
 * channel), or throws a {@link SlackDeliveryException}.
 */
public interface SlackPoster {
  /**
   * @param deadline when this invocation must have finished with Slack (retries stop before it)
   * @param eventId for the logs
   */
  Delivery post(String webhookSecretArn, SlackMessage message, Instant deadline, String eventId);

  /**
   * A message Slack accepted, after {@code attempts} tries; or one sent in full that Slack did not
   * answer in time ({@code status} 0): it may have been posted, and it is not posted again.
   */
  record Delivery(int attempts, int status) {
    /** Slack said it accepted the message (a 2xx), rather than not answering in time. */
    public boolean confirmed() {
      return status != 0;
    }
  }

  /** SnapStart priming: get ready to post (build clients) without reading a secret or posting. */
  default void prime() {}
}
