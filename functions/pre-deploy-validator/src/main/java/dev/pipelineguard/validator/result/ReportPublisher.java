package dev.pipelineguard.validator.result;

/** Publishes a validation report (best effort: implementations may throw; callers log and go on). */
public interface ReportPublisher {
  void publish(ValidationReport report);
}
