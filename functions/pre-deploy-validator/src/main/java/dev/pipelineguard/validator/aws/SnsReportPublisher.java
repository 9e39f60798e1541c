package dev.pipelineguard.validator.aws;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.validator.result.ReportPublisher;
import dev.pipelineguard.validator.result.ValidationReport;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.utils.Lazy;

/** {@link ReportPublisher} to the reports topic ({@code REPORT_TOPIC_ARN}). */
public final class SnsReportPublisher implements ReportPublisher {
  private final Supplier<SnsClient> sns;
  private final String topicArn;

  /** One publish, the SDK's retries included: SNS answers in milliseconds. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(1500);
  static final int SDK_ATTEMPTS = 2;
  /** The longest {@link #publish} takes: one call running out of time. */
  public static final Duration WORST_CASE = CALL_TIMEOUT;

  public SnsReportPublisher(AwsSdk.Settings settings, String topicArn) {
    this(new Lazy<SnsClient>(() -> Clients.reports(settings))::getValue, topicArn);
  }

  SnsReportPublisher(Supplier<SnsClient> sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public void publish(ValidationReport report) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    report.attributes().forEach((name, value) ->
        attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
    try {
      sns.get().publish(b -> b.topicArn(topicArn).subject(report.subject()).message(report.message())
          .messageAttributes(attributes));
    } catch (SdkException | UncheckedIOException e) {
      throw AwsErrors.classify("sns:Publish", e);
    }
  }
}
