package dev.pipelineguard.common.report;

/**
 * Publishes a report; returns its message id. Throws {@link PublishException} when it could not.
 */
public interface ReportPublisher {
  String publish(Report report);

  /**
   * The report was not published; the message names the topic and the error code or failure, never
   * a secret.
   */
  final class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
