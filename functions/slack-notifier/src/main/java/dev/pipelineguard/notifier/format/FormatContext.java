package dev.pipelineguard.notifier.format;

/**
 * What every message mentions besides the event.
 *
 * @param product shown first in every footer
 * @param environment the deployment environment (dev, staging, prod), or blank
 */
public record FormatContext(String product, String environment) {
  public static FormatContext of(String environment) {
    return new FormatContext("pipeline-guard", environment == null ? "" : environment.strip());
  }
}
