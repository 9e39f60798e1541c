package dev.pipelineguard.validator.aws;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.aws.SnsReportPublisher;
import dev.pipelineguard.common.report.ReportPublisher;
import java.time.Duration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.utils.Lazy;

/**
 * The validator's reports topic ({@code REPORT_TOPIC_ARN}): the common {@link SnsReportPublisher}
 * on an SNS client built on first use, whose calls fit {@link #WORST_CASE} (the handler's reporting
 * reserve counts on it).
 */
public final class ReportTopic {
  /** One publish, the SDK's retries included: SNS answers in milliseconds. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(1500);
  static final int SDK_ATTEMPTS = 2;

  /** The longest a publish takes: one call running out of time. */
  public static final Duration WORST_CASE = CALL_TIMEOUT;

  private ReportTopic() {}

  public static ReportPublisher publisher(AwsSdk.Settings settings, String topicArn) {
    return new SnsReportPublisher(
        new Lazy<SnsClient>(() -> Clients.reports(settings))::getValue, topicArn);
  }
}
