/**
 * The Block Kit model, pure: {@code SlackMessage} builds a payload within Slack's limits, {@code
 * Mrkdwn} is the only way text enters it (escaped event text, or markup written in this code),
 * {@code SlackText} escapes and cuts, {@code BlockKitLimits} checks a payload before it is posted,
 * {@code Severity} is a message's colour and emoji.
 */
package dev.pipelineguard.notifier.blockkit;
