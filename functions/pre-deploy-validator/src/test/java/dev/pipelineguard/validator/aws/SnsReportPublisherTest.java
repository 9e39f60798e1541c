package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.testing.SnsInbox;
import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.result.ValidationReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publishing a validation report to SNS (moto), read back by a subscribed queue. */
class SnsReportPublisherTest {

  @Test
  void publishesTheReportWithSubjectAndStringAttributes() {
    Moto.start();
    String topic = Moto.sns().createTopic(b -> b.name(Moto.unique("reports"))).topicArn();
    SnsInbox inbox = SnsInbox.subscribe(Moto.sns(), Moto.sqs(), topic);
    ValidationReport report = new ValidationReport("Deployment blocked: orders-api (prod)", "{\"schema\":\"x\"}",
        Map.of("schema", ValidationReport.SCHEMA, "severity", "ERROR", "kind", ValidationReport.KIND));

    new SnsReportPublisher(Moto::sns, topic).publish(report);

    List<Json> messages = inbox.receive(1, Duration.ofSeconds(5));
    assertThat(messages).hasSize(1);
    Json envelope = messages.get(0);
    assertThat(envelope.get("Subject").text()).isEqualTo("Deployment blocked: orders-api (prod)");
    assertThat(envelope.get("Message").text()).isEqualTo("{\"schema\":\"x\"}");
    assertThat(envelope.path("MessageAttributes", "schema", "Value").text()).isEqualTo(ValidationReport.SCHEMA);
    assertThat(envelope.path("MessageAttributes", "kind", "Type").text()).isEqualTo("String");
  }
}
