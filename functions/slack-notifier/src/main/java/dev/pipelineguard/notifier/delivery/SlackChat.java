package dev.pipelineguard.notifier.delivery;

import java.time.Instant;

/**
 * Slack's Web API as app mode uses it: {@code chat.postMessage} (a thread reply when a parent
 * {@code ts} is given) and {@code chat.update}. A call either returns what Slack accepted ({@code
 * ok: true}) or that the message it refers to is gone, or throws {@link SlackApiException}: never a
 * success Slack did not confirm.
 */
public interface SlackChat {

  /**
   * What Slack answered.
   *
   * @param channel the channel id Slack answered (also when the call named the channel)
   * @param ts the message's {@code ts}
   * @param attempts calls made, retries included
   */
  record ChatResult(Status status, String channel, String ts, int attempts) {
    public enum Status {
      /** Slack accepted the message. */
      OK,
      /** The message to update, or the parent to reply to, no longer exists (deleted). */
      MESSAGE_NOT_FOUND,
      /**
       * chat.postMessage only: sent in full, not answered in time. It may be in the channel; its
       * {@code ts} is unknown. Never posted again.
       */
      UNCONFIRMED
    }

    public boolean ok() {
      return status == Status.OK;
    }
  }

  /**
   * Posts {@code payloadJson} (a Block Kit payload: {@code text}, {@code blocks}, {@code
   * attachments}) to {@code channel} (an id, or a name for a new parent), as a reply in the thread
   * of {@code threadTs} when that is not null.
   *
   * @param deadline no call and no retry wait goes beyond it
   * @return {@code OK} with the new {@code ts}; {@code MESSAGE_NOT_FOUND} only for a reply whose
   *     parent is gone; {@code UNCONFIRMED} (no {@code ts}) when it was sent but not answered in
   *     time
   * @throws SlackApiException when Slack refused the message, or could not be reached in time
   */
  ChatResult post(String channel, String threadTs, String payloadJson, Instant deadline);

  /**
   * Replaces the message {@code ts} in {@code channel} (an id) with {@code payloadJson}.
   *
   * @return {@code OK}, or {@code MESSAGE_NOT_FOUND} when the message was deleted
   * @throws SlackApiException when Slack refused the update, or could not be reached in time
   */
  ChatResult update(String channel, String ts, String payloadJson, Instant deadline);

  /** SnapStart priming: get ready (load classes) without reading the token or calling Slack. */
  default void prime() {}
}
