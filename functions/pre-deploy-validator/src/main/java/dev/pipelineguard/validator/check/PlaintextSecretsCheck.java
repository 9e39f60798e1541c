package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.model.TextSanitizer;
import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.FailureType;
import java.util.ArrayList;
import java.util.List;

/** Check 4: no credential in a plain {@code environment} entry of the task definition. */
final class PlaintextSecretsCheck {
  private PlaintextSecretsCheck() {}

  /**
   * Without the task definition there is nothing to scan: wait when it may be read later, else
   * skip.
   */
  static CheckResult evaluate(TaskDefinitionRead taskDefinition) {
    if (taskDefinition.ok()) {
      return evaluate(taskDefinition.value());
    }
    return taskDefinition.mayPassLater()
        ? taskDefinition.waiting(CheckId.PLAINTEXT_SECRETS)
        : taskDefinition.skipped(CheckId.PLAINTEXT_SECRETS);
  }

  static CheckResult evaluate(TaskDefinition taskDefinition) {
    List<PlaintextSecretRules.SuspectVariable> suspects =
        PlaintextSecretRules.scan(taskDefinition.containers());
    int variables =
        taskDefinition.containers().stream().mapToInt(c -> c.environment().size()).sum();
    if (suspects.isEmpty()) {
      return CheckResult.passed(
          CheckId.PLAINTEXT_SECRETS,
          "no credential-like value among " + variables + " plain environment variable(s)",
          List.of());
    }
    List<String> details = new ArrayList<>();
    for (PlaintextSecretRules.SuspectVariable suspect : suspects) {
      details.add(
          "container "
              + TextSanitizer.quote(suspect.container())
              + ", variable "
              + TextSanitizer.clean(suspect.variable(), 120)
              + ": "
              + suspect.why());
    }
    return CheckResult.failed(
        CheckId.PLAINTEXT_SECRETS,
        FailureType.JOB_FAILED,
        suspects.size() + " plain environment variable(s) look like credentials",
        details,
        "Move each to the container's \"secrets\" with valueFrom = a Secrets Manager ARN or SSM SecureString "
            + "parameter, then rotate the credential: plain environment values are visible in the console, the API "
            + "and CloudTrail.");
  }
}
