package dev.pipelineguard.infracheck.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md stays true: its package list is the source tree's, and its modules are the
 * reactor's.
 */
class ArchitectureDocTest {
  static final Pattern LISTED_PACKAGE = Pattern.compile("(?m)^- `(dev\\.pipelineguard[a-z.]*)` — ");
  static final Pattern LISTED_MODULE =
      Pattern.compile("(?m)^\\| `((?:functions|tools)/[a-z-]+)` \\|");
  static final Pattern REACTOR_MODULE = Pattern.compile("<module>([^<]+)</module>");

  @Test
  void everyMainPackageIsListedAndNothingElse() throws IOException {
    Set<String> listed = new TreeSet<>();
    Matcher m = LISTED_PACKAGE.matcher(architecture());
    while (m.find()) {
      assertThat(listed.add(m.group(1))).as("listed twice: " + m.group(1)).isTrue();
    }

    assertThat(listed).isEqualTo(sourcePackages());
  }

  @Test
  void everyReactorModuleIsListedAndNothingElse() throws IOException {
    Set<String> listed = new TreeSet<>();
    Matcher m = LISTED_MODULE.matcher(architecture());
    while (m.find()) {
      listed.add(m.group(1));
    }
    Set<String> reactor = new TreeSet<>();
    Matcher r = REACTOR_MODULE.matcher(Files.readString(RepoPaths.root().resolve("pom.xml")));
    while (r.find()) {
      reactor.add(r.group(1));
    }

    assertThat(listed).isEqualTo(reactor);
  }

  static String architecture() throws IOException {
    return Files.readString(RepoPaths.root().resolve("docs/architecture.md"));
  }

  /** Every package with a Java file under some module's src/main/java. */
  static Set<String> sourcePackages() throws IOException {
    Set<String> out = new TreeSet<>();
    for (Path sources : mainSourceRoots()) {
      try (Stream<Path> files = Files.walk(sources)) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .forEach(f -> out.add(sources.relativize(f.getParent()).toString().replace('/', '.')));
      }
    }
    return out;
  }

  static List<Path> mainSourceRoots() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String group : List.of("functions", "tools")) {
      try (Stream<Path> modules = Files.list(RepoPaths.root().resolve(group))) {
        modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).forEach(out::add);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    assertThat(out).as("module source roots").hasSizeGreaterThan(5);
    return out;
  }
}
