/**
 * Posting to Slack: the port {@code SlackPoster} and {@code SlackWebhookPoster} (retries, rate
 * limits, the invocation's deadline, metrics), the ports {@code HttpTransport} and
 * {@code WebhookSource} with their adapters {@code UrlConnectionHttpTransport} and
 * {@code SecretsManagerWebhookSource}, {@code EmbeddedMetrics}, and the
 * {@code SlackDeliveryException}s that fail the invocation so the event is retried, never lost.
 */
package dev.pipelineguard.notifier.delivery;
