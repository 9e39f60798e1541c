package dev.pipelineguard.notifier.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs with {@link HttpURLConnection}: no extra HTTP client to load at cold start. Redirects are
 * not followed (a webhook that redirects is misconfigured, and following would send the message
 * elsewhere). Used by the webhook poster ({@link #post}) and the Web API ({@link #postForAnswer}).
 *
 * <p>The timeout is the exchange's total time. The connection's own read timeout restarts with
 * every byte, so an endpoint that answers one byte every two seconds would hold a post as long as
 * it likes; a watchdog disconnects the connection when the time is up, which ends a blocked send or
 * a blocked wait for the status line at once (a connect ends by its own timeout, never longer than
 * the whole). Whether the request had been sent in full then decides the outcome: {@link
 * NoAnswerInTimeException} when it had, a {@link SocketTimeoutException} when not. Which of the two
 * is decided by one atomic step, so "sent" is never reported for a request cut short.
 *
 * <p>The body comes after the status line and cannot be cut by the watchdog (the JDK's answer
 * stream holds a lock while a read blocks, and closing it waits for that lock): it is read only
 * while time is left, so an answer whose body trickles in ends at the first byte after the
 * deadline, or, if the bytes stop, after one read timeout (the attempt's time). A webhook's 2xx
 * body is never read: a 2xx is a 2xx however slowly its body follows.
 *
 * <p>One daemon thread, started once, runs every watchdog; a post that ends in time removes its
 * watchdog, so nothing outlives the call.
 */
public final class UrlConnectionHttpTransport implements HttpTransport {
  private static final int MAX_ERROR_BODY_BYTES = 1024;
  private static final int MAX_CONNECT_MILLIS = 3000;
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private static final int SENDING = 0;
  private static final int SENT = 1;
  private static final int ANSWERED = 2;
  private static final int EXPIRED_UNSENT = 3;
  private static final int EXPIRED_SENT = 4;

  @Override
  public Response post(URI url, byte[] jsonBody, Duration timeout) throws IOException {
    return exchange(url, null, jsonBody, timeout, MAX_CONNECT_MILLIS, -1);
  }

  /**
   * A POST whose answer body is needed (Slack's Web API answers JSON): the status line and the
   * whole body (at most {@code maxAnswerBytes}) within {@code timeout}.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param connectTimeout the most the connect may take (never more than {@code timeout})
   * @throws NoAnswerInTimeException when the request was sent in full but its answer, body
   *     included, did not arrive in time
   */
  public Response postForAnswer(
      URI url,
      String authorization,
      byte[] jsonBody,
      Duration timeout,
      Duration connectTimeout,
      int maxAnswerBytes)
      throws IOException {
    int connectMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    return exchange(url, authorization, jsonBody, timeout, connectMillis, maxAnswerBytes);
  }

  /**
   * @param maxAnswerBytes -1: webhook (a 2xx body is not read, an error body at most 1 KiB)
   */
  private static Response exchange(
      URI url,
      String authorization,
      byte[] jsonBody,
      Duration timeout,
      int connectMillis,
      int maxAnswerBytes)
      throws IOException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setUseCaches(false);
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout(Math.min(millis, connectMillis));
    connection.setReadTimeout(millis);
    connection.setRequestProperty("Content-Type", "application/json; charset=utf-8");
    if (authorization != null) {
      connection.setRequestProperty("Authorization", authorization);
    }
    connection.setFixedLengthStreamingMode(jsonBody.length);

    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    AtomicInteger state = new AtomicInteger(SENDING);
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(
            () -> {
              int was =
                  state.getAndUpdate(
                      s -> s == SENDING ? EXPIRED_UNSENT : s == SENT ? EXPIRED_SENT : s);
              if (was == SENDING || was == SENT) {
                connection
                    .disconnect(); // closes the socket under a blocked send or wait for the answer
              }
            },
            millis,
            TimeUnit.MILLISECONDS);
    int status;
    String retryAfter;
    try {
      connection.connect(); // bounded by the connect timeout, which is at most the whole time
      if (state.get() != SENDING) {
        throw new IOException("no connection in time"); // the watchdog found no socket to close
      }
      try (OutputStream out = connection.getOutputStream()) {
        out.write(jsonBody);
      }
      // The stream swallows errors once the watchdog cut it: only this step says it was all sent.
      if (!state.compareAndSet(SENDING, SENT)) {
        throw new IOException("cut while sending");
      }
      status = connection.getResponseCode();
      retryAfter = connection.getHeaderField("Retry-After");
      if (!state.compareAndSet(SENT, ANSWERED)) {
        throw new IOException("cut while waiting for the answer");
      }
    } catch (IOException e) {
      if (e instanceof SocketTimeoutException) {
        // The socket's read timeout may end the wait a moment before the watchdog: the same
        // verdict.
        state.compareAndSet(SENDING, EXPIRED_UNSENT);
        state.compareAndSet(SENT, EXPIRED_SENT);
      }
      throw timedOutOr(e, state.get(), millis, connection);
    } finally {
      watchdog.cancel(false);
    }
    if (maxAnswerBytes < 0) {
      return new Response(status, webhookBody(connection, status, deadline), retryAfter);
    }
    byte[] answer = readAnswer(connection, status, deadline, maxAnswerBytes, millis);
    return new Response(status, new String(answer, StandardCharsets.UTF_8), retryAfter);
  }

  private static IOException timedOutOr(
      IOException e, int state, int millis, HttpURLConnection connection) {
    if (state == EXPIRED_SENT) {
      connection.disconnect();
      return new NoAnswerInTimeException(millis);
    }
    if (state == EXPIRED_UNSENT) {
      connection.disconnect();
      SocketTimeoutException timedOut =
          new SocketTimeoutException("not sent within " + millis + " ms");
      timedOut.initCause(e);
      return timedOut;
    }
    return e;
  }

  /** The start of an error answer's body, read while time is left; empty for a 2xx (delivered). */
  private static String webhookBody(HttpURLConnection connection, int status, long deadline) {
    try (InputStream in = answerStream(connection, status)) {
      if (in == null || (status >= 200 && status < 300)) {
        return ""; // closing hands the connection back to the JDK: reused once drained, else closed
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      readUntil(in, body, MAX_ERROR_BODY_BYTES, deadline);
      return body.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // the status says what happened; the body only names it
    }
  }

  /**
   * The whole answer, or {@link NoAnswerInTimeException} when it is not complete by the deadline.
   */
  private static byte[] readAnswer(
      HttpURLConnection connection, int status, long deadline, int maxBytes, int millis)
      throws IOException {
    try (InputStream in = answerStream(connection, status)) {
      if (in == null) {
        return new byte[0];
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (!readUntil(in, body, maxBytes, deadline)) {
        connection.disconnect();
        throw new NoAnswerInTimeException(millis);
      }
      return body.toByteArray();
    } catch (SocketTimeoutException e) {
      connection.disconnect();
      throw new NoAnswerInTimeException(millis); // sent, and the answer stopped half-way
    }
  }

  /**
   * getInputStream() on an error status throws an exception that names the URL: the error stream
   * then.
   */
  private static InputStream answerStream(HttpURLConnection connection, int status)
      throws IOException {
    return status >= 400 ? connection.getErrorStream() : connection.getInputStream();
  }

  /**
   * Reads until the end, {@code max} bytes, or the deadline; false when the deadline came first.
   */
  private static boolean readUntil(
      InputStream in, ByteArrayOutputStream out, int max, long deadline) throws IOException {
    byte[] buffer = new byte[Math.min(8192, Math.max(1, max))];
    while (out.size() < max) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      int n = in.read(buffer, 0, Math.min(buffer.length, max - out.size()));
      if (n < 0) {
        return true;
      }
      out.write(buffer, 0, n);
    }
    return true;
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "slack-post-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true); // a post that ends in time leaves nothing behind
    return executor;
  }
}
