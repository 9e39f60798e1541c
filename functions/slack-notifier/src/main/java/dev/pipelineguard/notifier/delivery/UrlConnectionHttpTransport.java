package dev.pipelineguard.notifier.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs with {@link HttpURLConnection}: no extra HTTP client to load at cold start. Redirects are
 * not followed (a webhook that redirects is misconfigured, and following would send the message
 * elsewhere).
 */
public final class UrlConnectionHttpTransport implements HttpTransport {
  private static final int MAX_BODY_BYTES = 1024;
  private static final int MAX_CONNECT_MILLIS = 3000;

  @Override
  public Response post(URI url, byte[] jsonBody, Duration timeout) throws IOException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setUseCaches(false);
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout(Math.min(millis, MAX_CONNECT_MILLIS));
    connection.setReadTimeout(millis);
    connection.setRequestProperty("Content-Type", "application/json; charset=utf-8");
    connection.setFixedLengthStreamingMode(jsonBody.length);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(jsonBody);
    }
    int status = connection.getResponseCode();
    // getInputStream() on an error status throws an exception that names the URL: use the error stream.
    InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    String body = "";
    if (in != null) {
      try (InputStream stream = in) {
        body = new String(stream.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
        stream.transferTo(OutputStream.nullOutputStream()); // drain, so the connection can be reused
      }
    }
    return new Response(status, body, connection.getHeaderField("Retry-After"));
  }
}
