package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.common.Log;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Delivers a message to a Slack incoming webhook:
 *
 * <ul>
 *   <li>2xx: delivered.
 *   <li>429: waits {@code Retry-After} and tries again, but only while the wait fits in the time
 *       left; otherwise gives up so Lambda retries the event later.
 *   <li>5xx, connection errors, and timeouts before the message was sent in full: a bounded number
 *       of attempts with exponential backoff.
 *   <li>Sent in full but not answered within the attempt's time (an endpoint that says nothing, or
 *       answers one byte at a time): counted as posted, unconfirmed; never posted again.
 *   <li>Any other status (400 {@code invalid_payload}, 404 {@code no_service}, 410 {@code
 *       channel_is_archived}, ...): permanent. Logged, counted as an embedded metric, and thrown,
 *       so the invocation fails and the event lands in the failure destination.
 * </ul>
 *
 * The webhook URL is never logged and never part of an exception message.
 */
public final class SlackWebhookPoster implements SlackPoster {
  /** Below this much time left an attempt is not started: it could not finish. */
  static final Duration MIN_ATTEMPT_TIME = Duration.ofSeconds(1);

  static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  /**
   * @param maxAttempts attempts in all when Slack answers 5xx or cannot be reached
   * @param attemptTimeout the most one attempt may take in all, connect, send and answer (less when
   *     less time is left)
   * @param firstBackoff wait after the first failed attempt; doubles after each one
   * @param maxRateLimitWaits how many 429 answers are waited out before giving up
   */
  public record Settings(
      int maxAttempts, Duration attemptTimeout, Duration firstBackoff, int maxRateLimitWaits) {
    static Settings defaults() {
      return new Settings(3, Duration.ofSeconds(5), Duration.ofMillis(500), 5);
    }
  }

  private final WebhookSource webhooks;
  private final HttpTransport transport;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Settings settings;
  private final Log log;
  private final EmbeddedMetrics metrics;

  public SlackWebhookPoster(
      WebhookSource webhooks,
      HttpTransport transport,
      Sleeper sleeper,
      Clock clock,
      Settings settings,
      Log log,
      EmbeddedMetrics metrics) {
    this.webhooks = webhooks;
    this.transport = transport;
    this.sleeper = sleeper;
    this.clock = clock;
    this.settings = settings;
    this.log = log;
    this.metrics = metrics;
  }

  @Override
  public Delivery post(String secretArn, SlackMessage message, Instant deadline, String eventId) {
    URI url;
    try {
      url = webhooks.webhook(secretArn);
    } catch (SlackDeliveryException e) {
      log.error(
          "slack.webhook_unavailable",
          "eventId",
          eventId,
          "webhookSecret",
          secretArn,
          "outcome",
          e.outcome(),
          "error",
          e.getMessage());
      count("SlackUndelivered", e.outcome(), secretArn, eventId, null);
      throw e;
    }
    byte[] body = message.json().getBytes(StandardCharsets.UTF_8);
    int failures = 0;
    int rateLimits = 0;
    int attempt = 0;
    String lastProblem = "none";
    while (true) {
      attempt++;
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.compareTo(MIN_ATTEMPT_TIME) < 0) {
        throw giveUp(
            "no time left in this invocation for attempt "
                + attempt
                + " (last problem: "
                + lastProblem
                + ")",
            secretArn,
            eventId,
            attempt - 1);
      }
      Duration timeout =
          left.compareTo(settings.attemptTimeout()) < 0 ? left : settings.attemptTimeout();
      HttpTransport.Response response;
      try {
        response = transport.post(url, body, timeout);
      } catch (NoAnswerInTimeException e) {
        return unconfirmed(timeout, secretArn, eventId, attempt);
      } catch (IOException | UncheckedIOException e) {
        // UncheckedIOException: what some JDK and SDK HTTP code lets out for the same failures
        lastProblem =
            describe(
                e instanceof UncheckedIOException
                    ? ((UncheckedIOException) e).getCause()
                    : (IOException) e);
        failures++;
        backOff(failures, lastProblem, secretArn, eventId, attempt, deadline);
        continue;
      }
      int status = response.status();
      if (status >= 200 && status < 300) {
        log.info(
            "slack.posted",
            "eventId",
            eventId,
            "webhookSecret",
            secretArn,
            "status",
            status,
            "attempts",
            attempt,
            "bytes",
            body.length);
        return new Delivery(attempt, status);
      }
      if (status == 429) {
        rateLimits++;
        Duration wait = retryAfter(response.retryAfter());
        lastProblem = "HTTP 429 rate limited";
        if (rateLimits > settings.maxRateLimitWaits()) {
          throw giveUp(
              "Slack kept rate-limiting the webhook (" + rateLimits + " times)",
              secretArn,
              eventId,
              attempt);
        }
        if (!fits(wait, deadline)) {
          throw giveUp(
              "Slack rate-limited the webhook for "
                  + wait.toSeconds()
                  + " s, longer than the time left in this invocation",
              secretArn,
              eventId,
              attempt);
        }
        log.warn(
            "slack.rate_limited",
            "eventId",
            eventId,
            "webhookSecret",
            secretArn,
            "retryAfterMillis",
            wait.toMillis(),
            "attempt",
            attempt);
        pause(wait, secretArn, eventId, attempt);
        continue;
      }
      if (status >= 500) {
        lastProblem = "HTTP " + status + " " + slackError(response.body(), status);
        failures++;
        backOff(failures, lastProblem, secretArn, eventId, attempt, deadline);
        continue;
      }
      throw reject(status, slackError(response.body(), status), secretArn, eventId, attempt);
    }
  }

  /**
   * Slack has the whole message but did not answer within the attempt's time. A webhook answers
   * after it has posted, and an answer that trickles in is still an answer: most likely the message
   * is in the channel, and posting it again (or failing, so Lambda posts it twice more) would put
   * it there twice. So it counts as posted, and says so in the log and a metric.
   */
  private Delivery unconfirmed(Duration timeout, String secretArn, String eventId, int attempt) {
    log.warn(
        "slack.unconfirmed",
        "eventId",
        eventId,
        "webhookSecret",
        secretArn,
        "attempts",
        attempt,
        "timeoutMillis",
        timeout.toMillis(),
        "reason",
        "Slack did not answer in time; the message was sent"
            + " in full and may have been posted, so it is not posted again");
    count("SlackUnconfirmed", "no_answer_in_time", secretArn, eventId, null);
    return new Delivery(attempt, 0);
  }

  private void backOff(
      int failures,
      String problem,
      String secretArn,
      String eventId,
      int attempt,
      Instant deadline) {
    if (failures >= settings.maxAttempts()) {
      throw giveUp(
          "Slack did not accept the message after "
              + failures
              + " attempts (last problem: "
              + problem
              + ")",
          secretArn,
          eventId,
          attempt);
    }
    Duration wait = backoff(failures);
    if (!fits(wait, deadline)) {
      throw giveUp(
          "no time left in this invocation to retry (last problem: " + problem + ")",
          secretArn,
          eventId,
          attempt);
    }
    log.warn(
        "slack.retry",
        "eventId",
        eventId,
        "webhookSecret",
        secretArn,
        "problem",
        problem,
        "attempt",
        attempt,
        "waitMillis",
        wait.toMillis());
    pause(wait, secretArn, eventId, attempt);
  }

  /**
   * The wait before the attempt after the {@code failures}-th failure: 0.5 s, 1 s, 2 s, ... at most
   * 8 s.
   */
  Duration backoff(int failures) {
    Duration wait = settings.firstBackoff().multipliedBy(1L << Math.min(failures - 1, 10));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  private boolean fits(Duration wait, Instant deadline) {
    return !clock.instant().plus(wait).plus(MIN_ATTEMPT_TIME).isAfter(deadline);
  }

  private void pause(Duration wait, String secretArn, String eventId, int attempt) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw giveUp("interrupted while waiting to retry", secretArn, eventId, attempt);
    }
  }

  /**
   * {@code Retry-After} in seconds (what Slack sends) or as an HTTP date; 1 s when absent or
   * unreadable.
   */
  Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return DEFAULT_RETRY_AFTER;
    }
    String value = header.strip();
    try {
      long seconds = Long.parseLong(value);
      return seconds <= 0 ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(Math.min(seconds, 3600));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() || wait.isZero() ? DEFAULT_RETRY_AFTER : wait;
      } catch (DateTimeParseException notADate) {
        return DEFAULT_RETRY_AFTER;
      }
    }
  }

  private SlackUnavailableException giveUp(
      String why, String secretArn, String eventId, int attempts) {
    log.error(
        "slack.undelivered",
        "eventId",
        eventId,
        "webhookSecret",
        secretArn,
        "reason",
        why,
        "attempts",
        attempts);
    count("SlackUndelivered", "unavailable", secretArn, eventId, null);
    return new SlackUnavailableException(why);
  }

  private SlackRejectedException reject(
      int status, String error, String secretArn, String eventId, int attempts) {
    if (status != 400) {
      // 403/404/410: the webhook itself is gone or disabled; re-read the secret next time
      // (rotation)
      webhooks.forget(secretArn);
    }
    log.error(
        "slack.rejected",
        "eventId",
        eventId,
        "webhookSecret",
        secretArn,
        "status",
        status,
        "slackError",
        error,
        "attempts",
        attempts);
    count("SlackRejected", error, secretArn, eventId, status);
    return new SlackRejectedException(status, error);
  }

  private void count(
      String metric, String reason, String secretArn, String eventId, Integer status) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("Reason", reason);
    if (status != null) {
      properties.put("Status", status);
    }
    properties.put("WebhookSecret", secretArn);
    properties.put("EventId", eventId);
    metrics.count(metric, clock.millis(), properties);
  }

  /**
   * Slack's error word from a response body ({@code invalid_payload}), or {@code http_<status>}.
   */
  static String slackError(String body, int status) {
    if (body != null) {
      String first = body.strip().split("\\s", 2)[0].toLowerCase(Locale.ROOT);
      if (!first.isEmpty() && first.length() <= 64 && first.matches("[a-z0-9_]+")) {
        return first;
      }
    }
    return "http_" + status;
  }

  /** What went wrong, without the exception's message (which may name the URL). */
  /**
   * What HttpURLConnection throws as a plain IOException when the other side closes or resets the
   * connection while the request is written or the answer read (the JDK's own texts, never a URL).
   */
  private static final java.util.Set<String> CLOSED_BY_PEER =
      java.util.Set.of(
          "Error writing to server",
          "Error writing request body to server",
          "Premature EOF",
          "Unexpected end of file from server");

  static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "timeout";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.SocketException
        || e.getCause() instanceof java.net.SocketException
        || CLOSED_BY_PEER.contains(String.valueOf(e.getMessage()))) {
      return "connection reset or closed";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host";
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return "TLS error";
    }
    return e.getClass().getSimpleName();
  }

  @Override
  public void prime() {
    webhooks.prime();
  }
}
