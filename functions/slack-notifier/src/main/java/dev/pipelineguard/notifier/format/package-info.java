/**
 * Which format a message takes and what it says, pure: {@code MessageFormats} chooses, one class
 * per kind of input reads and renders it (CodePipeline, CodeBuild, ECS, CloudWatch alarms,
 * pipeline-guard's own reports, the approval message, plain text, the generic message), and each
 * returns a {@code Notice}: kind, category, routing and de-duplication keys, the enrichment it
 * would like and how to render it.
 */
package dev.pipelineguard.notifier.format;
