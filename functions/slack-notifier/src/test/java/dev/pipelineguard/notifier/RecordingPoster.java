package dev.pipelineguard.notifier;

import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.delivery.SlackDeliveryException;
import dev.pipelineguard.notifier.delivery.SlackPoster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link SlackPoster} that records what would have been posted, optionally failing some posts.
 */
final class RecordingPoster implements SlackPoster {
  record Posted(String secretArn, SlackMessage message, Instant deadline, String eventId) {}

  final List<Posted> posts = new ArrayList<>();
  private final Function<SlackMessage, SlackDeliveryException> failure;

  RecordingPoster() {
    this(message -> null);
  }

  /**
   * @param failure the exception to throw for a message, or null to accept it
   */
  RecordingPoster(Function<SlackMessage, SlackDeliveryException> failure) {
    this.failure = failure;
  }

  @Override
  public Delivery post(String secretArn, SlackMessage message, Instant deadline, String eventId) {
    SlackDeliveryException e = failure.apply(message);
    if (e != null) {
      throw e;
    }
    posts.add(new Posted(secretArn, message, deadline, eventId));
    return new Delivery(1, 200);
  }
}
