package dev.pipelineguard.infracheck.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the repository's terraform/ tree under target/, where the tests init, plan and apply:
 * the working tree keeps no .terraform directories or lock files from a test run, and a developer's
 * own terraform.tfvars, backend.hcl, state or override files never leak into a test.
 */
final class TerraformWorkspace {
  private TerraformWorkspace() {}

  /** The directory holding template.yaml and terraform/. */
  static Path repository() {
    String configured = System.getProperty("pipelineguard.repo.root");
    if (configured != null && Files.isDirectory(Path.of(configured, "terraform"))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("template.yaml"))
          && Files.isDirectory(dir.resolve("terraform"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the repository root (template.yaml and terraform/) above "
            + Path.of("").toAbsolutePath());
  }

  /**
   * Copies terraform/ to {@code target}/terraform (replacing an earlier copy); returns the copy.
   */
  static Path copy(Path target) {
    Path source = repository().resolve("terraform");
    Path copy = target.resolve("terraform");
    delete(copy);
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.filter(p -> !excluded(source.relativize(p))).toList()) {
        Path destination = copy.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to " + copy, e);
    }
    return copy;
  }

  /**
   * The roots and modules: every directory with *.tf files, relative to the tree, e.g. modules/ecs.
   */
  static List<String> roots(Path tree) {
    try (Stream<Path> paths = Files.walk(tree)) {
      return paths
          .filter(Files::isDirectory)
          .filter(d -> !d.toString().contains(".terraform"))
          .filter(TerraformWorkspace::hasTfFiles)
          .map(d -> tree.relativize(d).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The {@code run} blocks of a root's tests/*.tftest.hcl files (what terraform test must report as
   * passed).
   */
  static int runBlocks(Path root) {
    Path tests = root.resolve("tests");
    if (!Files.isDirectory(tests)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(tests)) {
      int count = 0;
      for (Path file : files.filter(f -> f.toString().endsWith(".tftest.hcl")).toList()) {
        count +=
            (int)
                Files.readAllLines(file).stream()
                    .filter(l -> l.matches("^run\\s+\"[^\"]+\"\\s*\\{.*"))
                    .count();
      }
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean hasTfFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".tf"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Local, per-developer files Terraform would otherwise pick up. */
  private static boolean excluded(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals(".terraform")
          || name.equals(".terraform.lock.hcl")
          || name.startsWith("terraform.tfstate")
          || name.endsWith(".tfstate")
          || name.equals("terraform.tfvars")
          || name.endsWith(".auto.tfvars")
          || name.equals("backend.hcl")
          || name.equals("override.tf")
          || name.endsWith("_override.tf")
          || name.endsWith(".tfplan")) {
        return true;
      }
    }
    return false;
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path); // symbolic links (the provider in .terraform) are removed, not followed
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
