package dev.pipelineguard.notifier.format;

import java.util.Locale;

/**
 * What kind of news a message is. NOTIFY_ON lists the categories that are posted; every message
 * belongs to exactly one.
 */
public enum Category {
  /**
   * Pipeline failed, build failed, ECS deployment failed, Service Action ERROR, a task stopped by a
   * failure, a CloudWatch alarm in ALARM, blocked deployment.
   */
  FAILURE,
  /**
   * ECS Service Action WARN (tasks failing to start), an alarm with insufficient data, reports with
   * severity WARNING.
   */
  WARNING,
  /** Manual approval needed, approved or rejected. */
  APPROVAL,
  /** ECS circuit-breaker rollback started, the watcher's rollback report. */
  ROLLBACK,
  /**
   * Pipeline succeeded, ECS deployment completed, build succeeded, a CloudWatch alarm back to OK.
   */
  SUCCESS,
  /** Pipeline started or resumed, ECS deployment started, build started. */
  STARTED,
  /** Pipeline canceled, superseded, stopping or stopped; build stopped. */
  STOPPED,
  /** Stage-level CodePipeline events. */
  STAGE,
  /** Action-level CodePipeline events other than approvals. */
  ACTION,
  /**
   * Routine news: ECS Service Action INFO events (steady state), ECS task state changes other than
   * a task stopped by a failure (PENDING, RUNNING, a Spot interruption, a scale-in), CloudWatch
   * alarm configuration changes. Not in the default NOTIFY_ON.
   */
  INFO,
  /** Anything unrecognised: plain-text SNS messages, unknown events (a compact generic message). */
  OTHER;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
