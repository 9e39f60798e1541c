package dev.pipelineguard.notifier.delivery;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** One HTTP POST of a JSON body. Implementations must not follow redirects. */
public interface HttpTransport {
  /**
   * @param timeout the most the whole post may take: connect, send and the answer's status line
   * @throws NoAnswerInTimeException when the request was sent but its answer did not come in time
   * @throws IOException for anything else that went wrong (the request may not have arrived)
   */
  Response post(URI url, byte[] jsonBody, Duration timeout) throws IOException;

  /**
   * What came back.
   *
   * @param body {@link #post}: the start of an error answer's body (Slack answers a short word such
   *     as {@code invalid_payload}), empty for a 2xx; the whole answer for {@link
   *     UrlConnectionHttpTransport#postForAnswer}
   * @param retryAfter the {@code Retry-After} header, or null
   */
  record Response(int status, String body, String retryAfter) {}
}
