package dev.pipelineguard.validator.result;

/** What a check concluded in one invocation. */
public enum CheckStatus {
  PASSED,
  FAILED,
  /** Nothing to check (no artifact, no ECR image, ...). */
  SKIPPED,
  /** Not conclusive yet (a rollout or scan in progress, AWS throttling): look again later. */
  PENDING
}
