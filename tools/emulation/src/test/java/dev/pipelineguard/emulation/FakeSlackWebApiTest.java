package dev.pipelineguard.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake answers what Slack documents, through plain HTTP requests. */
class FakeSlackWebApiTest {
  static final String TOKEN = "xoxb-1111-2222-fake";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  ManualClock clock;
  FakeSlackWebApi slack;

  @BeforeEach
  void start() {
    clock = new ManualClock(Instant.parse("2025-03-14T16:31:02Z"));
    slack =
        FakeSlackWebApi.start(clock, TOKEN)
            .channel("C0BOARD01", "deployments")
            .channelWithoutBot("C0QUIET01", "quiet")
            .channel("C0OTHER01", "other");
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  record Answer(int status, Json body, String retryAfter) {
    String error() {
      return body.get("error").text();
    }
  }

  Answer call(String method, String body, String auth, String contentType)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(slack.baseUrl().resolve(method))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      request.header("Authorization", auth);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        Json.parse(response.body()),
        response.headers().firstValue("Retry-After").orElse(null));
  }

  Answer call(String method, String body) throws IOException, InterruptedException {
    return call(method, body, "Bearer " + TOKEN, "application/json; charset=utf-8");
  }

  static String post(String channel, String text) {
    return "{\"channel\":\"" + channel + "\",\"text\":\"" + text + "\"}";
  }

  @Test
  void tokensAreCheckedBeforeAnythingElse() throws Exception {
    assertThat(call("chat.postMessage", post("C0BOARD01", "x"), null, "application/json").error())
        .isEqualTo("not_authed");
    assertThat(
            call(
                    "chat.postMessage",
                    post("C0BOARD01", "x"),
                    "Bearer xoxb-other",
                    "application/json")
                .error())
        .isEqualTo("invalid_auth");
    slack.revokeToken();
    assertThat(call("chat.postMessage", post("C0BOARD01", "x")).error()).isEqualTo("token_revoked");
    assertThat(slack.messages()).isEmpty();
  }

  @Test
  void bodiesMustBeJson() throws Exception {
    assertThat(call("chat.postMessage", post("C0BOARD01", "x"), "Bearer " + TOKEN, null).error())
        .isEqualTo("missing_post_type");
    assertThat(
            call(
                    "chat.postMessage",
                    "channel=C0BOARD01",
                    "Bearer " + TOKEN,
                    "application/x-www-form-urlencoded")
                .error())
        .isEqualTo("invalid_post_type");
    assertThat(
            call("chat.postMessage", "{\"channel\":", "Bearer " + TOKEN, "application/json")
                .error())
        .isEqualTo("invalid_json");
  }

  @Test
  void channelsMustExistHaveTheBotAndNotBeArchived() throws Exception {
    assertThat(call("chat.postMessage", post("C0NOPE", "x")).error())
        .isEqualTo("channel_not_found");
    assertThat(call("chat.postMessage", post("C0QUIET01", "x")).error())
        .isEqualTo("not_in_channel");
    Answer byName = call("chat.postMessage", post("#deployments", "x"));
    assertThat(byName.body().get("ok").bool()).contains(true);
    assertThat(byName.body().get("channel").text()).isEqualTo("C0BOARD01");
    slack.archive("C0BOARD01");
    assertThat(call("chat.postMessage", post("C0BOARD01", "x")).error()).isEqualTo("is_archived");
  }

  @Test
  void tsValuesLookLikeSlacksAndIncrease() throws Exception {
    String first = call("chat.postMessage", post("C0BOARD01", "a")).body().get("ts").text();
    String second = call("chat.postMessage", post("C0BOARD01", "b")).body().get("ts").text();
    assertThat(first).isEqualTo("1741969862.000100");
    assertThat(second).isEqualTo("1741969862.000101");
    clock.advance(Duration.ofSeconds(5));
    assertThat(call("chat.postMessage", post("C0BOARD01", "c")).body().get("ts").text())
        .isEqualTo("1741969867.000100");
  }

  @Test
  void threadRepliesNeedAnExistingParent() throws Exception {
    String parent = call("chat.postMessage", post("C0BOARD01", "parent")).body().get("ts").text();
    Answer reply =
        call(
            "chat.postMessage",
            "{\"channel\":\"C0BOARD01\",\"thread_ts\":\"" + parent + "\",\"text\":\"r\"}");
    assertThat(reply.body().path("message", "thread_ts").text()).isEqualTo(parent);
    String replyTs = reply.body().get("ts").text();
    assertThat(
            call(
                    "chat.postMessage",
                    "{\"channel\":\"C0BOARD01\",\"thread_ts\":\"" + replyTs + "\",\"text\":\"r\"}")
                .error())
        .isEqualTo("invalid_thread_ts");
    assertThat(
            call(
                    "chat.postMessage",
                    "{\"channel\":\"C0BOARD01\",\"thread_ts\":\"1741969862.999999\",\"text\":\"r\"}")
                .error())
        .isEqualTo("thread_not_found");
    slack.delete("C0BOARD01", parent);
    assertThat(
            call(
                    "chat.postMessage",
                    "{\"channel\":\"C0BOARD01\",\"thread_ts\":\"" + parent + "\",\"text\":\"r\"}")
                .error())
        .isEqualTo("thread_not_found");
    assertThat(slack.replies("C0BOARD01", parent)).hasSize(1);
  }

  @Test
  void updatesNeedTheChannelIdAndAnExistingMessageOfTheApp() throws Exception {
    String ts = call("chat.postMessage", post("C0BOARD01", "v1")).body().get("ts").text();
    String update = "{\"channel\":\"C0BOARD01\",\"ts\":\"" + ts + "\",\"text\":\"v2\"}";
    assertThat(call("chat.update", update).body().get("ok").bool()).contains(true);
    assertThat(slack.message("C0BOARD01", ts).orElseThrow().versions()).hasSize(2);
    assertThat(slack.message("C0BOARD01", ts).orElseThrow().text()).isEqualTo("v2");
    assertThat(
            call(
                    "chat.update",
                    "{\"channel\":\"deployments\",\"ts\":\"" + ts + "\",\"text\":\"v3\"}")
                .error())
        .isEqualTo("channel_not_found");
    String someoneElses = slack.postAsSomeoneElse("C0BOARD01", "hello");
    assertThat(
            call(
                    "chat.update",
                    "{\"channel\":\"C0BOARD01\",\"ts\":\"" + someoneElses + "\",\"text\":\"x\"}")
                .error())
        .isEqualTo("cant_update_message");
    slack.delete("C0BOARD01", ts);
    assertThat(call("chat.update", update).error()).isEqualTo("message_not_found");
  }

  @Test
  void messagesAreCheckedAgainstSlacksLimits() throws Exception {
    assertThat(call("chat.postMessage", "{\"channel\":\"C0BOARD01\"}").error())
        .isEqualTo("no_text");
    assertThat(call("chat.postMessage", post("C0BOARD01", "x".repeat(40_001))).error())
        .isEqualTo("msg_too_long");
    String longHeader =
        "{\"channel\":\"C0BOARD01\",\"text\":\"t\",\"blocks\":[{\"type\":\"header\",\"text\":"
            + "{\"type\":\"plain_text\",\"text\":\""
            + "h".repeat(151)
            + "\"}}]}";
    assertThat(call("chat.postMessage", longHeader).error()).isEqualTo("invalid_blocks");
    String badAttachment =
        "{\"channel\":\"C0BOARD01\",\"text\":\"t\",\"attachments\":[{\"color\":\"#d1242f\",\"blocks\":"
            + "[{\"type\":\"section\"}]}]}";
    assertThat(call("chat.postMessage", badAttachment).error()).isEqualTo("invalid_blocks");
    assertThat(slack.messages()).isEmpty();
  }

  @Test
  void postsAreRateLimitedPerChannelOnTheInjectedClock() throws Exception {
    slack.postRateLimit(3, Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      assertThat(call("chat.postMessage", post("C0BOARD01", "m" + i)).status()).isEqualTo(200);
    }
    Answer limited = call("chat.postMessage", post("C0BOARD01", "m3"));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.error()).isEqualTo("ratelimited");
    assertThat(limited.retryAfter()).isEqualTo("1");
    assertThat(call("chat.postMessage", post("C0OTHER01", "per channel")).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    assertThat(call("chat.postMessage", post("C0BOARD01", "m3")).status()).isEqualTo(200);
    assertThat(call("chat.postMessage", post("C0BOARD01", "m4")).status()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(10)); // refills to the burst, not beyond
    for (int i = 0; i < 3; i++) {
      assertThat(call("chat.postMessage", post("C0BOARD01", "n" + i)).status()).isEqualTo(200);
    }
    assertThat(call("chat.postMessage", post("C0BOARD01", "n3")).status()).isEqualTo(429);
    assertThat(slack.parents("C0BOARD01")).hasSize(7);
  }

  @Test
  void updatesAreRateLimitedAtTier3() throws Exception {
    slack.updateRateLimit(2);
    String ts = call("chat.postMessage", post("C0BOARD01", "v1")).body().get("ts").text();
    String update = "{\"channel\":\"C0BOARD01\",\"ts\":\"" + ts + "\",\"text\":\"v\"}";
    assertThat(call("chat.update", update).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(10));
    assertThat(call("chat.update", update).status()).isEqualTo(200);
    Answer limited = call("chat.update", update);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.retryAfter()).isEqualTo("50");
  }

  @Test
  void scriptedFaultsComeFirstAndEveryCallIsRecorded() throws Exception {
    slack.failNext("chat.postMessage", FakeSlackWebApi.Fault.httpStatus(503));
    slack.failNext("chat.postMessage", FakeSlackWebApi.Fault.slackError("internal_error"));
    assertThat(call("chat.postMessage", post("C0BOARD01", "x")).status()).isEqualTo(503);
    assertThat(call("chat.postMessage", post("C0BOARD01", "x")).error())
        .isEqualTo("internal_error");
    assertThat(call("chat.postMessage", post("C0BOARD01", "x")).status()).isEqualTo(200);
    assertThat(slack.calls())
        .extracting(FakeSlackWebApi.Call::error)
        .containsExactly("http_503", "internal_error", null);
  }

  @Test
  void theBaseUrlIsLoopback() {
    assertThat(slack.baseUrl())
        .isEqualTo(URI.create("http://127.0.0.1:" + slack.baseUrl().getPort() + "/api/"));
  }
}
