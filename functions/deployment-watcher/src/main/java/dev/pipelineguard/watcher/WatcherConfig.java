package dev.pipelineguard.watcher;

import dev.pipelineguard.common.Env;

/**
 * The watcher's configuration, read once per container.
 *
 * @param reportTopicArn REPORT_TOPIC_ARN (required): where reports are published
 * @param clusterName CLUSTER_NAME (required): the cluster the scheduled scan covers, and the
 *     cluster of events whose service ARN has the old format without one
 * @param stuckAfterMinutes STUCK_AFTER_MINUTES (default 30): a deployment IN_PROGRESS longer is
 *     stuck
 * @param idempotencyTable IDEMPOTENCY_TABLE (optional): the report-once table; without it only each
 *     container's memory prevents duplicates
 * @param pipelineName PIPELINE_NAME (optional): the pipeline whose executions are matched to image
 *     tags
 * @param region AWS_REGION
 */
record WatcherConfig(
    String reportTopicArn,
    String clusterName,
    int stuckAfterMinutes,
    String idempotencyTable,
    String pipelineName,
    String region) {

  static final int DEFAULT_STUCK_AFTER_MINUTES = 30;

  static WatcherConfig fromEnv(Env env) {
    return new WatcherConfig(
        env.required("REPORT_TOPIC_ARN"),
        env.required("CLUSTER_NAME"),
        env.integer("STUCK_AFTER_MINUTES", DEFAULT_STUCK_AFTER_MINUTES, 5, 1440),
        env.optional("IDEMPOTENCY_TABLE", null),
        env.optional("PIPELINE_NAME", null),
        env.required("AWS_REGION"));
  }
}
