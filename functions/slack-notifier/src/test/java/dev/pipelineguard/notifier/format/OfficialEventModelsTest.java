package dev.pipelineguard.notifier.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.CloudWatchCompositeAlarmEvent;
import com.amazonaws.services.lambda.runtime.events.CloudWatchMetricAlarmEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.PublishedEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official event models of aws-lambda-java-events, loaded with aws-lambda-java-tests'
 * EventLoader (the runtime's own serializers, mixins included), as a second opinion on our readers:
 * for every published event, {@link Envelope} sees the same SNS records and EventBridge envelope,
 * and {@link CloudWatchAlarms} the same alarm fields. The handlers keep parsing their streams
 * themselves; these models are test-scope only.
 *
 * <p>Not compared, because no released model exists: the CodePipeline job event
 * (aws-lambda-java-events 3.16.1 has no {@code CodePipelineEvent}), the body of a Developer Tools
 * notification ({@code detailType}, camelCase: {@code ScheduledEvent} maps only {@code
 * detail-type}) and the SNS message of an alarm action (a string inside the SNS record, compared as
 * such).
 */
class OfficialEventModelsTest {
  @TempDir static Path tmp;

  static Stream<PublishedEvents.Entry> modelledEvents() {
    return PublishedEvents.all().stream().filter(e -> !"direct".equals(e.delivery()));
  }

  /** EventLoader reads files ending in .json. */
  static String file(String name, byte[] bytes) throws IOException {
    Path path = tmp.resolve(name.replace('/', '_'));
    Files.write(path, bytes);
    return path.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelledEvents")
  void ourReadersSeeTheEnvelopeTheOfficialModelsSee(PublishedEvents.Entry entry)
      throws IOException {
    byte[] payload = entry.payloadBytes();
    Json json = Json.parse(payload);
    List<Envelope> envelopes = Envelope.unwrap(json);
    int compared = 0;
    if (json.has("Records")) {
      SNSEvent official = EventLoader.loadSNSEvent(file(entry.file(), payload));
      assertThat(envelopes).hasSameSizeAs(official.getRecords());
      for (int i = 0; i < envelopes.size(); i++) {
        SNSEvent.SNS sns = official.getRecords().get(i).getSNS();
        Envelope ours = envelopes.get(i);
        assertThat(ours.via()).isEqualTo("sns");
        assertThat(ours.deliveryId()).as("MessageId").isEqualTo(sns.getMessageId());
        assertThat(ours.subject()).as("Subject").isEqualTo(sns.getSubject());
        if (ours.body().isMissing()) {
          assertThat(ours.text()).as("Message").isEqualTo(sns.getMessage());
        } else {
          assertThat(ours.body()).as("Message").isEqualTo(Json.parse(sns.getMessage()));
          compared +=
              compareEvent(
                  entry.file() + "-message.json",
                  ours.body(),
                  sns.getMessage().getBytes(StandardCharsets.UTF_8));
        }
        compared++;
      }
    } else {
      assertThat(envelopes).hasSize(1);
      compared += compareEvent(entry.file(), envelopes.get(0).body(), payload);
      if (json.has("detail-type")) {
        assertThat(envelopes.get(0).via()).isEqualTo("eventbridge");
      }
    }
    assertThat(compared).as("fields compared with an official model").isPositive();
  }

  /**
   * An EventBridge event against ScheduledEvent, an alarm against the alarm models; the number of
   * models compared.
   */
  private int compareEvent(String name, Json body, byte[] bytes) throws IOException {
    int compared = 0;
    if (body.has("detail-type")) {
      ScheduledEvent official = EventLoader.loadScheduledEvent(file(name, bytes));
      Envelope ours = Envelope.unwrap(body).get(0);
      assertThat(ours.detailType()).as("detail-type").isEqualTo(official.getDetailType());
      assertThat(ours.source()).as("source").isEqualTo(official.getSource());
      assertThat(ours.deliveryId()).as("id").isEqualTo(official.getId());
      assertThat(body.get("account").text()).as("account").isEqualTo(official.getAccount());
      assertThat(body.get("region").text()).as("region").isEqualTo(official.getRegion());
      assertThat(body.get("resources").texts())
          .as("resources")
          .isEqualTo(official.getResources() == null ? List.of() : official.getResources());
      if (body.has("time")) {
        Instant time = Facts.instant(body.get("time").text()).orElseThrow();
        assertThat(time.toEpochMilli()).as("time").isEqualTo(official.getTime().getMillis());
      } else {
        assertThat(official.getTime()).as("time (the sample elides it)").isNull();
      }
      compared++;
      if (CloudWatchAlarms.STATE_CHANGE.equals(official.getDetailType())) {
        compareAlarm(CloudWatchAlarms.read(body, ours.detailType()), official.getDetail());
      }
    } else if (body.get("alarmData").isObject()) {
      CloudWatchAlarms.Alarm ours = CloudWatchAlarms.read(body, null);
      if (body.path("alarmData", "configuration", "alarmRule").isString()) {
        CloudWatchCompositeAlarmEvent official =
            EventLoader.loadCloudWatchCompositeAlarmEvent(file(name, bytes));
        assertThat(ours.arn()).isEqualTo(official.getAlarmArn());
        assertThat(ours.account()).isEqualTo(official.getAccountId());
        assertThat(ours.region()).isEqualTo(official.getRegion());
        assertThat(ours.time()).isEqualTo(official.getTime());
        CloudWatchCompositeAlarmEvent.AlarmData data = official.getAlarmData();
        assertThat(ours.name()).isEqualTo(data.getAlarmName());
        assertThat(ours.newState()).isEqualTo(data.getState().getValue());
        assertThat(ours.reason()).isEqualTo(data.getState().getReason());
        assertThat(ours.oldState()).isEqualTo(data.getPreviousState().getValue());
        assertThat(ours.rule()).isEqualTo(data.getConfiguration().getAlarmRule());
      } else {
        CloudWatchMetricAlarmEvent official =
            EventLoader.loadCloudWatchMetricAlarmEvent(file(name, bytes));
        assertThat(ours.arn()).isEqualTo(official.getAlarmArn());
        assertThat(ours.account()).isEqualTo(official.getAccountId());
        assertThat(ours.region()).isEqualTo(official.getRegion());
        assertThat(ours.time()).isEqualTo(official.getTime());
        CloudWatchMetricAlarmEvent.AlarmData data = official.getAlarmData();
        assertThat(ours.name()).isEqualTo(data.getAlarmName());
        assertThat(ours.newState()).isEqualTo(data.getState().getValue());
        assertThat(ours.reason()).isEqualTo(data.getState().getReason());
        assertThat(ours.oldState()).isEqualTo(data.getPreviousState().getValue());
        assertThat(ours.description()).isEqualTo(data.getConfiguration().getDescription());
        for (CloudWatchMetricAlarmEvent.Metric metric : data.getConfiguration().getMetrics()) {
          if (metric.getMetricStat() != null && ours.metrics().size() < 3) {
            CloudWatchMetricAlarmEvent.MetricDetail detail = metric.getMetricStat().getMetric();
            assertThat(String.join("\n", ours.metrics()))
                .contains(detail.getNamespace() + " " + detail.getName());
          }
        }
      }
      compared++;
    } else {
      // An alarm action's SNS message (no official model), a notification or a plain JSON message:
      // the SNS envelope and Message were compared.
      compared++;
    }
    return compared;
  }

  /** The EventBridge alarm detail as ScheduledEvent's map has it. */
  @SuppressWarnings(
      "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
  private static void compareAlarm(CloudWatchAlarms.Alarm ours, Map<String, Object> detail) {
    Map<String, Object> state = (Map<String, Object>) detail.get("state");
    Map<String, Object> previous = (Map<String, Object>) detail.get("previousState");
    Map<String, Object> configuration = (Map<String, Object>) detail.get("configuration");
    assertThat(ours.name()).isEqualTo(detail.get("alarmName"));
    assertThat(ours.newState()).isEqualTo(state.get("value"));
    assertThat(ours.reason()).isEqualTo(state.get("reason"));
    assertThat(ours.oldState()).isEqualTo(previous.get("value"));
    assertThat(ours.description()).isEqualTo(configuration.get("description"));
    assertThat(ours.rule()).isEqualTo(configuration.get("alarmRule"));
  }

  @Test
  void everyShapeOfTheCorpusIsComparedAtLeastOnce() {
    List<String> deliveries =
        modelledEvents().map(PublishedEvents.Entry::delivery).distinct().sorted().toList();
    assertThat(deliveries)
        .containsExactly("eventbridge", "lambda-alarm-action", "sns", "sns-message");
  }
}
