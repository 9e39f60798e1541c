package dev.pipelineguard.emulation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the repository is, so tests read the same {@code events/} files as {@code sam local invoke
 * -e}.
 */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    String configured = System.getProperty("pipelineguard.repo.root");
    if (configured != null && Files.isDirectory(Paths.get(configured, "events"))) {
      return Paths.get(configured).toAbsolutePath().normalize();
    }
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the repository root (template.yaml and events/)");
  }

  public static Path events() {
    return root().resolve("events");
  }

  public static Path event(String name) {
    Path path = events().resolve(name);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("no sample event " + path);
    }
    return path;
  }
}
