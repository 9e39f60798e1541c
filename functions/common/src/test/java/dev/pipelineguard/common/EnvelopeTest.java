package dev.pipelineguard.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  @Test
  void anEventBridgeEventIsOneEnvelope() {
    Json event =
        Json.parse(
            "{\"id\":\"e-1\",\"detail-type\":\"ECS Deployment State Change\",\"source\":\"aws.ecs\",\"detail\":{}}");

    List<Envelope> envelopes = Envelope.unwrap(event);

    assertThat(envelopes)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.via()).isEqualTo("eventbridge");
              assertThat(e.deliveryId()).isEqualTo("e-1");
              assertThat(e.detailType()).isEqualTo("ECS Deployment State Change");
              assertThat(e.source()).isEqualTo("aws.ecs");
            });
  }

  @Test
  void snsRecordsCarryJsonOrPlainText() {
    String inner =
        JsonWriter.write(java.util.Map.of("detail-type", "X", "source", "aws.codepipeline"));
    Json payload =
        Json.parse(
            "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"MessageId\":\"m-1\",\"Subject\":null,"
                + "\"Message\":"
                + JsonWriter.write(inner)
                + "}},"
                + "{\"Sns\":{\"MessageId\":\"m-2\",\"Subject\":\"Hi\",\"Message\":\"plain words\"}},{\"nope\":1}]}");

    List<Envelope> envelopes = Envelope.unwrap(payload);

    assertThat(envelopes).hasSize(3);
    assertThat(envelopes.get(0).detailType()).isEqualTo("X");
    assertThat(envelopes.get(0).via()).isEqualTo("sns");
    assertThat(envelopes.get(0).deliveryId()).isEqualTo("m-1");
    assertThat(envelopes.get(1).body().isMissing()).isTrue();
    assertThat(envelopes.get(1).text()).isEqualTo("plain words");
    assertThat(envelopes.get(1).subject()).isEqualTo("Hi");
    assertThat(envelopes.get(2).via()).isEqualTo("unknown");
  }

  @Test
  void aDeveloperToolsNotificationUsesCamelCaseDetailType() {
    Json payload =
        Json.parse(
            "{\"detailType\":\"CodePipeline Pipeline Execution State Change\",\"source\":\"aws.codepipeline\"}");

    assertThat(Envelope.unwrap(payload).get(0).detailType())
        .isEqualTo("CodePipeline Pipeline Execution State Change");
  }
}
