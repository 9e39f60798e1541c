package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.common.Log;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@link SlackPoster} for app mode: a standalone message (one that belongs to no pipeline
 * execution) goes to the app's channel with {@code chat.postMessage}, with the Web API's retries
 * and refusals ({@link SlackWebApiChat}). The secret named by the caller is the app secret the
 * channel was read from.
 */
public final class SlackWebApiPoster implements SlackPoster {
  private final SlackChat chat;
  private final Supplier<String> channel;
  private final Log log;

  public SlackWebApiPoster(SlackChat chat, Supplier<String> channel, Log log) {
    this.chat = chat;
    this.channel = channel;
    this.log = log;
  }

  @Override
  public Delivery post(
      String appSecretArn, SlackMessage message, Instant deadline, String eventId) {
    SlackChat.ChatResult posted;
    try {
      posted = chat.post(channel.get(), null, message.json(), deadline);
    } catch (SlackDeliveryException e) {
      log.error(
          "slack.undelivered", "eventId", eventId, "outcome", e.outcome(), "error", e.getMessage());
      throw e;
    }
    if (posted.status() == SlackChat.ChatResult.Status.UNCONFIRMED) {
      // Sent, not answered in time: counted as posted, unconfirmed; never posted again (no double
      // post).
      log.warn("slack.unconfirmed", "eventId", eventId, "attempts", posted.attempts());
      return new Delivery(posted.attempts(), 0);
    }
    log.info(
        "slack.posted",
        "eventId",
        eventId,
        "channel",
        posted.channel(),
        "ts",
        posted.ts(),
        "attempts",
        posted.attempts());
    return new Delivery(posted.attempts(), 200);
  }

  @Override
  public void prime() {
    chat.prime();
  }
}
