package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.HttpAnswer;
import java.net.URI;

/**
 * GETs a health URL within a bounded time; never throws for network problems. A URL whose host the
 * probe must not reach (link-local, the instance metadata service) is answered {@link
 * HttpAnswer#refused()} without a connection.
 */
public interface HealthProbe {
  /**
   * @param deadline the poll's: the probe ends by then at the latest
   * @return the answer, or null when the poll's deadline ended the probe before its own limit did
   *     (the URL was not given its full time, so this poll cannot judge it)
   */
  HttpAnswer get(URI url, Deadline deadline);
}
