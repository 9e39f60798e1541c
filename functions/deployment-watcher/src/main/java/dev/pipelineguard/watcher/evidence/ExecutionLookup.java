package dev.pipelineguard.watcher.evidence;

import java.util.List;
import java.util.Optional;

/**
 * Finds the pipeline execution that built an image whose tag is a commit id. Optional feature.
 * Implementations throw {@link LookupException} when the pipeline could not be read.
 */
public interface ExecutionLookup {
  Optional<PipelineExecution> find(List<String> images);

  /** The pipeline could not be read; the report says so and goes out without the link. */
  final class LookupException extends RuntimeException {
    public LookupException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
