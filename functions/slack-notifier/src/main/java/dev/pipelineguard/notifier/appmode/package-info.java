/**
 * Slack app mode: keeping one live message per pipeline execution in step with its stored board
 * ({@code BoardSync}), and deciding what goes on a board, in a thread or on its own ({@code
 * ExecutionThreads}). The ports {@code BoardStore} and {@code ExecutionFacts} are adapted in {@code
 * .aws}. Code layout: docs/slack-notifier.md.
 */
package dev.pipelineguard.notifier.appmode;
