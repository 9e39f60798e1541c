/**
 * Posting to Slack: the port {@code SlackPoster} and {@code SlackWebhookPoster} (retries, rate
 * limits, the invocation's deadline, metrics), the ports {@code HttpTransport} and {@code
 * WebhookSource} with their adapters {@code UrlConnectionHttpTransport} and {@code
 * SecretsManagerWebhookSource}, {@code EmbeddedMetrics}, and the {@code SlackDeliveryException}s
 * that fail the invocation so the event is retried, never lost. App mode's Web API: the port {@code
 * SlackChat} and {@code SlackWebApiChat}, the port {@code BotTokenSource} and {@code
 * SecretsManagerBotTokenSource}, and {@code SlackWebApiPoster}.
 */
package dev.pipelineguard.notifier.delivery;
