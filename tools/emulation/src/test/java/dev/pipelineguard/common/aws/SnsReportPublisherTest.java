package dev.pipelineguard.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportContract;
import dev.pipelineguard.common.report.ReportPublisher;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.SnsInbox;
import dev.pipelineguard.emulation.TestAws;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The common publisher against moto's SNS, read back by a subscribed SQS queue as a subscriber sees
 * it. (Here, not in common: common cannot depend on the module that runs moto_server.)
 */
class SnsReportPublisherTest {
  private static SnsClient sns;
  private static SqsClient sqs;

  @BeforeAll
  static void moto() {
    TestAws.useMoto(MotoServer.shared());
    sns = AwsSdk.build(SnsClient.builder(), TestAws.settings());
    sqs = AwsSdk.build(SqsClient.builder(), TestAws.settings());
  }

  @Test
  void publishesSubjectMessageAndEveryAttributeAsAString() {
    String topic = sns.createTopic(b -> b.name("reports-" + UUID.randomUUID())).topicArn();
    SnsInbox inbox = SnsInbox.subscribe(sns, sqs, topic);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(ReportContract.SCHEMA, ReportContract.ROLLBACK_V1);
    attributes.put(ReportContract.SEVERITY, ReportContract.ERROR);
    attributes.put(ReportContract.CLUSTER, "prod");
    attributes.put(ReportContract.SERVICE, "orders-api");
    attributes.put(ReportContract.CAUSE, "IMAGE_PULL");
    Report report =
        new Report(
            "Rollback: orders-api (prod): image pull failed",
            "{\"schema\":\"x\",\"n\":1}",
            attributes);

    String messageId = new SnsReportPublisher(() -> sns, topic).publish(report);

    List<Json> messages = inbox.receive(1, Duration.ofSeconds(5));
    assertThat(messages).hasSize(1);
    Json envelope = messages.get(0);
    assertThat(envelope.get("MessageId").text()).isEqualTo(messageId);
    assertThat(envelope.get("Subject").text()).isEqualTo(report.subject());
    assertThat(envelope.get("Message").text()).isEqualTo(report.message());
    assertThat(envelope.get("MessageAttributes").fields().keySet())
        .containsExactlyInAnyOrderElementsOf(attributes.keySet());
    attributes.forEach(
        (name, value) -> {
          assertThat(envelope.path("MessageAttributes", name, "Type").text())
              .as(name)
              .isEqualTo("String");
          assertThat(envelope.path("MessageAttributes", name, "Value").text())
              .as(name)
              .isEqualTo(value);
        });
  }

  @Test
  void aRefusedPublishNamesTheTopicAndTheErrorCodeSnsAnswered() {
    String missing =
        "arn:aws:sns:"
            + TestAws.REGION
            + ":"
            + TestAws.ACCOUNT
            + ":no-such-topic-"
            + UUID.randomUUID();

    assertThatThrownBy(
            () ->
                new SnsReportPublisher(() -> sns, missing).publish(new Report("s", "{}", Map.of())))
        .isInstanceOf(ReportPublisher.PublishException.class)
        .hasMessage("SNS Publish to " + missing + " failed: NotFound");
  }
}
