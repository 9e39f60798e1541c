package dev.pipelineguard.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.FakeSlackWebApi;
import dev.pipelineguard.emulation.FakeSlackWebApi.Fault;
import dev.pipelineguard.emulation.ManualClock;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.delivery.SlackChat.ChatResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Web API client against the fake Slack: what counts as success, what is retried within the
 * deadline (waits on a fake clock), what fails at once, and that the token stays secret.
 */
class SlackWebApiChatTest {
  static final String TOKEN = "xoxb-1111-2222-SECRETVALUE";
  static final String CHANNEL = "C0BOARD01";
  static final Instant T0 = Instant.parse("2025-03-14T16:31:02Z");

  ManualClock clock;
  FakeSlackWebApi slack;
  List<Duration> waits;
  ByteArrayOutputStream output;
  AtomicInteger forgotten;
  String token;

  @BeforeEach
  void start() {
    clock = new ManualClock(T0);
    slack =
        FakeSlackWebApi.start(clock, TOKEN)
            .channel(CHANNEL, "deployments")
            .channelWithoutBot("C0QUIET01", "quiet");
    waits = new ArrayList<>();
    output = new ByteArrayOutputStream();
    forgotten = new AtomicInteger();
    token = TOKEN;
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  SlackWebApiChat client(SlackWebApiChat.Settings settings) {
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    BotTokenSource source =
        new BotTokenSource() {
          @Override
          public String token() {
            return token;
          }

          @Override
          public void forget() {
            forgotten.incrementAndGet();
          }
        };
    return new SlackWebApiChat(
        source,
        settings,
        d -> {
          waits.add(d);
          clock.advance(d);
        },
        clock,
        new Log("test", out),
        new EmbeddedMetrics("fn", () -> out));
  }

  SlackWebApiChat client() {
    return client(SlackWebApiChat.Settings.defaults().withBaseUrl(slack.baseUrl()));
  }

  Instant deadline() {
    return clock.instant().plusSeconds(30);
  }

  static String message(String title) {
    return SlackMessage.builder(Severity.INFO)
        .title(title)
        .section(Mrkdwn.text("body"))
        .build()
        .json();
  }

  String logs() {
    return output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void postsAParentByChannelNameRepliesInItsThreadAndUpdatesIt() {
    SlackWebApiChat chat = client();
    ChatResult parent = chat.post("#deployments", null, message("Running"), deadline());
    assertThat(parent.ok()).isTrue();
    assertThat(parent.channel()).isEqualTo(CHANNEL);
    assertThat(parent.ts()).isEqualTo("1741969862.000100");
    assertThat(parent.attempts()).isEqualTo(1);
    ChatResult reply =
        chat.post(parent.channel(), parent.ts(), message("Failed: Build"), deadline());
    assertThat(reply.ok()).isTrue();
    ChatResult updated = chat.update(parent.channel(), parent.ts(), message("Failed"), deadline());
    assertThat(updated.ok()).isTrue();
    assertThat(updated.ts()).isEqualTo(parent.ts());

    FakeSlackWebApi.Message shown = slack.message(CHANNEL, parent.ts()).orElseThrow();
    assertThat(shown.versions()).hasSize(2);
    assertThat(shown.payload().get("blocks").at(0).path("text", "text").text())
        .isEqualTo(":large_blue_circle: Failed");
    assertThat(shown.payload().get("attachments").at(0).get("color").text())
        .isEqualTo(Severity.INFO.color());
    assertThat(slack.replies(CHANNEL, parent.ts()))
        .extracting(FakeSlackWebApi.Message::ts)
        .containsExactly(reply.ts());
    assertThat(waits).isEmpty();
  }

  @Test
  void permanentErrorsFailAtOnceNamingSlacksError() {
    SlackWebApiChat chat = client();
    assertRefused(
        () -> chat.post("C0NOPE", null, message("x"), deadline()),
        "chat.postMessage",
        "channel_not_found");
    assertRefused(
        () -> chat.post("C0QUIET01", null, message("x"), deadline()),
        "chat.postMessage",
        "not_in_channel");
    assertRefused(
        () -> chat.post(CHANNEL, null, "{\"text\":\"" + "x".repeat(40_001) + "\"}", deadline()),
        "chat.postMessage",
        "msg_too_long");
    assertRefused(
        () ->
            chat.post(
                CHANNEL,
                null,
                "{\"text\":\"t\",\"blocks\":[{\"type\":\"header\",\"text\":"
                    + "{\"type\":\"mrkdwn\",\"text\":\"*not plain*\"}}]}",
                deadline()),
        "chat.postMessage",
        "invalid_blocks");
    String someoneElses = slack.postAsSomeoneElse(CHANNEL, "hi");
    assertRefused(
        () -> chat.update(CHANNEL, someoneElses, message("x"), deadline()),
        "chat.update",
        "cant_update_message");
    slack.archive(CHANNEL);
    assertRefused(
        () -> chat.post(CHANNEL, null, message("x"), deadline()),
        "chat.postMessage",
        "is_archived");
    slack.failNext("chat.postMessage", Fault.slackError("some_future_error"));
    assertRefused(
        () -> chat.post("C0QUIET01", null, message("x"), deadline()),
        "chat.postMessage",
        "some_future_error");
    assertThat(slack.calls()).hasSize(7); // one call each: nothing permanent is retried
    assertThat(waits).isEmpty();
    assertThat(logs())
        .contains(
            "\"event\":\"slack.api.rejected\"",
            "\"_aws\"",
            "\"SlackRejected\":1",
            "\"Reason\":\"channel_not_found\"",
            "\"Method\":\"chat.postMessage\"");
  }

  static void assertRefused(Runnable call, String method, String error) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SlackApiException.class,
            e -> {
              assertThat(e.method()).isEqualTo(method);
              assertThat(e.error()).isEqualTo(error);
              assertThat(e.permanent()).isTrue();
              assertThat(e.outcome()).isEqualTo("rejected");
              assertThat(e.getMessage()).isEqualTo("Slack " + method + " refused: " + error);
            });
  }

  @Test
  void aRefusedTokenIsForgottenSoARotatedSecretIsReadAgainAndNeverShown() {
    slack.rotateToken("xoxb-9999-8888-NEWVALUE");
    SlackWebApiChat chat = client();
    assertRefused(
        () -> chat.post(CHANNEL, null, message("x"), deadline()),
        "chat.postMessage",
        "invalid_auth");
    assertThat(forgotten).hasValue(1);
    slack.rotateToken(TOKEN);
    slack.revokeToken();
    assertRefused(
        () -> chat.post(CHANNEL, null, message("x"), deadline()),
        "chat.postMessage",
        "token_revoked");
    assertThat(forgotten).hasValue(2);
    assertThat(logs()).doesNotContain("SECRETVALUE", "NEWVALUE", "xoxb-");
  }

  @Test
  void aChannelTheBotCannotPostToIsForgottenSoACorrectedSecretIsReadAgain() {
    slack.channelWithoutBot("C0NOTINVIT", "private-ops");
    SlackWebApiChat chat = client();
    assertRefused(
        () -> chat.post("C0NOTINVIT", null, message("x"), deadline()),
        "chat.postMessage",
        "not_in_channel");
    assertRefused(
        () -> chat.post("#no-such-channel", null, message("x"), deadline()),
        "chat.postMessage",
        "channel_not_found");
    assertThat(forgotten).hasValue(2);
  }

  @Test
  void aTokenThatIsNotABotTokenIsRefusedBeforeAnyCallWithoutShowingIt() {
    token = "xoxp-user-token-SECRETVALUE";
    assertThatThrownBy(() -> client().post(CHANNEL, null, message("x"), deadline()))
        .isInstanceOf(SlackApiException.class)
        .hasMessageContaining("must be a bot token starting with xoxb-")
        .hasMessageNotContaining("SECRETVALUE");
    token = "xoxb-with a space";
    assertThatThrownBy(() -> client().post(CHANNEL, null, message("x"), deadline()))
        .isInstanceOf(SlackApiException.class);
    assertThat(slack.calls()).isEmpty();
  }

  @Test
  void http429IsWaitedOutForItsRetryAfter() {
    slack.failNext("chat.postMessage", Fault.rateLimited(2));
    ChatResult result = client().post(CHANNEL, null, message("x"), deadline());
    assertThat(result.ok()).isTrue();
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(2));
    assertThat(logs()).contains("\"event\":\"slack.api.rate_limited\"");
  }

  @Test
  void ratelimitedInAnOkFalseBodyIsWaitedOutToo() {
    slack.failNext("chat.update", Fault.slackError("ratelimited"));
    SlackWebApiChat chat = client();
    ChatResult parent = chat.post(CHANNEL, null, message("x"), deadline());
    assertThat(chat.update(CHANNEL, parent.ts(), message("y"), deadline()).ok()).isTrue();
    assertThat(waits).containsExactly(SlackWebApiChat.DEFAULT_RETRY_AFTER);
  }

  @Test
  void theChannelsRateLimitIsRespected() {
    slack.postRateLimit(3, Duration.ofSeconds(1));
    SlackWebApiChat chat = client();
    for (int i = 0; i < 5; i++) {
      assertThat(chat.post(CHANNEL, null, message("m" + i), deadline()).ok()).isTrue();
    }
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(slack.parents(CHANNEL)).hasSize(5);
  }

  @Test
  void aRateLimitLongerThanTheTimeLeftFailsAtOnceAsUnavailable() {
    slack.failNext("chat.postMessage", Fault.rateLimited(30));
    assertThatThrownBy(
            () -> client().post(CHANNEL, null, message("x"), clock.instant().plusSeconds(10)))
        .isInstanceOfSatisfying(
            SlackApiException.class,
            e -> {
              assertThat(e.permanent()).isFalse();
              assertThat(e.outcome()).isEqualTo("unavailable");
              assertThat(e.error()).isEqualTo("ratelimited");
              assertThat(e.httpStatus()).isEqualTo(429);
            });
    assertThat(waits).isEmpty();
    assertThat(logs()).contains("\"SlackUndelivered\":1");
  }

  @Test
  void transientFailuresAreRetriedWithBackoff() {
    slack.failNext("chat.postMessage", Fault.httpStatus(500));
    slack.failNext("chat.postMessage", Fault.slackError("internal_error"));
    ChatResult result = client().post(CHANNEL, null, message("x"), deadline());
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(slack.parents(CHANNEL)).hasSize(1);
  }

  @Test
  void transientFailuresGiveUpAfterTheAttemptsAsUnavailable() {
    for (String error : List.of("fatal_error", "service_unavailable", "internal_error")) {
      slack.failNext("chat.postMessage", Fault.slackError(error));
    }
    assertThatThrownBy(() -> client().post(CHANNEL, null, message("x"), deadline()))
        .isInstanceOfSatisfying(
            SlackApiException.class,
            e -> {
              assertThat(e.permanent()).isFalse();
              assertThat(e.error()).isEqualTo("internal_error");
              assertThat(e.getMessage())
                  .isEqualTo("Slack chat.postMessage failed: internal_error (3 attempts failed)");
            });
    assertThat(slack.calls()).hasSize(3);
  }

  @Test
  void anAnswerThatIsNotSlacksIsNeverASuccess() {
    slack.failNext("chat.postMessage", Fault.raw(200, "<html>gateway</html>"));
    slack.failNext("chat.postMessage", Fault.raw(200, "{\"ts\":\"1741969862.000100\"}"));
    ChatResult result = client().post(CHANNEL, null, message("x"), deadline());
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(slack.parents(CHANNEL)).hasSize(1);
  }

  @Test
  void redirectsAreNotFollowedAndOtherStatusesArePermanent() {
    slack.failNext("chat.postMessage", Fault.raw(302, ""));
    assertRefused(
        () -> client().post(CHANNEL, null, message("x"), deadline()),
        "chat.postMessage",
        "http_302");
    slack.failNext("chat.postMessage", Fault.raw(404, "not found"));
    assertRefused(
        () -> client().post(CHANNEL, null, message("x"), deadline()),
        "chat.postMessage",
        "http_404");
  }

  @Test
  void aDeletedMessageIsReportedAsNotFoundForUpdatesAndReplies() {
    SlackWebApiChat chat = client();
    ChatResult parent = chat.post(CHANNEL, null, message("x"), deadline());
    slack.delete(CHANNEL, parent.ts());
    ChatResult update = chat.update(CHANNEL, parent.ts(), message("y"), deadline());
    assertThat(update.status()).isEqualTo(ChatResult.Status.MESSAGE_NOT_FOUND);
    assertThat(update.ok()).isFalse();
    ChatResult reply = chat.post(CHANNEL, parent.ts(), message("r"), deadline());
    assertThat(reply.status()).isEqualTo(ChatResult.Status.MESSAGE_NOT_FOUND);
    // A parent post never reports a gone message: message_not_found there is a refusal.
    slack.failNext("chat.postMessage", Fault.slackError("message_not_found"));
    assertRefused(
        () -> chat.post(CHANNEL, null, message("x"), deadline()),
        "chat.postMessage",
        "message_not_found");
  }

  @Test
  void aPostSentButNotAnsweredInTimeIsUnconfirmedAndNeverPostedAgain() throws Exception {
    FakeSlackWebApi.Hold hold = slack.holdNext("chat.postMessage");
    SlackWebApiChat chat =
        client(
            new SlackWebApiChat.Settings(
                slack.baseUrl(),
                Duration.ofSeconds(10),
                Duration.ofMillis(300),
                Duration.ofMillis(300),
                3,
                Duration.ofMillis(500),
                3));
    try {
      ChatResult posted = chat.post(CHANNEL, null, message("x"), deadline());

      assertThat(posted.status()).isEqualTo(ChatResult.Status.UNCONFIRMED);
      assertThat(posted.ok()).isFalse();
      assertThat(posted.ts()).isNull();
      assertThat(posted.attempts()).isEqualTo(1);
      assertThat(waits).isEmpty();
      assertThat(hold.awaitArrival(Duration.ofSeconds(30))).isTrue();
      assertThat(logs())
          .contains("\"event\":\"slack.api.unconfirmed\"")
          .contains("SlackUnconfirmed");
    } finally {
      hold.release();
    }
  }

  @Test
  void anUpdateSentButNotAnsweredInTimeIsSentAgainSinceTheSameUpdateTwiceChangesNothing()
      throws Exception {
    SlackWebApiChat chat =
        client(
            new SlackWebApiChat.Settings(
                slack.baseUrl(),
                Duration.ofSeconds(10),
                Duration.ofMillis(300),
                Duration.ofMillis(300),
                3,
                Duration.ofMillis(500),
                3));
    ChatResult parent = chat.post(CHANNEL, null, message("Running"), deadline());
    FakeSlackWebApi.Hold hold = slack.holdNext("chat.update");
    try {
      ChatResult updated = chat.update(CHANNEL, parent.ts(), message("Failed"), deadline());

      assertThat(updated.ok()).isTrue();
      assertThat(updated.attempts()).isEqualTo(2);
      assertThat(waits).containsExactly(Duration.ofMillis(500));
      assertThat(hold.awaitArrival(Duration.ofSeconds(30))).isTrue();
    } finally {
      hold.release();
    }
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aStatusLineThatTricklesInEndsTheCallAtTheAttemptsTimeAsUnconfirmed() {
    try (DrippingEndpoint dripping = DrippingEndpoint.drippingStatus(Duration.ofMillis(200))) {
      SlackWebApiChat chat =
          client(
              new SlackWebApiChat.Settings(
                  dripping.apiBaseUrl(),
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(1),
                  3,
                  Duration.ofMillis(500),
                  3));
      long start = System.nanoTime();

      ChatResult posted = chat.post(CHANNEL, null, message("x"), deadline());

      assertThat(posted.status()).isEqualTo(ChatResult.Status.UNCONFIRMED);
      assertThat(dripping.requests()).isEqualTo(1);
      // the watchdog ends it at 1 s; the bound is loose only for a loaded machine
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void a200WhoseBodyTricklesInEndsByTheAttemptsTimeAsUnconfirmedAndAnUpdateGivesUp() {
    try (DrippingEndpoint dripping =
        DrippingEndpoint.statusThenDrippingBody(Duration.ofMillis(200))) {
      SlackWebApiChat chat =
          client(
              new SlackWebApiChat.Settings(
                  dripping.apiBaseUrl(),
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(1),
                  2,
                  Duration.ofMillis(500),
                  3));

      assertThat(chat.post(CHANNEL, null, message("x"), deadline()).status())
          .isEqualTo(ChatResult.Status.UNCONFIRMED);
      assertThat(dripping.requests()).isEqualTo(1);
      assertThatThrownBy(() -> chat.update(CHANNEL, "1741969862.000100", message("y"), deadline()))
          .isInstanceOfSatisfying(
              SlackApiException.class,
              e -> {
                assertThat(e.error()).isEqualTo("no_answer_in_time");
                assertThat(e.permanent()).isFalse();
              });
      assertThat(dripping.requests()).isEqualTo(3);
    }
  }

  @Test
  void noCallStartsWithoutTimeLeft() {
    assertThatThrownBy(
            () -> client().post(CHANNEL, null, message("x"), clock.instant().plusMillis(100)))
        .isInstanceOfSatisfying(
            SlackApiException.class, e -> assertThat(e.error()).isEqualTo("no_time_left"));
    assertThat(slack.calls()).isEmpty();
  }

  @Test
  void theBaseUrlMustBeHttpsExceptOnLoopback() {
    assertThatThrownBy(
            () ->
                SlackWebApiChat.Settings.defaults()
                    .withBaseUrl(URI.create("http://slack.example/api/")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            SlackWebApiChat.Settings.defaults()
                .withBaseUrl(URI.create("http://127.0.0.1:1234/api"))
                .baseUrl())
        .isEqualTo(URI.create("http://127.0.0.1:1234/api/"));
    assertThat(SlackWebApiChat.Settings.defaults().baseUrl())
        .isEqualTo(URI.create("https://slack.com/api/"));
  }
}
