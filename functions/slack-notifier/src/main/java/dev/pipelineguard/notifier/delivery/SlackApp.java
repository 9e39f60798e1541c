package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.common.Json;
import java.util.regex.Pattern;

/**
 * What app mode reads from its secret: {@code {"botToken": "xoxb-…", "channel": "C0123…"}}. The
 * channel is a channel id (what Slack answers with, and what {@code chat.update} needs) or a
 * channel name. Errors name the secret and the field, never the value.
 */
record SlackApp(String botToken, String channel) {
  /** Slack's bot tokens: {@code xoxb-} then digits, letters and dashes; no spaces or controls. */
  private static final Pattern BOT_TOKEN = Pattern.compile("xoxb-[A-Za-z0-9-]{5,250}");

  /**
   * A channel id (C…, G…) or a name (lower case, digits, - and _, at most 80), optionally with #.
   */
  private static final Pattern CHANNEL =
      Pattern.compile("[CGD][A-Z0-9]{6,20}|#?[a-z0-9][a-z0-9_-]{0,79}");

  static SlackApp parse(String secretValue, String secretArn) {
    if (secretValue == null || secretValue.isBlank()) {
      throw new SlackAppConfigException("the Slack app secret " + secretArn + " is empty");
    }
    Json json = Json.parseIfJson(secretValue.strip());
    if (!json.isObject()) {
      throw new SlackAppConfigException(
          "the Slack app secret "
              + secretArn
              + " must be JSON: {\"botToken\": \"xoxb-...\", \"channel\": \"C0123...\"}");
    }
    String token = json.get("botToken").text();
    if (token == null
        || !json.get("botToken").isString()
        || !BOT_TOKEN.matcher(token.strip()).matches()) {
      throw new SlackAppConfigException(
          "the Slack app secret "
              + secretArn
              + " has no \"botToken\" that is a bot token (xoxb-...)");
    }
    String channel = json.get("channel").text();
    if (channel == null
        || !json.get("channel").isString()
        || !CHANNEL.matcher(channel.strip()).matches()) {
      throw new SlackAppConfigException(
          "the Slack app secret "
              + secretArn
              + " has no \"channel\" that is a channel id (C0123ABCD) or name");
    }
    return new SlackApp(token.strip(), channel.strip());
  }

  /** Never the token. */
  @Override
  public String toString() {
    return "SlackApp[channel=" + channel + "]";
  }
}
