package dev.pipelineguard.localinvoke;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import dev.pipelineguard.common.JsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's AOT cache (JDK 25: JEP 483 classes loaded and linked, JEP 515 method profiles), in
 * an {@code aot} folder beside its jar: {@code <LogicalId>.aot}, and {@code <LogicalId>.aot.json}
 * saying what its training ran with (functions may share a jar, not a cache). The JVM takes a cache
 * only on the exact JVM build that wrote it, with the same module options and the same class path
 * of unchanged jars; local-invoke checks the same before using it, so a cache that does not fit is
 * left out with one line saying why, never silently.
 */
final class AotCache {
  /** How to build every function's cache (README, "bin/local-invoke"). */
  static final String REBUILD = "mvn -q -B -ntp package -DskipTests -Paot-caches";

  private final Path file;
  private final Path description;

  private AotCache(Path file) {
    this.file = file;
    this.description = file.resolveSibling(file.getFileName() + ".json");
  }

  /**
   * {@code target/aot/SlackNotifierFunction.aot} for a function whose jar is in {@code target/}.
   */
  static AotCache of(FunctionSpec function) {
    return new AotCache(
        function.codeUri().resolveSibling("aot").resolve(function.logicalId() + ".aot"));
  }

  Path file() {
    return file;
  }

  boolean exists() {
    return Files.isRegularFile(file);
  }

  /**
   * Where the training JVM writes (the JVM adds {@code .config} for its recording): moved into
   * place after.
   */
  Path trainingOutput() {
    return file.resolveSibling(file.getFileName() + ".part");
  }

  /**
   * Why this cache does not fit a run on {@code jdk} with {@code flags} and {@code classpath}, or
   * null when it does.
   */
  String mismatch(Jdk jdk, String handler, List<String> flags, List<Path> classpath) {
    Json trained;
    try {
      trained = Json.parse(Files.readAllBytes(description));
    } catch (IOException | JsonException e) {
      return "it has no readable " + description.getFileName() + " saying how it was trained";
    }
    String jvm = trained.get("jvm").textOr("");
    if (!jvm.equals(jdk.build())) {
      return "it was trained on JDK " + jvm + " and this run is on JDK " + jdk.build();
    }
    if (!handler.equals(trained.get("handler").textOr(""))) {
      return "it was trained for the handler " + trained.get("handler").textOr("(none)");
    }
    if (!flags.equals(trained.get("jvmOptions").texts())) {
      return "it was trained with the JVM flags "
          + trained.get("jvmOptions").texts()
          + ", not "
          + flags;
    }
    if (!paths(classpath).equals(trained.get("classpath").texts())) {
      return "it was trained with another class path";
    }
    for (Json jar : trained.get("jars").elements()) {
      Path path = Path.of(jar.get("path").text());
      if (!jar.equals(fingerprint(path))) {
        return path.getFileName() + " changed since the training";
      }
    }
    return null;
  }

  /**
   * Moves a training run's cache into place with its description; the old description goes first,
   * so a cache never sits beside the description of another.
   */
  void install(
      Jdk jdk,
      String handler,
      List<String> flags,
      List<Path> classpath,
      String runtime,
      String lifecycle,
      List<String> events)
      throws IOException {
    Files.deleteIfExists(description);
    Files.move(
        trainingOutput(),
        file,
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    Map<String, Object> trained = new LinkedHashMap<>();
    trained.put("jvm", jdk.build());
    trained.put("javaHome", jdk.home().toString());
    trained.put("runtime", runtime);
    trained.put("handler", handler);
    trained.put("jvmOptions", flags);
    trained.put("classpath", paths(classpath));
    List<Object> jars = new ArrayList<>();
    for (Path jar : classpath) {
      jars.add(fingerprint(jar).toPlain());
    }
    trained.put("jars", jars);
    trained.put("lifecycle", lifecycle);
    trained.put("events", events);
    trained.put("trainedAt", Instant.now().toString());
    Files.writeString(description, JsonWriter.write(trained) + "\n");
  }

  /** Removes what a failed or interrupted training left. */
  /** Makes room for a training run's output. */
  void prepareTraining() throws IOException {
    discardTraining();
    Files.createDirectories(file.getParent());
  }

  void discardTraining() {
    try {
      Files.deleteIfExists(trainingOutput());
      Files.deleteIfExists(
          trainingOutput().resolveSibling(trainingOutput().getFileName() + ".config"));
    } catch (IOException e) {
      // best effort: the next training overwrites them
    }
  }

  /** What the JVM checks of a class path jar: that it is the same file, unchanged. */
  private static Json fingerprint(Path jar) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("path", jar.toString());
    try {
      values.put("size", Files.size(jar));
      values.put("modified", Files.getLastModifiedTime(jar).toMillis());
    } catch (IOException e) {
      values.put("size", -1);
    }
    return Json.parse(JsonWriter.write(values));
  }

  private static List<String> paths(List<Path> classpath) {
    return classpath.stream().map(Path::toString).toList();
  }
}
