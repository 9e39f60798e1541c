/**
 * The Slack notifier's entry point and wiring. {@code SlackNotifierHandler} builds the
 * configuration, the SDK clients and the adapters once per container, for webhook or app mode;
 * {@code Notifier} turns one payload into posts (read, filter by category, de-duplicate, route,
 * enrich, render, check the limits, post; in app mode execution events go to their board and what
 * belongs to an execution to its thread) with one logged outcome per message. Code layout:
 * docs/slack-notifier.md.
 */
package dev.pipelineguard.notifier;
