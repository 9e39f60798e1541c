package dev.pipelineguard.infracheck.terraform;

import java.util.List;

/**
 * A reference such as {@code var.name}, {@code module.ecs.cluster_name} or
 * {@code aws_s3_bucket.artifacts[0].arn}: its root name and the steps after it, where an attribute
 * step is its name and an index or splat step is {@code "[]"}.
 */
record Traversal(String root, List<String> steps, int line) {
  static final String INDEX = "[]";

  /** The n-th attribute-name step, skipping index steps; null when there is none. */
  String name(int n) {
    int seen = 0;
    for (String step : steps) {
      if (!step.equals(INDEX)) {
        if (seen == n) {
          return step;
        }
        seen++;
      }
    }
    return null;
  }

  /** The first step when it is a name (not an index), else null. */
  String firstStep() {
    return steps.isEmpty() || steps.get(0).equals(INDEX) ? null : steps.get(0);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(root);
    for (String step : steps) {
      text.append(step.equals(INDEX) ? "[..]" : "." + step);
    }
    return text.toString();
  }
}
