/**
 * Slack app mode's model, pure: one pipeline execution's board merged from its events in any order
 * and any number of deliveries, its Slack thread, what is stored of both, and how the board and its
 * replies look as Block Kit. Code layout: docs/slack-notifier.md.
 */
package dev.pipelineguard.notifier.board;
