package dev.pipelineguard.common.aws;

import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportPublisher;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * {@link ReportPublisher} to the reports topic: the subject, the message and each attribute as a
 * String message attribute. Every failure, the url-connection client's UncheckedIOException
 * included ({@link AwsErrors}), becomes a {@link PublishException} naming the topic and the error
 * code or client-side failure. The function's SnsClient sets the time bounds.
 *
 * <p>The {@code sns} module is an optional dependency of common: a function that publishes declares
 * it; the others carry this class unloaded.
 */
public final class SnsReportPublisher implements ReportPublisher {
  private final Supplier<SnsClient> sns;
  private final String topicArn;

  /**
   * @param sns built on first use, or at once: {@code () -> client}
   */
  public SnsReportPublisher(Supplier<SnsClient> sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public String publish(Report report) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    report
        .attributes()
        .forEach(
            (name, value) ->
                attributes.put(
                    name,
                    MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
    try {
      return sns.get()
          .publish(
              b ->
                  b.topicArn(topicArn)
                      .subject(report.subject())
                      .message(report.message())
                      .messageAttributes(attributes))
          .messageId();
    } catch (SdkException | UncheckedIOException e) {
      throw new PublishException("SNS Publish to " + topicArn + " failed: " + failure(e), e);
    }
  }

  /** The error code SNS answered (quoted), else which client-side failure. */
  static String failure(RuntimeException e) {
    String code = AwsErrors.code(e);
    if (code != null) {
      return OutsideText.quote(code, 100);
    }
    return AwsErrors.unwrap(e).getClass().getSimpleName();
  }
}
