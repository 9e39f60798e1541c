/**
 * App mode's AWS adapters: the execution boards in DynamoDB and what CodePipeline says about
 * pipelines and executions. Every call is bounded and every failure becomes the port's exception.
 */
package dev.pipelineguard.notifier.aws;
