package dev.pipelineguard.notifier.delivery;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** One HTTP POST of a JSON body. Implementations must not follow redirects. */
public interface HttpTransport {
  Response post(URI url, byte[] jsonBody, Duration timeout) throws IOException;

  /**
   * What came back.
   *
   * @param body       the start of the response body (Slack answers a short word such as {@code ok})
   * @param retryAfter the {@code Retry-After} header, or null
   */
  record Response(int status, String body, String retryAfter) {}
}
