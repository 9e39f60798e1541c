package dev.pipelineguard.notifier.delivery;

/**
 * Where the Slack bot token ({@code xoxb-…}) comes from: in production a Secrets Manager secret
 * read once per container. The token is never logged or put into a message.
 */
public interface BotTokenSource {
  String token();

  /** Slack refused the token (revoked, rotated) or the channel: read them again next time. */
  default void forget() {}

  /** SnapStart priming: get ready (build clients) without reading the token. */
  default void prime() {}

  /** A fixed token (tests, and the demo against the fake Slack). */
  static BotTokenSource of(String token) {
    return () -> token;
  }
}
