package dev.pipelineguard.watcher.report;

/** Publishes a report; returns the message id. Throws {@link PublishException} when it could not. */
public interface ReportPublisher {
  String publish(ReportBuilder.Report report);

  /** The report was not published. */
  final class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
