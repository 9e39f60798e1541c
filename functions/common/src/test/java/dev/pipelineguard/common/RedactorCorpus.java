package dev.pipelineguard.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented ECS stop reasons (events/published/ecs-stop-reasons.tsv). common cannot use
 * tools/emulation (which depends on common), so it finds the repository itself.
 */
final class RedactorCorpus {
  private RedactorCorpus() {}

  static Path repoRoot() {
    String configured = System.getProperty("pipelineguard.repo.root");
    if (configured != null && Files.isDirectory(Paths.get(configured, "events"))) {
      return Paths.get(configured);
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root (template.yaml and events/)");
  }

  /** Row id to literal text, in file order. */
  static Map<String, String> stopReasons() {
    try {
      List<String> lines =
          Files.readAllLines(
              repoRoot().resolve("events/published/ecs-stop-reasons.tsv"), StandardCharsets.UTF_8);
      if (!lines.get(0).startsWith("id\tliteral\t")) {
        throw new IllegalStateException("ecs-stop-reasons.tsv: unexpected header " + lines.get(0));
      }
      Map<String, String> reasons = new LinkedHashMap<>();
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          String[] cells = line.split("\t", -1);
          reasons.put(cells[0], cells[1]);
        }
      }
      if (reasons.size() < 60) {
        throw new IllegalStateException("ecs-stop-reasons.tsv: only " + reasons.size() + " rows");
      }
      return reasons;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
