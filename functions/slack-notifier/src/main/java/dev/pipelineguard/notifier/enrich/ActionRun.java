package dev.pipelineguard.notifier.enrich;

/** One action execution from ListActionExecutions. Any field but stage and action may be null. */
public record ActionRun(
    String stage,
    String action,
    String status,
    String provider,
    String errorCode,
    String errorMessage,
    String summary,
    String externalUrl) {
  public boolean failed() {
    return "Failed".equalsIgnoreCase(status);
  }
}
