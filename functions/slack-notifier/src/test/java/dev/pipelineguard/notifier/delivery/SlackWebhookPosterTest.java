package dev.pipelineguard.notifier.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.FaultyEndpoint;
import dev.pipelineguard.notifier.MutableClock;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delivery outcomes against a WireMock Slack webhook; waits advance a fake clock instead of
 * sleeping.
 */
class SlackWebhookPosterTest {
  static final String SECRET =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:slack-webhook-T1";
  static final Instant START = Instant.parse("2025-03-14T17:00:00Z");
  static SlackSink slack;

  MutableClock clock;
  List<Duration> waits;
  FixedWebhookSource webhooks;
  ByteArrayOutputStream metricsOut;
  CapturedOutput output;

  @BeforeAll
  static void startSlack() {
    slack = new SlackSink();
  }

  @AfterAll
  static void stopSlack() {
    slack.close();
  }

  @BeforeEach
  void setUp() {
    clock = new MutableClock(START);
    waits = new ArrayList<>();
    webhooks = new FixedWebhookSource(slack.url());
    metricsOut = new ByteArrayOutputStream();
    output = new CapturedOutput();
    slack.answer(SlackSink.ok());
  }

  @AfterEach
  void noLogLineNamesTheWebhook() {
    output.close();
    assertThat(output.text()).doesNotContain(SlackSink.TOKEN).doesNotContain(SlackSink.PATH);
    assertThat(metricsOut.toString(StandardCharsets.UTF_8)).doesNotContain(SlackSink.TOKEN);
  }

  private SlackWebhookPoster poster(SlackWebhookPoster.Settings settings) {
    Sleeper sleeper =
        duration -> {
          waits.add(duration);
          clock.advance(duration);
        };
    return new SlackWebhookPoster(
        webhooks,
        new UrlConnectionHttpTransport(),
        sleeper,
        clock,
        settings,
        new Log("test"),
        new EmbeddedMetrics(
            "slack-notifier-test",
            () -> new PrintStream(metricsOut, true, StandardCharsets.UTF_8)));
  }

  private SlackWebhookPoster poster() {
    return poster(SlackWebhookPoster.Settings.defaults());
  }

  private static SlackMessage message() {
    return SlackMessage.builder(Severity.FAILURE).title("Pipeline failed: orders").build();
  }

  private Instant deadline(int seconds) {
    return START.plusSeconds(seconds);
  }

  private List<Json> metrics() {
    List<Json> out = new ArrayList<>();
    for (String line : metricsOut.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(Json.parse(line));
      }
    }
    return out;
  }

  @Test
  void postsTheMessageJsonOnceWhenSlackAnswersOk() {
    SlackMessage message = message();

    SlackPoster.Delivery delivery = poster().post(SECRET, message, deadline(30), "event-1");

    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(slack.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getBodyAsString()).isEqualTo(message.json());
              assertThat(r.getHeader("Content-Type")).startsWith("application/json");
            });
    assertThat(waits).isEmpty();
    assertThat(metrics()).isEmpty();
  }

  @Test
  void waitsRetryAfterWhenRateLimitedAndThenDelivers() {
    slack.answerInOrder(SlackSink.rateLimited("3"), SlackSink.ok());

    SlackPoster.Delivery delivery = poster().post(SECRET, message(), deadline(30), "event-1");

    assertThat(delivery.attempts()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(3));
    assertThat(slack.requests()).hasSize(2);
  }

  @Test
  void givesUpAtOnceWhenRetryAfterIsLongerThanTheTimeLeft() {
    slack.answer(SlackSink.rateLimited("120"));

    assertThatThrownBy(() -> poster().post(SECRET, message(), deadline(30), "event-1"))
        .isInstanceOf(SlackUnavailableException.class)
        .hasMessageContaining("rate-limited the webhook for 120 s");
    assertThat(waits).isEmpty();
    assertThat(slack.requests()).hasSize(1);
    assertThat(metrics())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.get("SlackUndelivered").text()).isEqualTo("1");
              assertThat(m.get("Reason").text()).isEqualTo("unavailable");
            });
  }

  @Test
  void retriesServerErrorsWithGrowingBackoffAndThenDelivers() {
    slack.answerInOrder(
        SlackSink.error(500, "rollup_error"),
        SlackSink.error(503, "service_unavailable"),
        SlackSink.ok());

    SlackPoster.Delivery delivery = poster().post(SECRET, message(), deadline(30), "event-1");

    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void givesUpAfterTheLastAttemptWhenSlackKeepsFailing() {
    slack.answer(SlackSink.error(500, "rollup_error"));

    assertThatThrownBy(() -> poster().post(SECRET, message(), deadline(30), "event-1"))
        .isInstanceOf(SlackUnavailableException.class)
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining("HTTP 500 rollup_error");
    assertThat(slack.requests()).hasSize(3);
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aMessageSlackTookButDidNotAnswerInTimeCountsAsPostedUnconfirmedAndIsNotPostedAgain() {
    slack.answer(SlackSink.ok().withFixedDelay(3000));
    SlackWebhookPoster poster =
        poster(
            new SlackWebhookPoster.Settings(2, Duration.ofSeconds(1), Duration.ofMillis(500), 5));

    SlackPoster.Delivery delivery = poster.post(SECRET, message(), deadline(30), "event-1");

    assertThat(delivery.confirmed()).isFalse();
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(slack.requests()).hasSize(1);
    assertThat(waits).isEmpty();
    assertThat(output.text())
        .contains("\"event\":\"slack.unconfirmed\"")
        .contains("Slack did not answer in time");
    assertThat(metrics())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.get("SlackUnconfirmed").text()).isEqualTo("1");
              assertThat(m.get("Reason").text()).isEqualTo("no_answer_in_time");
            });
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aSlackThatAnswers200OneByteAtATimeIsPostedOnceWithoutWaitingForTheBody() {
    try (DrippingEndpoint dripping =
        DrippingEndpoint.statusThenDrippingBody(Duration.ofMillis(200))) {
      webhooks = new FixedWebhookSource(dripping.url());

      SlackPoster.Delivery delivery = poster().post(SECRET, message(), deadline(30), "event-1");

      assertThat(delivery.confirmed()).isTrue();
      assertThat(delivery.status()).isEqualTo(200);
      assertThat(dripping.requests()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aSlackWhoseAnswerTricklesInEndsTheAttemptAtItsTimeoutAndPostsOnlyOnce() {
    try (DrippingEndpoint dripping = DrippingEndpoint.drippingStatus(Duration.ofMillis(200))) {
      webhooks = new FixedWebhookSource(dripping.url());
      SlackWebhookPoster poster =
          poster(
              new SlackWebhookPoster.Settings(3, Duration.ofSeconds(1), Duration.ofMillis(500), 5));

      SlackPoster.Delivery delivery = poster.post(SECRET, message(), deadline(30), "event-1");

      assertThat(delivery.confirmed()).isFalse();
      assertThat(dripping.requests()).isEqualTo(1);
      assertThat(waits).isEmpty();
      assertThat(output.text()).contains("slack.unconfirmed").contains("\"timeoutMillis\":1000");
    }
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aConnectionResetIsRetriedLikeAnyConnectionFailureAndNamed() {
    try (FaultyEndpoint resetting = FaultyEndpoint.resetting()) {
      webhooks = new FixedWebhookSource(resetting.uri().resolve(SlackSink.PATH));

      assertThatThrownBy(() -> poster().post(SECRET, message(), deadline(30), "event-1"))
          .isInstanceOf(SlackUnavailableException.class)
          .hasMessageContaining("after 3 attempts")
          .hasMessageContaining("connection reset or closed");
      assertThat(resetting.connections())
          .isBetween(3, 6); // the JDK may reopen once when the headers could not be written
      assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }
  }

  @Test
  void aConnectionClosedWhileTheRequestIsWrittenIsNamedLikeAReset() {
    // HttpURLConnection's own text when the peer resets while the body is written (seen in about
    // one run in six of the test above); other plain IOExceptions are named by class only.
    assertThat(SlackWebhookPoster.describe(new java.io.IOException("Error writing to server")))
        .isEqualTo("connection reset or closed");
    assertThat(SlackWebhookPoster.describe(new java.io.IOException("https://hooks.slack.com/x")))
        .isEqualTo("IOException");
  }

  @Test
  void anUncheckedIoExceptionFromTheTransportIsAConnectionFailure() {
    HttpTransport failing =
        (url, body, timeout) -> {
          throw new java.io.UncheckedIOException(new java.net.SocketException("Connection reset"));
        };
    SlackWebhookPoster poster =
        new SlackWebhookPoster(
            webhooks,
            failing,
            duration -> clock.advance(duration),
            clock,
            SlackWebhookPoster.Settings.defaults(),
            new Log("test"),
            new EmbeddedMetrics(
                "slack-notifier-test",
                () -> new PrintStream(metricsOut, true, StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> poster.post(SECRET, message(), deadline(30), "event-1"))
        .isInstanceOf(SlackUnavailableException.class)
        .hasMessageContaining("connection reset or closed");
  }

  @Test
  void doesNotRetryWhenTheBackoffWouldPassTheDeadline() {
    slack.answer(SlackSink.error(502, "bad_gateway"));

    assertThatThrownBy(
            () -> poster().post(SECRET, message(), deadline(1).plusMillis(300), "event-1"))
        .isInstanceOf(SlackUnavailableException.class)
        .hasMessageContaining("no time left");
    assertThat(slack.requests()).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void doesNotStartAnAttemptWithoutTimeToFinishIt() {
    assertThatThrownBy(() -> poster().post(SECRET, message(), START.plusMillis(500), "event-1"))
        .isInstanceOf(SlackUnavailableException.class);
    assertThat(slack.requests()).isEmpty();
  }

  @Test
  void anInvalidPayloadIsRejectedAtOnceCountedAndKeepsTheWebhook() {
    slack.answer(SlackSink.error(400, "invalid_payload"));

    assertThatThrownBy(() -> poster().post(SECRET, message(), deadline(30), "event-7"))
        .isInstanceOfSatisfying(
            SlackRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.slackError()).isEqualTo("invalid_payload");
              assertThat(e.getMessage()).doesNotContain(SlackSink.TOKEN);
            });
    assertThat(slack.requests()).hasSize(1);
    assertThat(webhooks.forgotten).isEmpty();
    assertThat(metrics())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.path("_aws", "CloudWatchMetrics").at(0).get("Namespace").text())
                  .isEqualTo(EmbeddedMetrics.NAMESPACE);
              assertThat(
                      m.path("_aws", "CloudWatchMetrics")
                          .at(0)
                          .get("Metrics")
                          .at(0)
                          .get("Name")
                          .text())
                  .isEqualTo("SlackRejected");
              assertThat(m.get("SlackRejected").text()).isEqualTo("1");
              assertThat(m.get("Reason").text()).isEqualTo("invalid_payload");
              assertThat(m.get("Status").text()).isEqualTo("400");
              assertThat(m.get("EventId").text()).isEqualTo("event-7");
              assertThat(m.get("FunctionName").text()).isEqualTo("slack-notifier-test");
            });
    assertThat(output.text()).contains("\"event\":\"slack.rejected\"").contains("invalid_payload");
  }

  @Test
  void aRemovedWebhookIsRejectedAndTheCachedUrlForgotten() {
    slack.answer(SlackSink.error(404, "no_service"));

    assertThatThrownBy(() -> poster().post(SECRET, message(), deadline(30), "event-1"))
        .isInstanceOfSatisfying(
            SlackRejectedException.class, e -> assertThat(e.slackError()).isEqualTo("no_service"));
    assertThat(webhooks.forgotten).containsExactly(SECRET);
  }

  @Test
  void anArchivedChannelIsRejected() {
    slack.answer(SlackSink.error(410, "channel_is_archived"));

    assertThatThrownBy(() -> poster().post(SECRET, message(), deadline(30), "event-1"))
        .isInstanceOfSatisfying(
            SlackRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(410);
              assertThat(e.slackError()).isEqualTo("channel_is_archived");
            });
    assertThat(slack.requests()).hasSize(1);
  }

  @Test
  void aRedirectIsNotFollowed() {
    slack.answer(aResponse().withStatus(302).withHeader("Location", "https://elsewhere.example/"));

    assertThatThrownBy(() -> poster().post(SECRET, message(), deadline(30), "event-1"))
        .isInstanceOfSatisfying(
            SlackRejectedException.class, e -> assertThat(e.status()).isEqualTo(302));
  }

  @Test
  void aRefusedConnectionIsRetriedAndNamed() {
    webhooks = new FixedWebhookSource(URI.create("http://127.0.0.1:9" + SlackSink.PATH));

    assertThatThrownBy(() -> poster().post(SECRET, message(), deadline(30), "event-1"))
        .isInstanceOf(SlackUnavailableException.class)
        .hasMessageContaining("connection refused")
        .hasMessageNotContaining(SlackSink.TOKEN);
    assertThat(waits).hasSize(2);
  }

  @Test
  void anUnusableWebhookSecretIsLoggedCountedAndThrown() {
    webhooks = new FixedWebhookSource(null);

    assertThatThrownBy(() -> poster().post(SECRET, message(), deadline(30), "event-1"))
        .isInstanceOf(WebhookConfigException.class);
    assertThat(metrics())
        .singleElement()
        .satisfies(m -> assertThat(m.get("Reason").text()).isEqualTo("webhook-config"));
    assertThat(slack.requests()).isEmpty();
  }

  @Test
  void readsRetryAfterAsSecondsOrHttpDateAndDefaultsToOneSecond() {
    SlackWebhookPoster poster = poster();

    assertThat(poster.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(poster.retryAfter("Fri, 14 Mar 2025 17:00:20 GMT"))
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(poster.retryAfter(null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(poster.retryAfter("soon")).isEqualTo(Duration.ofSeconds(1));
    assertThat(poster.retryAfter("0")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void takesSlacksErrorWordFromTheBodyOrFallsBackToTheStatus() {
    assertThat(SlackWebhookPoster.slackError("invalid_payload\n", 400))
        .isEqualTo("invalid_payload");
    assertThat(SlackWebhookPoster.slackError("<html>Bad gateway</html>", 502))
        .isEqualTo("http_502");
    assertThat(SlackWebhookPoster.slackError(null, 404)).isEqualTo("http_404");
  }

  /**
   * A webhook source with a fixed URL (or one that fails), recording what it was asked to forget.
   */
  static final class FixedWebhookSource implements WebhookSource {
    final URI url;
    final List<String> forgotten = new ArrayList<>();

    FixedWebhookSource(URI url) {
      this.url = url;
    }

    @Override
    public URI webhook(String secretArn) {
      if (url == null) {
        throw new WebhookConfigException("the Slack webhook secret " + secretArn + " is empty");
      }
      return url;
    }

    @Override
    public void forget(String secretArn) {
      forgotten.add(secretArn);
    }
  }
}
