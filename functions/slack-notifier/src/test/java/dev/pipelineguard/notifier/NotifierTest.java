package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.notifier.delivery.SlackRejectedException;
import dev.pipelineguard.notifier.enrich.ActionRun;
import dev.pipelineguard.notifier.enrich.EnrichmentException;
import dev.pipelineguard.notifier.enrich.ExecutionDetails;
import dev.pipelineguard.notifier.enrich.ExecutionHistory;
import dev.pipelineguard.notifier.format.Category;
import dev.pipelineguard.notifier.format.FormatContext;
import dev.pipelineguard.notifier.format.MessageFormats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decisions around a post: category filter, de-duplication, routing, enrichment, failures. */
class NotifierTest {
  static final String DEFAULT_SECRET =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:default";
  static final Instant NOW = Instant.parse("2025-03-14T17:10:00Z");
  static final Instant DEADLINE = NOW.plusSeconds(25);

  final RecordingPoster poster = new RecordingPoster();
  final FakeHistory history = new FakeHistory();

  private Notifier notifier(Set<Category> notifyOn, Routes routes, RecordingPoster poster) {
    NotifierConfig config =
        new NotifierConfig(
            DEFAULT_SECRET,
            notifyOn,
            routes,
            true,
            Duration.ofSeconds(2),
            3,
            Duration.ofSeconds(5),
            "dev",
            "slack-notifier");
    return new Notifier(
        config,
        new MessageFormats(FormatContext.of("dev")),
        history,
        poster,
        new MutableClock(NOW),
        new Log("test"));
  }

  private Notifier notifier() {
    return notifier(EnumSet.allOf(Category.class), Routes.none(), poster);
  }

  /** An event file with some fields changed, e.g. the EventBridge id. */
  @SuppressWarnings(
      "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
  private static Json event(String name, Map<String, Object> changes) {
    Map<String, Object> plain = (Map<String, Object>) Events.json("notifier/" + name).toPlain();
    plain.putAll(changes);
    return Json.parse(JsonWriter.write(plain));
  }

  @Test
  void postsAPipelineFailureWithWhatCodePipelineKnowsAboutIt() {
    List<Notifier.Result> results =
        notifier().handle(Events.json("notifier/pipeline-failed.json"), DEADLINE);

    assertThat(results)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo("posted");
              assertThat(r.kind()).isEqualTo("codepipeline.pipeline.failed");
            });
    assertThat(history.calls)
        .containsExactly(
            "execution:pipeline-guard-dev-pipeline/8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01",
            "actions:pipeline-guard-dev-pipeline/8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01");
    assertThat(poster.posts)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.secretArn()).isEqualTo(DEFAULT_SECRET);
              assertThat(p.deadline()).isEqualTo(DEADLINE);
              assertThat(p.message().json())
                  .contains("BuildImage")
                  .contains("docker build failed in the fake");
            });
  }

  /**
   * SNS delivers one record per invocation; a direct invocation can carry any number. The published
   * SAM sample notification, 10,000 times with distinct message ids and texts (so de-duplication
   * cannot hide them), once posted 10,000 messages.
   */
  @Test
  @SuppressWarnings("unchecked")
  void tenThousandSnsRecordsInOneInvocationPostTenAndFailNamingTheOnesNotProcessed() {
    Map<String, Object> sample =
        (Map<String, Object>)
            Events.json("published/sns/sam-generate-event-notification.json").toPlain();
    Map<String, Object> record = ((List<Map<String, Object>>) sample.get("Records")).get(0);
    List<Object> records = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Map<String, Object> copy = new java.util.LinkedHashMap<>(record);
      Map<String, Object> sns =
          new java.util.LinkedHashMap<>((Map<String, Object>) record.get("Sns"));
      sns.put(
          "MessageId",
          java.util
              .UUID
              .nameUUIDFromBytes(("record-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .toString());
      sns.put("Message", "example message " + i);
      copy.put("Sns", sns);
      records.add(copy);
    }
    Json payload = Json.parse(JsonWriter.write(Map.of("Records", records)));

    try (CapturedOutput output = new CapturedOutput()) {
      assertThatThrownBy(() -> notifier().handle(payload, DEADLINE))
          .isInstanceOf(InvalidEventException.class)
          .hasMessageContaining("9990 of 10000 records were not processed");

      assertThat(poster.posts).hasSize(Notifier.MAX_MESSAGES);
      assertThat(poster.posts.get(9).message().json()).contains("example message 9");
      assertThat(
              output
                  .text()
                  .lines()
                  .filter(l -> l.contains("\"event\":\"payload.too_many_records\"")))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .contains("\"records\":10000")
                      .contains("\"processed\":10")
                      .contains("\"notProcessed\":9990"));
    }
  }

  @Test
  void tenRecordsAreAllPostedAndTheInvocationSucceeds() {
    List<Object> records = new ArrayList<>();
    for (int i = 0; i < Notifier.MAX_MESSAGES; i++) {
      records.add(
          Map.of(
              "EventSource",
              "aws:sns",
              "Sns",
              Map.of("MessageId", "id-" + i, "Message", "text " + i)));
    }
    List<Notifier.Result> results =
        notifier().handle(Json.parse(JsonWriter.write(Map.of("Records", records))), DEADLINE);

    assertThat(results).hasSize(Notifier.MAX_MESSAGES).allMatch(r -> r.outcome().equals("posted"));
  }

  @Test
  void aFailingEnrichmentStillPostsAndSaysWhatIsMissing() {
    history.fail = true;

    notifier().handle(Events.json("notifier/pipeline-failed.json"), DEADLINE);

    assertThat(poster.posts)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message().json())
                    .contains(
                        "Some details could not be read (GetPipelineExecution: AccessDeniedException; "
                            + "ListActionExecutions: AccessDeniedException)")
                    .contains("Dana Okafor"));
  }

  @Test
  void skipsEnrichmentWhenTooLittleTimeIsLeftButStillPosts() {
    notifier().handle(Events.json("notifier/pipeline-failed.json"), NOW.plusSeconds(6));

    assertThat(history.calls).isEmpty();
    assertThat(poster.posts)
        .singleElement()
        .satisfies(p -> assertThat(p.message().json()).contains("skipped: little time left"));
  }

  @Test
  void aCategoryOutsideNotifyOnIsNotPosted() {
    try (CapturedOutput output = new CapturedOutput()) {
      List<Notifier.Result> results =
          notifier(EnumSet.of(Category.FAILURE), Routes.none(), poster)
              .handle(Events.json("notifier/pipeline-started.json"), DEADLINE);

      assertThat(results)
          .singleElement()
          .satisfies(r -> assertThat(r.outcome()).isEqualTo("filtered"));
      assertThat(poster.posts).isEmpty();
      assertThat(output.text())
          .contains("\"event\":\"notice.filtered\"")
          .contains("\"category\":\"started\"");
    }
  }

  @Test
  void anEventDeliveredTwiceIsPostedOnce() {
    Notifier notifier = notifier();
    notifier.handle(Events.json("notifier/ecs-deployment-failed.json"), DEADLINE);

    List<Notifier.Result> again =
        notifier.handle(Events.json("notifier/ecs-deployment-failed.json"), DEADLINE);

    assertThat(again)
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo("duplicate"));
    assertThat(poster.posts).hasSize(1);
  }

  @Test
  void theSamePipelineStateWithAnotherEventIdIsPostedOnce() {
    Notifier notifier = notifier();
    notifier.handle(Events.json("notifier/pipeline-failed.json"), DEADLINE);

    notifier.handle(event("pipeline-failed.json", Map.of("id", "another-delivery-id")), DEADLINE);
    notifier.handle(Events.json("notifier/sns-pipeline-failed.json"), DEADLINE);

    assertThat(poster.posts).hasSize(1);
  }

  @Test
  void aFailedPostIsNotRememberedSoTheRetryPosts() {
    RecordingPoster rejecting =
        new RecordingPoster(m -> new SlackRejectedException(400, "invalid_payload"));
    Notifier notifier = notifier(EnumSet.allOf(Category.class), Routes.none(), rejecting);
    assertThatThrownBy(
            () -> notifier.handle(Events.json("notifier/codebuild-failed.json"), DEADLINE))
        .isInstanceOf(SlackRejectedException.class);

    RecordingPoster accepting = new RecordingPoster();
    Notifier retried = notifier(EnumSet.allOf(Category.class), Routes.none(), accepting);
    retried.handle(Events.json("notifier/codebuild-failed.json"), DEADLINE);

    assertThat(rejecting.posts).isEmpty();
    assertThat(accepting.posts).hasSize(1);
  }

  @Test
  void aRouteSendsChosenPipelinesToAnotherWebhook() {
    Routes routes =
        Routes.parse(
            "{\"service:pipeline-guard-dev/orders-api\": \"arn:secret:orders-team\","
                + " \"pipeline:pipeline-guard-*\": \"arn:secret:platform\"}");
    Notifier notifier = notifier(EnumSet.allOf(Category.class), routes, poster);

    notifier.handle(Events.json("notifier/pipeline-failed.json"), DEADLINE);
    notifier.handle(Events.json("notifier/ecs-deployment-failed.json"), DEADLINE);
    notifier.handle(Events.json("notifier/sns-plain-text.json"), DEADLINE);

    assertThat(poster.posts)
        .extracting(RecordingPoster.Posted::secretArn)
        .containsExactly("arn:secret:platform", "arn:secret:orders-team", DEFAULT_SECRET);
  }

  @Test
  void aServiceActionCopyOfADeploymentFailureIsNeverPosted() {
    List<Notifier.Result> results =
        notifier()
            .handle(Events.json("notifier/ecs-service-action-deployment-failed.json"), DEADLINE);

    assertThat(results)
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo("skipped"));
    assertThat(poster.posts).isEmpty();
  }

  @Test
  void whenOneRecordFailsTheOthersArePostedAndTheInvocationFails() {
    Json first = Events.json("notifier/sns-plain-text.json").get("Records").at(0);
    Json second = Events.json("notifier/sns-rollback-report.json").get("Records").at(0);
    Json payload = Json.parse(JsonWriter.write(Map.of("Records", List.of(first, second))));
    RecordingPoster failingPlainText =
        new RecordingPoster(
            m ->
                m.json().contains(":envelope:")
                    ? new SlackRejectedException(404, "no_service")
                    : null);

    assertThatThrownBy(
            () ->
                notifier(EnumSet.allOf(Category.class), Routes.none(), failingPlainText)
                    .handle(payload, DEADLINE))
        .isInstanceOf(SlackRejectedException.class)
        .hasMessageContaining("no_service");
    assertThat(failingPlainText.posts)
        .singleElement()
        .satisfies(p -> assertThat(p.message().json()).contains("Rolling back: orders-api"));
  }

  @Test
  void anUnreadablePayloadShapeStillPostsAGenericMessageWithItsFieldsEscaped() {
    List<Notifier.Result> results =
        notifier().handle(Json.parse("{\"hello\": \"<!channel> world\", \"n\": 42}"), DEADLINE);

    assertThat(results)
        .singleElement()
        .satisfies(r -> assertThat(r.kind()).isEqualTo("delivery.unknown"));
    assertThat(poster.posts)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message().json())
                    .contains("Unrecognised delivery")
                    .contains("`hello`: &lt;!channel&gt; world")
                    .contains("`n`: 42")
                    .doesNotContain("<!channel>"));
  }

  @Test
  void logsIdsAndOutcomesButNeverTheEventText() {
    try (CapturedOutput output = new CapturedOutput()) {
      notifier().handle(Events.json("notifier/pipeline-failed.json"), DEADLINE);

      assertThat(output.text())
          .contains("\"event\":\"notice.posted\"")
          .contains("\"eventId\":\"6f2d3c1a-8b4e-4f0a-9c7d-2e5b1a3f4c6d\"")
          .doesNotContain("Bump base image")
          .doesNotContain("Dana Okafor");
    }
  }

  /** CodePipeline answers from memory, or fails like a role without permission. */
  static final class FakeHistory implements ExecutionHistory {
    final List<String> calls = new ArrayList<>();
    boolean fail;

    @Override
    public ExecutionDetails execution(String pipeline, String executionId) {
      calls.add("execution:" + pipeline + "/" + executionId);
      if (fail) {
        throw new EnrichmentException("GetPipelineExecution: AccessDeniedException", null);
      }
      return new ExecutionDetails("Failed", null, "WebhookV2", null, List.of());
    }

    @Override
    public List<ActionRun> actionRuns(String pipeline, String executionId) {
      calls.add("actions:" + pipeline + "/" + executionId);
      if (fail) {
        throw new EnrichmentException("ListActionExecutions: AccessDeniedException", null);
      }
      return List.of(
          new ActionRun(
              "Build",
              "BuildImage",
              "Failed",
              "CodeBuild",
              "JobFailed",
              "docker build failed in the fake",
              null,
              null));
    }
  }
}
