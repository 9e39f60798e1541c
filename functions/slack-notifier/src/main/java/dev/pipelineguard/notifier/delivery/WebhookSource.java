package dev.pipelineguard.notifier.delivery;

import java.net.URI;

/** Where a webhook URL comes from: a secret, read once per container and cached. */
public interface WebhookSource {
  /** The webhook URL held by {@code secretArn}. */
  URI webhook(String secretArn);

  /** Forgets a cached URL, so a rotated secret is read again on the next post. */
  void forget(String secretArn);

  /** SnapStart priming: get ready to read secrets without reading one. */
  default void prime() {}
}
