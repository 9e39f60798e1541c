/**
 * The Slack notifier's entry point and wiring. {@code SlackNotifierHandler} builds the
 * configuration, the SDK clients and the adapters once per container; {@code Notifier} turns one
 * payload into posts (read, filter by category, de-duplicate, route, enrich, render, check the
 * limits, post) with one logged outcome per message. Code layout: docs/slack-notifier.md.
 */
package dev.pipelineguard.notifier;
