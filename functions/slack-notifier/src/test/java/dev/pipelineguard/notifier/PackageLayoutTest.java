package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package layout docs/slack-notifier.md describes ("Code layout"): which package may use
 * which, and no I/O in the pure ones.
 */
class PackageLayoutTest {
  static final Path SOURCES =
      RepoPaths.root().resolve("functions/slack-notifier/src/main/java/dev/pipelineguard/notifier");
  static final Pattern REFERENCE = Pattern.compile("dev\\.pipelineguard\\.notifier\\.([a-z]+)\\.");

  /** The packages each package may use, besides itself and functions/common. */
  static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "", Set.of("format", "enrich", "blockkit", "delivery", "appmode", "aws"),
          "format", Set.of("enrich", "blockkit"),
          "delivery", Set.of("blockkit"),
          "enrich", Set.of(),
          "blockkit", Set.of(),
          // Slack app mode (docs/slack-notifier.md): the board is pure, appmode syncs it through
          // its ports.
          "board", Set.of("blockkit"),
          "appmode", Set.of("board", "blockkit", "delivery"),
          "aws", Set.of("appmode", "board"));

  /** Pure packages: no AWS SDK, no streams, files or HTTP. */
  static final List<String> PURE = List.of("format", "blockkit", "board");

  static final List<String> IO =
      List.of(
          "software.amazon.",
          "java.io.",
          "java.nio.",
          "java.net.http.",
          "HttpURLConnection",
          "System.out",
          "System.err");

  @Test
  void everyPackageUsesOnlyThePackagesItMay() throws IOException {
    Map<String, Set<String>> used = new TreeMap<>();
    for (Path file : sources()) {
      String pkg = packageOf(file);
      Matcher m = REFERENCE.matcher(body(file));
      while (m.find()) {
        if (!m.group(1).equals(pkg)) {
          used.computeIfAbsent(pkg, k -> new TreeSet<>()).add(m.group(1));
        }
      }
    }

    assertThat(used.keySet()).isSubsetOf(ALLOWED.keySet());
    used.forEach(
        (pkg, targets) ->
            assertThat(targets).as("packages used by '%s'", pkg).isSubsetOf(ALLOWED.get(pkg)));
    assertThat(used.get("")).as("the root wires every package").isEqualTo(ALLOWED.get(""));
  }

  @Test
  void theBlockKitModelAndTheFormatsDoNoIo() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path file : sources()) {
      if (PURE.contains(packageOf(file))) {
        String text = body(file);
        IO.stream()
            .filter(text::contains)
            .forEach(io -> found.add(SOURCES.relativize(file) + ": " + io));
      }
    }

    assertThat(found).isEmpty();
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<Path> out = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      assertThat(out).as("sources under " + SOURCES).hasSizeGreaterThan(20);
      return out;
    }
  }

  /** {@code ""} for the root package, else the subpackage's name. */
  private static String packageOf(Path file) {
    Path dir = SOURCES.relativize(file).getParent();
    return dir == null ? "" : dir.toString();
  }

  /** The file without its package line, so a package does not count as using itself. */
  private static String body(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("(?m)^package [^;]+;", "");
  }
}
