package dev.pipelineguard.notifier.delivery;

/**
 * Where the Slack bot token ({@code xoxb-…}) comes from: in production a Secrets Manager secret
 * read once per container. The token is never logged or put into a message.
 */
public interface BotTokenSource {
  String token();

  /** Slack refused the token (revoked, rotated): read it again next time. */
  default void forget() {}

  /** A fixed token (tests, and the demo against the fake Slack). */
  static BotTokenSource of(String token) {
    return () -> token;
  }
}
