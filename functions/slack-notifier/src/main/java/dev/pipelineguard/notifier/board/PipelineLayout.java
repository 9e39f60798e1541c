package dev.pipelineguard.notifier.board;

import java.util.List;

/**
 * The pipeline's stages in their declared order (GetPipeline), for a given structure {@code
 * version}: when known, the board lists stages in this order and shows the ones not reached yet.
 * Without it, stages are ordered by when they were first seen.
 */
public record PipelineLayout(long version, List<String> stages) {
  public PipelineLayout {
    stages = List.copyOf(stages);
  }

  /** The layout of the higher version; equal versions keep the smaller list, in any order. */
  static PipelineLayout newer(PipelineLayout a, PipelineLayout b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.version != b.version) {
      return a.version > b.version ? a : b;
    }
    return String.join("\n", a.stages).compareTo(String.join("\n", b.stages)) <= 0 ? a : b;
  }
}
