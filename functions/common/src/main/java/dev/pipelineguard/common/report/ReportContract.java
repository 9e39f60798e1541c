package dev.pipelineguard.common.report;

/**
 * The JSON reports pipeline-guard publishes to its reports topic (docs/report-schema.md): the
 * validator's blocked deployment and the watcher's rollback or stuck deployment, which the Slack
 * notifier reads. Writers and reader take every name and limit from here; ReportContractTest (in
 * the notifier) reads back what the real writers write.
 */
public final class ReportContract {
  private ReportContract() {}

  /** Every schema starts so; a reader handles an unknown version by its common fields. */
  public static final String SCHEMA_PREFIX = "pipeline-guard.";

  public static final String ROLLBACK_V1 = "pipeline-guard.rollback-report/v1";
  public static final String VALIDATION_V1 = "pipeline-guard.validation-report/v1";

  /** {@code kind}: what happened. */
  public static final String KIND_ROLLBACK = "deployment-rollback";

  public static final String KIND_STUCK = "deployment-stuck";
  public static final String KIND_BLOCKED = "deployment-blocked";

  /** {@code severity}. */
  public static final String ERROR = "ERROR";

  public static final String WARNING = "WARNING";

  /** The common fields, in the order every report writes them ({@link ReportHeader}). */
  public static final String SCHEMA = "schema";

  public static final String KIND = "kind";
  public static final String SEVERITY = "severity";
  public static final String REGION = "region";
  public static final String ACCOUNT = "account";
  public static final String CLUSTER = "cluster";
  public static final String SERVICE = "service";
  public static final String SUMMARY = "summary";
  public static final String DETECTED_AT = "detectedAt";

  /** Console links by name; a reader shows only AWS console URLs. */
  public static final String LINKS = "links";

  /**
   * SNS message attributes (String) subscribers filter on: the rollback report adds {@link #CAUSE}.
   */
  public static final String CAUSE = "cause";

  /** SNS's default maximum message size, in bytes, counting the body and the message attributes. */
  public static final int SNS_MAX_BYTES = 262_144;

  /** Room left for the SNS envelope when fitting a report ({@link Report#fits}). */
  public static final int ENVELOPE_MARGIN_BYTES = 1024;

  /** SNS subjects: under 100 characters. */
  public static final int SUBJECT_MAX = 99;

  public static final int SUMMARY_MAX = 300;
}
