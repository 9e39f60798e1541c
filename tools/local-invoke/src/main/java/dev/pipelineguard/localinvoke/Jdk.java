package dev.pipelineguard.localinvoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A JDK on this machine, described by its {@code release} file: its home, its feature version (25)
 * and its exact build ({@code Eclipse Adoptium 25.0.3+9-LTS}), which is what an AOT cache is tied
 * to.
 */
record Jdk(Path home, int feature, String build) {

  Path java() {
    return home.resolve("bin").resolve("java");
  }

  @Override
  public String toString() {
    return "JDK " + build + " (" + home + ")";
  }

  /**
   * The JVM running local-invoke: the default JDK ({@code java} on the PATH for bin/local-invoke).
   */
  static Jdk current() {
    Path home = Paths.get(System.getProperty("java.home"));
    return at(home)
        .orElseGet(
            () ->
                new Jdk(
                    home,
                    Runtime.version().feature(),
                    System.getProperty("java.vendor")
                        + " "
                        + System.getProperty("java.runtime.version")));
  }

  /**
   * The JDK installed at {@code home}, if it has a {@code bin/java} and a readable release file.
   */
  static Optional<Jdk> at(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(release)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(
              line.substring(0, eq).trim(),
              line.substring(eq + 1).trim().replaceAll("^\"|\"$", ""));
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    String version = values.get("JAVA_VERSION");
    if (version == null) {
      return Optional.empty();
    }
    String build =
        (values.getOrDefault("IMPLEMENTOR", "unknown")
                + " "
                + values.getOrDefault("JAVA_RUNTIME_VERSION", version))
            .trim();
    return Optional.of(new Jdk(home.toAbsolutePath().normalize(), feature(version), build));
  }

  /** {@code 25.0.3} is 25, {@code 1.8.0_442} is 8. */
  static int feature(String version) {
    String[] parts = version.split("[._+-]");
    try {
      int first = Integer.parseInt(parts[0]);
      return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code java25} is 25, {@code java8.al2} is 8; anything not a Java runtime is an error. */
  static int featureOf(String runtime) {
    if (runtime != null && runtime.matches("java[0-9]+(\\.al2)?")) {
      return Integer.parseInt(runtime.replaceAll("^java|\\.al2$", ""));
    }
    throw new UsageException(
        "Runtime "
            + runtime
            + " is not a Lambda Java runtime (java25, java21, java17, java11, "
            + "java8.al2): this runs Java functions only");
  }

  /** Where JDKs usually live on Linux: distribution packages, tarballs, SDKMAN!, IntelliJ. */
  static List<Path> usualFolders(Map<String, String> env) {
    List<Path> roots =
        new ArrayList<>(
            List.of(
                Paths.get("/usr/lib/jvm"),
                Paths.get("/usr/lib64/jvm"),
                Paths.get("/usr/java"),
                Paths.get("/opt/java"),
                Paths.get("/opt")));
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      roots.add(Paths.get(home, ".sdkman", "candidates", "java"));
      roots.add(Paths.get(home, ".jdks"));
    }
    return roots;
  }

  /** The JDK a function runs on, and the one line local-invoke prints about it (or null). */
  record Choice(Jdk jdk, String note) {}

  /**
   * The JDK for a Lambda Java runtime, found the way a developer expects: the default JDK if it is
   * that version, else {@code JAVA<N>_HOME}, else the newest JDK of that version in the usual
   * folders; where there is none, the default JDK with one line saying so.
   */
  static Choice forRuntime(
      String runtime,
      String logicalId,
      Map<String, String> env,
      List<Path> folders,
      Jdk defaultJdk) {
    int wanted = featureOf(runtime);
    if (defaultJdk.feature() == wanted) {
      return new Choice(defaultJdk, null);
    }
    String variable = "JAVA" + wanted + "_HOME";
    String configured = env.get(variable);
    if (configured != null && !configured.isBlank()) {
      Jdk jdk =
          at(Paths.get(configured))
              .orElseThrow(
                  () ->
                      new UsageException(
                          variable
                              + "="
                              + configured
                              + " is not a JDK (no bin/java or release file there)"));
      if (jdk.feature() != wanted) {
        throw new UsageException(
            variable + "=" + configured + " is a JDK " + jdk.feature() + ", not " + wanted);
      }
      return new Choice(jdk, null);
    }
    Optional<Jdk> installed =
        folders.stream()
            .flatMap(Jdk::children)
            .map(Jdk::at)
            .flatMap(Optional::stream)
            .filter(jdk -> jdk.feature() == wanted)
            .max(
                Comparator.comparing((Jdk jdk) -> Runtime.Version.parse(versionOf(jdk.build())))
                    .thenComparing(jdk -> jdk.home().toString()));
    if (installed.isPresent()) {
      return new Choice(installed.get(), null);
    }
    return new Choice(
        defaultJdk,
        "local-invoke: "
            + logicalId
            + " runs on "
            + runtime
            + " but no JDK "
            + wanted
            + " is installed (set "
            + variable
            + " or install one under /usr/lib/jvm): running it on the default JDK "
            + defaultJdk.feature()
            + " ("
            + defaultJdk.build()
            + ")");
  }

  /**
   * {@code 25.0.3+9-LTS} from {@code Eclipse Adoptium 25.0.3+9-LTS}; {@code 0} when it does not
   * parse.
   */
  private static String versionOf(String build) {
    String last = build.substring(build.lastIndexOf(' ') + 1);
    try {
      Runtime.Version.parse(last);
      return last;
    } catch (IllegalArgumentException e) {
      return "0";
    }
  }

  private static Stream<Path> children(Path folder) {
    if (!Files.isDirectory(folder)) {
      return Stream.empty();
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(Files::isDirectory).sorted().toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }
}
