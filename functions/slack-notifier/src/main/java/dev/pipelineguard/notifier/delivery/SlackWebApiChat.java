package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.Redactor;
import dev.pipelineguard.common.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link SlackChat} on Slack's Web API: JSON bodies, the bot token as a Bearer header, the
 * url-connection of the JDK (no HTTP client to load at cold start), redirects never followed.
 *
 * <p>Slack answers HTTP 200 for most failures, with {@code {"ok": false, "error": "…"}}: only
 * {@code ok: true} is a success. Per call:
 *
 * <ul>
 *   <li>{@code ratelimited} / HTTP 429: waits {@code Retry-After} and tries again while the wait
 *       fits in the call's time;
 *   <li>HTTP 5xx, {@code internal_error}, {@code fatal_error}, {@code service_unavailable}, {@code
 *       request_timeout}, timeouts and connection failures: retried with backoff, a bounded number
 *       of times;
 *   <li>{@code message_not_found} on an update (and a reply whose parent is gone): returned as
 *       {@code MESSAGE_NOT_FOUND}, so the caller can post a new parent;
 *   <li>everything else ({@code channel_not_found}, {@code not_in_channel}, {@code invalid_auth},
 *       {@code msg_too_long}, {@code invalid_blocks}, unknown errors, other HTTP statuses):
 *       permanent, thrown at once.
 * </ul>
 *
 * Every call ends by its own deadline ({@link Settings#callTimeout}) or the caller's, whichever is
 * first; every attempt by its own time in all ({@link UrlConnectionHttpTransport}), however slowly
 * the answer trickles in. A {@code chat.postMessage} sent in full but not answered in time is not
 * retried (Slack offers no idempotency key, so a retry could post it twice): it is {@code
 * UNCONFIRMED}. An unanswered {@code chat.update} is retried: the same update twice changes
 * nothing.
 */
public final class SlackWebApiChat implements SlackChat {
  public static final URI SLACK_API = URI.create("https://slack.com/api/");
  static final String POST = "chat.postMessage";
  static final String UPDATE = "chat.update";

  /** Below this much time left an attempt is not started. */
  static final Duration MIN_ATTEMPT_TIME = Duration.ofMillis(250);

  static final Duration MAX_BACKOFF = Duration.ofSeconds(4);
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  /** Slack echoes the message back: our messages stay under 20,000 characters. */
  static final int MAX_ANSWER_BYTES = 256 * 1024;

  /**
   * Worth another attempt: Slack says so (docs: "transient issue on our end"), or it is overloaded.
   */
  static final Set<String> TRANSIENT =
      Set.of(
          "internal_error",
          "fatal_error",
          "service_unavailable",
          "request_timeout",
          "team_added_to_org",
          "update_failed");

  static final Set<String> RATE_LIMITED = Set.of("ratelimited", "rate_limited");

  /** The parent of a reply is gone. Slack's word for it is not documented for chat.postMessage. */
  static final Set<String> THREAD_GONE =
      Set.of("thread_not_found", "invalid_thread_ts", "message_not_found");

  /** The token is wrong or no longer valid: re-read the secret next time (rotation). */
  static final Set<String> TOKEN_REFUSED =
      Set.of(
          "invalid_auth",
          "not_authed",
          "token_revoked",
          "token_expired",
          "account_inactive",
          "not_allowed_token_type");

  /**
   * The secret names a channel the bot cannot post to: re-read it next time (a corrected secret).
   */
  static final Set<String> CHANNEL_REFUSED =
      Set.of("channel_not_found", "not_in_channel", "is_archived");

  /**
   * @param baseUrl {@code https://slack.com/api/}; {@code http://} only on loopback (tests)
   * @param callTimeout the most one call may take, retries and waits included
   * @param attemptTimeout the most one attempt may take in all: connect, send, answer (cut to the
   *     time left)
   * @param connectTimeout connect timeout of one attempt (cut to the time left)
   * @param maxAttempts attempts in all on transient failures
   * @param firstBackoff wait after the first transient failure; doubles after each one
   * @param maxRateLimitWaits rate-limit answers waited out before giving up
   */
  public record Settings(
      URI baseUrl,
      Duration callTimeout,
      Duration attemptTimeout,
      Duration connectTimeout,
      int maxAttempts,
      Duration firstBackoff,
      int maxRateLimitWaits) {
    public Settings {
      baseUrl = checkedBaseUrl(baseUrl);
    }

    /**
     * {@code url} with a trailing slash, if it is {@code https://} (or {@code http://} on
     * loopback).
     *
     * @throws IllegalArgumentException otherwise
     */
    public static URI checkedBaseUrl(URI url) {
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      boolean loopback = "127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost());
      if (!(scheme.equals("https") || (scheme.equals("http") && loopback))
          || url.getHost() == null
          || url.getRawQuery() != null
          || url.getRawFragment() != null
          || url.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "the Slack API base URL must be https:// (http:// only on loopback)");
      }
      return url.getPath().endsWith("/") ? url : URI.create(url + "/");
    }

    public static Settings defaults() {
      return new Settings(
          SLACK_API,
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofSeconds(3),
          3,
          Duration.ofMillis(500),
          3);
    }

    public Settings withBaseUrl(URI url) {
      return new Settings(
          url,
          callTimeout,
          attemptTimeout,
          connectTimeout,
          maxAttempts,
          firstBackoff,
          maxRateLimitWaits);
    }
  }

  private final BotTokenSource token;
  private final Settings settings;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Log log;
  private final EmbeddedMetrics metrics;
  private final UrlConnectionHttpTransport http = new UrlConnectionHttpTransport();

  public SlackWebApiChat(
      BotTokenSource token,
      Settings settings,
      Sleeper sleeper,
      Clock clock,
      Log log,
      EmbeddedMetrics metrics) {
    this.token = token;
    this.settings = settings;
    this.sleeper = sleeper;
    this.clock = clock;
    this.log = log;
    this.metrics = metrics;
  }

  /** SnapStart priming: the token source builds its client; nothing is read or called. */
  @Override
  public void prime() {
    token.prime();
  }

  @Override
  public ChatResult post(String channel, String threadTs, String payloadJson, Instant deadline) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", channel);
    if (threadTs != null) {
      body.put("thread_ts", threadTs);
    }
    copyMessage(payloadJson, body, true);
    return call(POST, body, threadTs != null, deadline);
  }

  @Override
  public ChatResult update(String channel, String ts, String payloadJson, Instant deadline) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", channel);
    body.put("ts", ts);
    copyMessage(payloadJson, body, false);
    // chat.update parses as "client" unless told otherwise; keep the message as posted.
    body.put("parse", "none");
    return call(UPDATE, body, true, deadline);
  }

  /**
   * The message fields of a Block Kit payload: text, blocks, attachments (and unfurl flags for
   * posts).
   */
  private static void copyMessage(String payloadJson, Map<String, Object> body, boolean post) {
    Json payload = Json.parse(payloadJson);
    for (String field :
        post
            ? new String[] {"text", "blocks", "attachments", "unfurl_links", "unfurl_media"}
            : new String[] {"text", "blocks", "attachments"}) {
      if (payload.has(field)) {
        body.put(field, payload.get(field));
      }
    }
  }

  private ChatResult call(
      String method, Map<String, Object> body, boolean mayBeGone, Instant callerDeadline) {
    byte[] json = JsonWriter.write(body).getBytes(StandardCharsets.UTF_8);
    Instant own = clock.instant().plus(settings.callTimeout());
    Instant deadline = own.isBefore(callerDeadline) ? own : callerDeadline;
    String bearer = bearer();
    int failures = 0;
    int rateLimits = 0;
    int attempt = 0;
    String lastProblem = "none";
    int lastStatus = 0;
    while (true) {
      attempt++;
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.compareTo(MIN_ATTEMPT_TIME) < 0) {
        throw unavailable(
            method,
            attempt == 1 ? "no_time_left" : lastProblem,
            lastStatus,
            "no time left for attempt " + attempt,
            attempt - 1);
      }
      Answer answer;
      try {
        answer = send(method, json, bearer, left);
      } catch (NoAnswerInTimeException e) {
        if (POST.equals(method)) {
          return unconfirmed(method, attempt, left);
        }
        // chat.update is idempotent: the same message again changes nothing if the first arrived.
        lastProblem = "no_answer_in_time";
        lastStatus = 0;
        failures++;
        backOff(method, failures, lastProblem, 0, deadline, attempt);
        continue;
      } catch (IOException | UncheckedIOException e) {
        lastProblem =
            describe(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        lastStatus = 0;
        failures++;
        backOff(method, failures, lastProblem, 0, deadline, attempt);
        continue;
      }
      lastStatus = answer.status;
      Json reply = answer.json();
      String error = outside(reply.get("error").text());
      if (answer.status == 429 || (error != null && RATE_LIMITED.contains(error))) {
        rateLimits++;
        lastProblem = error == null ? "ratelimited" : error;
        Duration wait = retryAfter(answer.retryAfter);
        if (rateLimits > settings.maxRateLimitWaits() || !fits(wait, deadline)) {
          throw unavailable(
              method,
              lastProblem,
              answer.status,
              "rate limited for " + wait.toSeconds() + " s, more than the time left",
              attempt);
        }
        log.warn(
            "slack.api.rate_limited",
            "method",
            method,
            "retryAfterMillis",
            wait.toMillis(),
            "attempt",
            attempt);
        pause(wait, method, attempt);
        continue;
      }
      if (answer.status >= 500
          || (answer.status == 200 && error != null && TRANSIENT.contains(error))) {
        lastProblem = error != null ? error : "http_" + answer.status;
        failures++;
        backOff(method, failures, lastProblem, answer.status, deadline, attempt);
        continue;
      }
      if (answer.status != 200) {
        throw rejected(
            method, error != null ? error : "http_" + answer.status, answer.status, attempt);
      }
      if (!reply.isObject() || reply.get("ok").bool().isEmpty()) {
        // Not Slack's answer (a proxy's page, or cut short): it may still have been delivered.
        lastProblem = "unreadable_answer";
        failures++;
        backOff(method, failures, lastProblem, answer.status, deadline, attempt);
        continue;
      }
      warnings(method, reply);
      if (reply.get("ok").bool().get()) {
        String ts = reply.get("ts").text();
        String channel = reply.get("channel").text();
        if (ts == null || channel == null) {
          throw rejected(method, "answer_without_ts", answer.status, attempt);
        }
        log.info("slack.api.ok", "method", method, "channel", channel, "attempts", attempt);
        return new ChatResult(ChatResult.Status.OK, channel, ts, attempt);
      }
      if (error == null) {
        error = "unknown_error";
      }
      if (mayBeGone
          && (UPDATE.equals(method)
              ? "message_not_found".equals(error)
              : THREAD_GONE.contains(error))) {
        log.warn(
            "slack.api.message_not_found",
            "method",
            method,
            "slackError",
            error,
            "attempts",
            attempt);
        return new ChatResult(ChatResult.Status.MESSAGE_NOT_FOUND, null, null, attempt);
      }
      if (TOKEN_REFUSED.contains(error) || CHANNEL_REFUSED.contains(error)) {
        token.forget();
      }
      throw rejected(method, error, answer.status, attempt);
    }
  }

  private String bearer() {
    String value = token.token();
    if (value == null
        || !value.startsWith("xoxb-")
        || value.length() < 10
        || value.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
      // Says what is wrong with it, never what it is.
      throw new SlackApiException(
          "auth",
          "invalid_token_format",
          0,
          true,
          "the Slack token must be a bot token starting with xoxb-");
    }
    return "Bearer " + value;
  }

  /**
   * One HTTP exchange within the attempt's time: the status line and the whole answer, or an
   * exception.
   */
  private Answer send(String method, byte[] json, String bearer, Duration left) throws IOException {
    Duration attempt =
        settings.attemptTimeout().compareTo(left) < 0 ? settings.attemptTimeout() : left;
    HttpTransport.Response response =
        http.postForAnswer(
            settings.baseUrl().resolve(method),
            bearer,
            json,
            attempt,
            settings.connectTimeout(),
            MAX_ANSWER_BYTES);
    return new Answer(response.status(), response.body(), response.retryAfter());
  }

  /**
   * chat.postMessage was sent in full and not answered in time. Slack may have posted it; a retry
   * (here, or Lambda's) could post it twice, and Slack has no idempotency key. So it is not
   * retried: the caller learns that it went out without a {@code ts} ({@code UNCONFIRMED}).
   */
  private ChatResult unconfirmed(String method, int attempt, Duration left) {
    Duration waited =
        settings.attemptTimeout().compareTo(left) < 0 ? settings.attemptTimeout() : left;
    log.warn(
        "slack.api.unconfirmed",
        "method",
        method,
        "attempts",
        attempt,
        "timeoutMillis",
        waited.toMillis(),
        "reason",
        "Slack did not answer in time; the message was sent in full and may have been posted, so it is not posted again");
    count("SlackUnconfirmed", "no_answer_in_time", method, 0);
    return new ChatResult(ChatResult.Status.UNCONFIRMED, null, null, attempt);
  }

  private record Answer(int status, String body, String retryAfter) {
    Json json() {
      try {
        return Json.parse(body);
      } catch (JsonException e) {
        return Json.MISSING;
      }
    }
  }

  private void backOff(
      String method, int failures, String problem, int status, Instant deadline, int attempt) {
    if (failures >= settings.maxAttempts()) {
      throw unavailable(method, problem, status, failures + " attempts failed", attempt);
    }
    Duration wait = backoff(failures);
    if (!fits(wait, deadline)) {
      throw unavailable(method, problem, status, "no time left to retry", attempt);
    }
    log.warn(
        "slack.api.retry",
        "method",
        method,
        "problem",
        problem,
        "attempt",
        attempt,
        "waitMillis",
        wait.toMillis());
    pause(wait, method, attempt);
  }

  /** 0.5 s, 1 s, 2 s, ... at most 4 s. */
  Duration backoff(int failures) {
    Duration wait = settings.firstBackoff().multipliedBy(1L << Math.min(failures - 1, 10));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  private boolean fits(Duration wait, Instant deadline) {
    return !clock.instant().plus(wait).plus(MIN_ATTEMPT_TIME).isAfter(deadline);
  }

  private void pause(Duration wait, String method, int attempt) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(method, "interrupted", 0, "interrupted while waiting to retry", attempt);
    }
  }

  /** {@code Retry-After} in seconds (what Slack sends); 1 s when absent or unreadable. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return DEFAULT_RETRY_AFTER;
    }
    try {
      long seconds = Long.parseLong(header.strip());
      return seconds <= 0 ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(Math.min(seconds, 3600));
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY_AFTER;
    }
  }

  private void warnings(String method, Json reply) {
    String warning = reply.get("warning").text();
    if (warning != null) {
      log.warn("slack.api.warning", "method", method, "warning", outside(warning));
    }
  }

  private SlackApiException rejected(String method, String error, int status, int attempts) {
    log.error(
        "slack.api.rejected",
        "method",
        method,
        "slackError",
        error,
        "status",
        status,
        "attempts",
        attempts);
    count("SlackRejected", error, method, status);
    return new SlackApiException(method, error, status, true, null);
  }

  private SlackApiException unavailable(
      String method, String error, int status, String why, int attempts) {
    log.error(
        "slack.api.unavailable",
        "method",
        method,
        "problem",
        error,
        "reason",
        why,
        "attempts",
        attempts);
    count("SlackUndelivered", error, method, status);
    return new SlackApiException(method, error, status, false, why);
  }

  private void count(String metric, String reason, String method, int status) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("Reason", reason);
    properties.put("Method", method);
    if (status != 0) {
      properties.put("Status", status);
    }
    metrics.count(metric, clock.millis(), properties);
  }

  /**
   * Slack's {@code error} and {@code warning} words are outside text: they reach logs, metrics and
   * exception messages, so they are made one line, cleared of invisible characters and redacted (an
   * echo of a token or a URL), then cut. Slack's own words pass unchanged.
   */
  static String outside(String text) {
    if (text == null) {
      return null;
    }
    return Text.truncate(Redactor.redact(Text.stripInvisible(Text.oneLine(text))), 120);
  }

  /** What went wrong, without the exception's message (which may name the host). */
  static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "timeout";
    }
    if (e instanceof ConnectException) {
      return "connection_refused";
    }
    if (e instanceof UnknownHostException) {
      return "unknown_host";
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return "tls_error";
    }
    return e.getClass().getSimpleName();
  }
}
