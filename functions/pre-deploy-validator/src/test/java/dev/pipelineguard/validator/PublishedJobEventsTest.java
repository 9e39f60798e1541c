package dev.pipelineguard.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.PublishedEvents;
import dev.pipelineguard.emulation.SnsInbox;
import dev.pipelineguard.validator.result.MessageCounts;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published CodePipeline job events of {@code events/published/codepipeline-job/} (the
 * CodePipeline and Lambda guides' samples, SAM's generated event, Powertools' test events) through
 * the validator's public handler, asserting only what {@code expectations.json} states: exactly the
 * job results it names (one), their failure type and message, and that none of the sample
 * credentials reach a log line, a job result, a report or the handler's answer.
 */
class PublishedJobEventsTest {
  private static Harness harness;
  private static String topic;
  private static SnsInbox inbox;

  @BeforeAll
  static void start() {
    harness = new Harness();
    topic = Moto.sns().createTopic(b -> b.name(Moto.unique("published-reports"))).topicArn();
    inbox = SnsInbox.subscribe(Moto.sns(), Moto.sqs(), topic);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static Stream<PublishedEvents.Entry> jobEvents() {
    return PublishedEvents.with("validator").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobEvents")
  void reportsTheJobOnceAsTheCorpusSaysAndLeaksNoCredential(PublishedEvents.Entry entry) {
    Json expected = entry.validator();
    PreDeployValidatorHandler handler = Harness.handler(harness.publishingTo(topic));
    inbox.drain();
    harness.aws
        .resetRequests(); // two published samples share a job id: count this invocation's results
    // only

    String response;
    String captured;
    try (CapturedOutput output = new CapturedOutput()) {
      response = Harness.invoke(handler, entry.payloadBytes()).toString();
      captured = output.text();
    }

    String jobId = expected.get("job_id").text();
    Harness.Reports results = harness.reports(jobId);
    assertThat(results.count())
        .as("Put*Result calls for job %s", jobId)
        .isEqualTo(expected.get("put_results").wholeNumber().orElseThrow().intValue());
    if ("PutJobFailureResult".equals(expected.get("result").text())) {
      Json failure = results.failure();
      assertThat(failure.path("failureDetails", "type").text())
          .isEqualTo(expected.get("failure_type").text());
      String message = failure.path("failureDetails", "message").text();
      for (String must : expected.get("message_must_contain").texts()) {
        assertThat(message).contains(must);
      }
      MessageCounts.assertAgree(message);
    } else {
      results.success();
    }

    List<Json> reports = inbox.drain();
    String everything =
        captured
            + "\n"
            + harness.everythingSent()
            + "\n"
            + response
            + "\n"
            + reports.stream().map(Json::toString).reduce("", String::concat);
    for (String secret : expected.get("never_anywhere").texts()) {
      assertThat(everything).as("never anywhere").doesNotContain(secret);
    }
  }
}
