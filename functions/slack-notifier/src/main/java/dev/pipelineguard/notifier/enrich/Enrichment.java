package dev.pipelineguard.notifier.enrich;

import java.util.List;

/**
 * What enrichment found. Partial results are normal: a message goes out with whatever arrived and
 * names what did not in {@code problems}.
 *
 * @param execution null when not requested or not readable
 */
public record Enrichment(
    ExecutionDetails execution, List<ActionRun> actions, List<String> problems) {
  public static final Enrichment NONE = new Enrichment(null, List.of(), List.of());

  public Enrichment {
    actions = actions == null ? List.of() : List.copyOf(actions);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }
}
