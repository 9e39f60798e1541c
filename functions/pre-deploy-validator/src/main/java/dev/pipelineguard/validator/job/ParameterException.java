package dev.pipelineguard.validator.job;

import java.util.List;

/** {@code UserParameters} that cannot be used; every problem found, in order. */
public final class ParameterException extends RuntimeException {
  private final List<String> problems;

  public ParameterException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
