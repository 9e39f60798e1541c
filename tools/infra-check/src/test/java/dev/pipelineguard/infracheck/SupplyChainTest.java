package dev.pipelineguard.infracheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.RepoPaths;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 8: what the build and the tests run is what was decided, and SECURITY.md says what
 * is true of the SDK we ship.
 */
class SupplyChainTest {
  private static final Path ROOT = RepoPaths.root();

  /** The enforcer checks convergence and upper bounds in every module; no module skips it. */
  @Test
  void enforcerChecksDependencyConvergenceAndUpperBounds() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String enforcer =
        pom.substring(pom.lastIndexOf("<artifactId>maven-enforcer-plugin</artifactId>"));
    enforcer = enforcer.substring(0, enforcer.indexOf("</plugin>"));

    assertThat(enforcer)
        .contains("<goal>enforce</goal>", "<dependencyConvergence/>", "<requireUpperBoundDeps/>")
        .doesNotContain("<skip>", "<fail>false</fail>");
    try (Stream<Path> poms = Files.walk(ROOT, 3)) {
      for (Path module : poms.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
        assertThat(Files.readString(module))
            .as("%s", ROOT.relativize(module))
            .doesNotContain("enforcer.skip");
      }
    }
  }

  /** moto and cfn-lint: the same pinned versions where bin/test installs them and where CI does. */
  @Test
  void pythonToolsArePinnedToTheSameVersionsInPrereqsAndCi() throws IOException {
    String prereqs = Files.readString(ROOT.resolve("bin/lib/prereqs.sh"));
    String ci = Files.readString(ROOT.resolve(".github/workflows/ci.yml"));

    String moto = group(prereqs, "PG_MOTO_VERSION=\"([0-9][0-9.]*)\"");
    String cfnLint = group(prereqs, "PG_CFN_LINT_VERSION=\"([0-9][0-9.]*)\"");
    assertThat(prereqs)
        .contains(
            "ensure_python_tool moto_server \"moto[server]\" moto \"$PG_MOTO_VERSION\"",
            "ensure_python_tool cfn-lint \"cfn-lint\" cfn_lint \"$PG_CFN_LINT_VERSION\"");
    assertThat(ci).contains("\"moto[server]==" + moto + "\"", "\"cfn-lint==" + cfnLint + "\"");
    assertThat(
            Pattern.compile("pip install[^\\n]*")
                .matcher(ci)
                .results()
                .map(m -> m.group())
                .toList())
        .as("every pip install in CI pins its versions")
        .allSatisfy(
            line ->
                assertThat(line.replaceFirst("pip install", "").trim().split("\\s+"))
                    .allMatch(w -> w.startsWith("-") || w.contains("==")));
  }

  /** The users' workflow: actions by full commit SHA, tools by exact version. */
  @Test
  void workflowActionsArePinnedByCommitAndToolsByVersion() throws IOException {
    List<String> loose = new ArrayList<>();
    try (Stream<Path> workflows = Files.list(ROOT.resolve(".github/workflows"))) {
      for (Path workflow : workflows.toList()) {
        String text = Files.readString(workflow);
        Matcher uses = Pattern.compile("uses:\\s*(\\S+)").matcher(text);
        while (uses.find()) {
          if (!uses.group(1).matches("[\\w.-]+/[\\w./-]+@[0-9a-f]{40}")) {
            loose.add(workflow.getFileName() + ": " + uses.group(1));
          }
        }
        Matcher versions =
            Pattern.compile("(java-version|python-version|terraform_version):\\s*\"?([^\"\\n]+)\"?")
                .matcher(text);
        while (versions.find()) {
          if (!versions.group(2).matches("\\d+\\.\\d+\\.\\d+([+.]\\d+)?")) {
            loose.add(workflow.getFileName() + ": " + versions.group(1) + " " + versions.group(2));
          }
        }
      }
    }

    assertThat(loose).as("actions not pinned by commit, tools not pinned by version").isEmpty();
  }

  /**
   * SECURITY.md states the SDK version we ship and the jackson-core its third-party-jackson-core
   * shades; both must be what the build uses, so an SDK upgrade makes us revisit the advisory.
   */
  @Test
  void securityMdNamesTheSdkAndTheJacksonCoreItShades() throws IOException {
    String security = Files.readString(ROOT.resolve("SECURITY.md"));
    String sdk =
        group(
            Files.readString(ROOT.resolve("pom.xml")),
            "<aws.sdk.version>([^<]+)</aws.sdk.version>");
    String shaded =
        software.amazon.awssdk.thirdparty.jackson.core.json.PackageVersion.VERSION.toString();

    assertThat(security).contains("GHSA-72hv-8253-57qq", "SDK " + sdk, "jackson-core " + shaded);
  }

  /**
   * The flaw of GHSA-72hv-8253-57qq is in jackson-core's non-blocking (async) parser. No class of
   * the SDK modules we ship, outside the shaded jackson-core itself, uses it: the SDK parses AWS's
   * JSON responses with the blocking parsers, which enforce the number-length limit.
   */
  @Test
  void noSdkModuleReachesJacksonsAsyncParser() throws IOException {
    Map<String, List<String>> users = new TreeMap<>();
    TreeSet<String> scanned = new TreeSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      if (!entry.contains("software" + File.separator + "amazon" + File.separator + "awssdk")
          || !name.endsWith(".jar")
          || name.startsWith("third-party-jackson-core")) {
        continue;
      }
      scanned.add(name);
      try (JarFile jar = new JarFile(entry)) {
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
          JarEntry classFile = entries.nextElement();
          if (classFile.getName().endsWith(".class")) {
            String constants =
                new String(
                    jar.getInputStream(classFile).readAllBytes(), StandardCharsets.ISO_8859_1);
            if (constants.contains("thirdparty/jackson/core/json/async")
                || constants.contains("createNonBlocking")
                || constants.contains("thirdparty/jackson/core/async")) {
              users.computeIfAbsent(name, k -> new ArrayList<>()).add(classFile.getName());
            }
          }
        }
      }
    }

    assertThat(scanned)
        .as("SDK jars on the test class path")
        .contains(
            "json-utils-" + sdkVersion() + ".jar",
            "aws-json-protocol-" + sdkVersion() + ".jar",
            "sdk-core-" + sdkVersion() + ".jar");
    assertThat(users).as("SDK classes that use jackson-core's non-blocking parser").isEmpty();
  }

  private static String sdkVersion() throws IOException {
    return group(
        Files.readString(ROOT.resolve("pom.xml")), "<aws.sdk.version>([^<]+)</aws.sdk.version>");
  }

  private static String group(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as("/%s/ in the file", regex).isTrue();
    return matcher.group(1);
  }
}
