package dev.pipelineguard.infracheck.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Maven command the docs give for one module works on a fresh clone from the repository root:
 * it builds what the module depends on ({@code -pl <module> -am}); none points Maven at a module's
 * pom ({@code -f}), which needs installed SNAPSHOTs; none installs.
 */
class MavenCommandsInDocsTest {
  /** A command in backticks or on a line of a code block. */
  static final Pattern MVN = Pattern.compile("(?m)(?:`|^\\s*)(mvn\\s[^`\\n]*)");

  @Test
  void perModuleCommandsBuildTheirDependenciesFromTheRoot() throws IOException {
    List<String> commands = commands();
    assertThat(commands).as("the docs' mvn commands").hasSizeGreaterThan(3);
    for (String command : commands) {
      assertThat(command)
          .as(command)
          .doesNotContainPattern("\\s-f\\s|--file\\s")
          .doesNotContain(" install");
      if (command.matches(".*\\s-pl\\s.*")) {
        assertThat(command).as(command).containsPattern("\\s-am(\\s|$)");
      }
    }
  }

  static List<String> commands() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(RepoPaths.root().resolve("README.md")));
    try (Stream<Path> files = Files.list(RepoPaths.root().resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    List<String> out = new ArrayList<>();
    for (Path doc : docs) {
      Matcher m = MVN.matcher(Files.readString(doc));
      while (m.find()) {
        out.add(doc.getFileName() + ": " + m.group(1).strip());
      }
    }
    return out;
  }
}
