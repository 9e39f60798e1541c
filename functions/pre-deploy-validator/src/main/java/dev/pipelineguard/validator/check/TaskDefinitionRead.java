package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import java.util.List;
import java.util.Optional;

/**
 * The service's task definition as one poll read it, with the service read it came from, for the
 * checks that look at it. When it could not be read, each of those checks decides what that means
 * for itself. They agree on who says why, so the cause is reported once: the health check when the
 * service itself is missing or unreadable, the secrets check when only its task definition is.
 */
record TaskDefinitionRead(
    Fetched<Optional<ServiceState>> service, Fetched<TaskDefinition> taskDefinition) {

  boolean ok() {
    return taskDefinition.ok();
  }

  TaskDefinition value() {
    return taskDefinition.value();
  }

  /** Not read, but a later poll may read it (throttling, a 5xx, a timeout). */
  boolean mayPassLater() {
    return taskDefinition.retryable();
  }

  /** The service was read and exists: what failed is the read of its task definition. */
  boolean serviceFound() {
    return service.ok() && service.value().isPresent();
  }

  /** The check that says why the task definition could not be read. */
  CheckId explainedBy() {
    return serviceFound() ? CheckId.SECRETS : CheckId.HEALTH;
  }

  /** PENDING for {@code check}: the read may pass on the next poll. */
  static CheckResult waiting(CheckId check, Fetched<TaskDefinition> taskDefinition) {
    return CheckResult.pending(
        check,
        "waiting for the service and its task definition",
        List.of(taskDefinition.error().evidence()));
  }

  CheckResult waiting(CheckId check) {
    return waiting(check, taskDefinition);
  }

  /** Why a check did without the task definition, pointing at the check that says why. */
  String unreadReason() {
    return "the task definition could not be read (see " + explainedBy().id() + ")";
  }

  /** SKIPPED for {@code check}, pointing at the check that says why. */
  CheckResult skipped(CheckId check) {
    return CheckResult.skipped(check, unreadReason());
  }
}
