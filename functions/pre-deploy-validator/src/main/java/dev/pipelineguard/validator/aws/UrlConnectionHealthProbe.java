package dev.pipelineguard.validator.aws;

import dev.pipelineguard.validator.check.HealthProbe;
import dev.pipelineguard.validator.model.HttpAnswer;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * {@link HealthProbe} with {@link HttpURLConnection} (light at cold start). One GET, redirects not
 * followed (a redirect to a login page is not "healthy"), the whole exchange bounded by the timeout.
 */
public final class UrlConnectionHealthProbe implements HealthProbe {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  private final Duration timeout;

  public UrlConnectionHealthProbe(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public HttpAnswer get(URI url) {
    long start = System.nanoTime();
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) url.toURL().openConnection();
      connection.setRequestMethod("GET");
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setRequestProperty("User-Agent", "pipeline-guard-pre-deploy-validator");
      connection.setConnectTimeout(millis(timeout));
      connection.setReadTimeout(millis(timeout));
      connection.connect();
      // What is left of the budget after connecting bounds the wait for the answer.
      connection.setReadTimeout(Math.max(1, millis(timeout) - (int) elapsed(start)));
      int status = connection.getResponseCode();
      drain(connection, status);
      return HttpAnswer.status(status, elapsed(start));
    } catch (SocketTimeoutException e) {
      return HttpAnswer.error("no answer within " + timeout.toMillis() + " ms", elapsed(start));
    } catch (ConnectException e) {
      return HttpAnswer.error("connection refused or unreachable", elapsed(start));
    } catch (UnknownHostException e) {
      return HttpAnswer.error("unknown host " + TextSanitizer.clean(url.getHost(), 120), elapsed(start));
    } catch (SSLException e) {
      return HttpAnswer.error("TLS failed: " + TextSanitizer.clean(e.getMessage(), 160), elapsed(start));
    } catch (IOException | RuntimeException e) {
      return HttpAnswer.error(e.getClass().getSimpleName() + ": " + TextSanitizer.clean(e.getMessage(), 160), elapsed(start));
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private static void drain(HttpURLConnection connection, int status) {
    try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      if (body != null) {
        body.readNBytes(16 * 1024);
      }
    } catch (IOException ignored) {
      // the status is what counts
    }
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
