package dev.pipelineguard.notifier.board;

import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.notifier.blockkit.SlackMessage;

/**
 * A message for the board's thread, under a key that is the same for every delivery of the news it
 * carries (e.g. {@code action-failed/Build/BuildImage/1}), so a duplicate never posts twice.
 *
 * @param payloadJson the Block Kit payload ({@link SlackMessage#json()}): stored until posted
 */
public record ThreadReply(String key, String payloadJson) {
  public ThreadReply {
    if (key == null || key.isBlank() || payloadJson == null || payloadJson.isBlank()) {
      throw new IllegalArgumentException("a thread reply needs a key and a payload");
    }
  }

  public static ThreadReply of(String key, SlackMessage message) {
    return new ThreadReply(key, JsonWriter.write(message.payload()));
  }
}
