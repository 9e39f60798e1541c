package dev.pipelineguard.validator.model;

import java.util.Map;

/**
 * An ECR image scan: its status ({@code COMPLETE}, {@code IN_PROGRESS}, {@code FAILED}, ... or
 * {@link #NO_SCAN} when the image was never scanned) and the finding counts by severity.
 */
public record ScanFindings(String status, String description, Map<String, Integer> severityCounts) {
  public static final String NO_SCAN = "NO_SCAN";

  public ScanFindings {
    severityCounts = Map.copyOf(severityCounts);
  }

  public int count(String severity) {
    return severityCounts.getOrDefault(severity, 0);
  }
}
