package dev.pipelineguard.watcher.aws;

import dev.pipelineguard.watcher.evidence.OutsideText;
import dev.pipelineguard.watcher.report.ReportBuilder;
import dev.pipelineguard.watcher.report.ReportPublisher;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.SnsException;

/** Publishes reports to the reports topic with their subject and String message attributes. */
public final class SnsReportPublisher implements ReportPublisher {
  private final SnsClient sns;
  private final String topicArn;

  public SnsReportPublisher(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public String publish(ReportBuilder.Report report) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    report.attributes().forEach((name, value) ->
        attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
    try {
      return sns.publish(b -> b.topicArn(topicArn).subject(report.subject()).message(report.message())
          .messageAttributes(attributes)).messageId();
    } catch (SnsException e) {
      String code = e.awsErrorDetails() == null ? "unknown" : OutsideText.quote(e.awsErrorDetails().errorCode(), 100);
      throw new PublishException("SNS Publish to " + topicArn + " failed: " + code, e);
    } catch (SdkException e) {
      throw new PublishException("SNS Publish to " + topicArn + " failed: " + e.getClass().getSimpleName(), e);
    } catch (UncheckedIOException e) {
      // The url-connection client's unretried I/O failure (see EcsDeploymentReader.code): the
      // invocation fails and Lambda's retry publishes (again, if this attempt got through).
      throw new PublishException("SNS Publish to " + topicArn + " failed: " + e.getCause().getClass().getSimpleName(), e);
    }
  }
}
