package dev.pipelineguard.notifier.delivery;

import java.io.IOException;

/**
 * The request was sent in full, but its answer (status line and headers) did not arrive within the
 * time: the endpoint has the request and may have acted on it. Not a plain timeout, which says
 * nothing about whether the request arrived.
 */
public final class NoAnswerInTimeException extends IOException {
  private static final long serialVersionUID = 1L;

  public NoAnswerInTimeException(long millis) {
    super("sent, but no answer within " + millis + " ms");
  }
}
