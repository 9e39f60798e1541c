/**
 * The CodePipeline job: the event, the action's {@code UserParameters}, the artifact credentials,
 * and polling (the continuation token and the poll plan: when validation started, when it gives
 * up).
 */
package dev.pipelineguard.validator.job;
