package dev.pipelineguard.watcher.evidence;

import java.util.List;
import java.util.Optional;

/** Finds the pipeline execution that built an image whose tag is a commit id. Optional feature. */
public interface PipelineLookup {
  Optional<PipelineExecution> find(List<String> images);
}
