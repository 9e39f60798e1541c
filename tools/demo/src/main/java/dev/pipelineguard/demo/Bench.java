package dev.pipelineguard.demo;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.ExternalCommand;
import dev.pipelineguard.emulation.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * bin/bench: cold start and cost of each function on JDK 17, on JDK 25, and on JDK 25 with its AOT
 * cache, against an idiomatic Python/boto3 peer doing the same AWS calls, all pinned to one CPU,
 * against the same local emulators, in one run.
 *
 * <ul>
 *   <li>cold: a fresh JVM per invocation through bin/local-invoke (each runtime's JVM flags, the
 *       official runtime interface client), from the JVM's start to its response; the peer from
 *       python3's start to its exit; the four take turns within each round (the order rotating),
 *       and ratios are taken within a round, so machine noise hits both sides of a ratio alike;
 *   <li>classes loaded on the cold path ({@code -Xlog:class+load}): from the function's jar, from
 *       the AOT cache, in all;
 *   <li>peak RSS, jar and AOT cache sizes, the training run's time;
 *   <li>warm: many invocations in one JVM, JDK 17 and JDK 25.
 * </ul>
 */
public final class Bench {
  /** How a cold start is run: which JDK, with or without the function's AOT cache. */
  @SuppressWarnings(
      "ImmutableEnumChecker") // args is a List.of, unmodifiable; the check knows only Guava's
  enum Config {
    JDK17("JDK 17", 17, List.of("--runtime", "java17", "--no-aot-cache")),
    JDK25("JDK 25", 25, List.of("--no-aot-cache")),
    AOT("JDK 25 + AOT cache", 25, List.of());

    final String label;
    final int feature;
    final List<String> args;

    Config(String label, int feature, List<String> args) {
      this.label = label;
      this.feature = feature;
      this.args = args;
    }
  }

  private record Run(double millis, double initMillis, double invokeMillis, long rssKb) {}

  /**
   * Classes loaded on the cold path: from the function's jar, from the (AOT or default CDS)
   * archive, all.
   */
  private record Classes(long fromJar, long fromArchive, long all) {}

  /** One function's (or the floor's) measurements, for the tables. */
  private record Result(
      String name,
      Map<Config, List<Run>> java,
      List<Run> python,
      Map<Config, double[]> ratios,
      Map<Config, Classes> classes,
      long jarBytes,
      long cacheBytes,
      double trainingSeconds,
      Map<Config, Json> warm,
      List<Run> snapStart) {}

  private static final String FLOOR = "no-op handler (JVM + runtime client)";

  private final Path root;
  private final int runs;
  private final int warmIterations;
  private final List<String> only;
  private final Map<Config, String> jdks = new EnumMap<>(Config.class);
  private final Map<Config, String> javaHomes = new EnumMap<>(Config.class);

  Bench(Path root, int runs, int warmIterations, List<String> only) {
    this.root = root;
    this.runs = runs;
    this.warmIterations = warmIterations;
    this.only = only;
  }

  public static void main(String[] args) {
    int runs = 10;
    int warm = 1000;
    List<String> only = List.of();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--runs")) {
        runs = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--warm")) {
        warm = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--only")) {
        only = List.of(args[++i].split(","));
      }
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    int code = new Bench(RepoPaths.root(), runs, warm, only).run();
    System.exit(code);
  }

  int run() {
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    Path work = root.resolve("target/bench");
    DemoFiles.mkdirs(work);
    List<Result> results = new ArrayList<>();
    try (Emulators emulators = Emulators.start()) {
      Workloads workloads = Workloads.prepare(root, work, emulators);
      for (Workloads.Workload w : workloads.all) {
        if (only.isEmpty() || only.contains(w.name())) {
          workloads.arrange(w);
          results.add(measure(workloads, w));
        }
      }
      results.add(measureFloor(workloads, work));
    }
    String report =
        report(results, Duration.between(started, Instant.now()), loadBefore, loadAverage());
    System.out.println();
    System.out.println(report);
    DemoFiles.write(root.resolve("docs/benchmarks.md"), report);
    return 0;
  }

  private Result measure(Workloads workloads, Workloads.Workload w) {
    System.out.println("== " + w.name());
    double trainingSeconds = AotTraining.trainOne(workloads, w);
    Map<Config, Classes> classes = new EnumMap<>(Config.class);
    for (Config config : Config.values()) {
      w.reset().run();
      classes.put(
          config,
          classes(workloads, w.logicalId(), w.event(), w.jar(), config, List.of(), w.name()));
    }
    Map<Config, List<Run>> java = new EnumMap<>(Config.class);
    Map<Config, double[]> ratios = new EnumMap<>(Config.class);
    for (Config config : Config.values()) {
      java.put(config, new ArrayList<>());
      ratios.put(config, new double[runs]);
    }
    List<Run> python = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Map<Config, Run> round = new EnumMap<>(Config.class);
      Run peer = null;
      // The four take turns, each round starting one further along, so no side always goes first.
      for (int turn = 0; turn < 4; turn++) {
        int slot = (turn + i) % 4;
        w.reset().run();
        if (slot == 3) {
          peer = peer(w, workloads.peerEnv);
        } else {
          Config config = Config.values()[slot];
          round.put(config, cold(workloads, w.logicalId(), w.event(), config, List.of(), w.name()));
        }
      }
      python.add(peer);
      StringBuilder line = new StringBuilder(String.format("  run %2d:", i + 1));
      for (Config config : Config.values()) {
        java.get(config).add(round.get(config));
        ratios.get(config)[i] = round.get(config).millis() / peer.millis();
        line.append(String.format(" %s %5.0f ms,", config.label, round.get(config).millis()));
      }
      System.out.println(line.append(String.format(" Python %5.0f ms", peer.millis())));
    }
    // SnapStart, forced where the template has none: what each new environment would run after a
    // restore.
    List<Run> snapStart = new ArrayList<>();
    for (int i = 0; i < Math.max(3, runs / 2); i++) {
      w.reset().run();
      snapStart.add(snapStart(workloads, w));
    }
    // Twice each, alternating, the better kept: warm figures move with the machine's load more than
    // cold ones. JDK 17 and JDK 25 with C1 only, as Lambda runs them on demand; JDK 25 with all
    // tiers,
    // as the java25 runtime runs a SnapStart function (the AOT slot of the map).
    Map<Config, Json> warm = new EnumMap<>(Config.class);
    for (int i = 0; i < 2; i++) {
      for (Config config : Config.values()) {
        Json run = warm(w, workloads, config);
        warm.merge(
            config, run, (a, b) -> number(a, "p50CpuMillis") <= number(b, "p50CpuMillis") ? a : b);
      }
    }
    return new Result(
        w.name(),
        java,
        python,
        ratios,
        classes,
        size(root.resolve(w.jar())),
        size(cacheOf(w.jar(), w.logicalId())),
        trainingSeconds,
        warm,
        snapStart);
  }

  /**
   * What every Java cold start pays before any function code: a handler that does nothing, through
   * the same runtime; beside it Python's import of boto3.
   */
  private Result measureFloor(Workloads workloads, Path work) {
    System.out.println("== " + FLOOR);
    String jar = "tools/demo/target/demo.jar";
    Path template = work.resolve("floor-template.yaml");
    DemoFiles.write(
        template,
        "AWSTemplateFormatVersion: \"2010-09-09\"\n"
            + "Transform: AWS::Serverless-2016-10-31\n"
            + "Resources:\n"
            + "  NoopFunction:\n"
            + "    Type: AWS::Serverless::Function\n"
            + "    Properties:\n"
            + "      CodeUri: "
            + root.resolve(jar)
            + "\n"
            + "      Handler: dev.pipelineguard.demo.NoopHandler::handleRequest\n"
            + "      Runtime: java25\n"
            + "      MemorySize: 1024\n"
            + "      Timeout: 10\n");
    Path event = work.resolve("floor-event.json");
    DemoFiles.write(event, "{}");
    List<String> t = List.of("-t", template.toString());
    Instant start = Instant.now();
    LocalFunctions.Invocation training =
        workloads.functions.invoke("NoopFunction", event, concat(t, List.of("--train-aot-cache")));
    check(FLOOR, training);
    double trainingSeconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    Map<Config, Classes> classes = new EnumMap<>(Config.class);
    for (Config config : Config.values()) {
      classes.put(config, classes(workloads, "NoopFunction", event, jar, config, t, FLOOR));
    }
    Map<Config, List<Run>> java = new EnumMap<>(Config.class);
    Map<Config, double[]> ratios = new EnumMap<>(Config.class);
    for (Config config : Config.values()) {
      java.put(config, new ArrayList<>());
      ratios.put(config, new double[runs]);
    }
    List<Run> python = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Map<Config, Run> round = new EnumMap<>(Config.class);
      Run peer = null;
      for (int turn = 0; turn < 4; turn++) {
        int slot = (turn + i) % 4;
        if (slot == 3) {
          peer = python(List.of("-c", "import boto3"), workloads.peerEnv, "import boto3");
        } else {
          Config config = Config.values()[slot];
          round.put(config, cold(workloads, "NoopFunction", event, config, t, FLOOR));
        }
      }
      python.add(peer);
      for (Config config : Config.values()) {
        java.get(config).add(round.get(config));
        ratios.get(config)[i] = round.get(config).millis() / peer.millis();
      }
    }
    return new Result(
        FLOOR,
        java,
        python,
        ratios,
        classes,
        size(root.resolve(jar)),
        size(cacheOf(jar, "NoopFunction")),
        trainingSeconds,
        Map.of(),
        List.of());
  }

  /**
   * One cold start through bin/local-invoke on CPU 0, checked to have run on the JDK and cache it
   * should.
   */
  private Run cold(
      Workloads workloads,
      String logicalId,
      Path event,
      Config config,
      List<String> extra,
      String name) {
    List<String> args = new ArrayList<>(List.of("--no-snapstart", "--timing", "--taskset", "0"));
    args.addAll(config.args);
    args.addAll(extra);
    LocalFunctions.Invocation run = workloads.functions.invoke(logicalId, event, args);
    check(name, run);
    Json timing =
        run.logs()
            .lines()
            .filter(l -> l.contains("\"localInvokeTiming\""))
            .map(Json::parse)
            .reduce((a, b) -> b)
            .orElseThrow(() -> new IllegalStateException(name + ": no timing line"));
    String jdk = timing.get("jdk").textOr("");
    if (feature(jdk) != config.feature) {
      throw new IllegalStateException(
          name + ": " + config.label + " ran on JDK " + jdk + ":\n" + run.logs());
    }
    if (timing.get("aotCache").bool().orElse(false) != (config == Config.AOT)) {
      throw new IllegalStateException(
          name
              + ": "
              + config.label
              + " ran "
              + (config == Config.AOT ? "without" : "with")
              + " the AOT cache:\n"
              + run.logs());
    }
    jdks.put(config, jdk);
    javaHomes.put(config, timing.get("javaHome").textOr(""));
    return new Run(
        number(timing, "startToResponseMillis"),
        number(timing, "initMillis"),
        number(timing, "invokeMillis"),
        timing.get("peakRssKb").wholeNumber().orElse(0L));
  }

  /**
   * The SnapStart lifecycle on JDK 25 (the java25 runtime's SnapStart flags): init to the snapshot,
   * restore to response.
   */
  private Run snapStart(Workloads workloads, Workloads.Workload w) {
    LocalFunctions.Invocation run =
        workloads.functions.invoke(
            w.logicalId(), w.event(), List.of("--snapstart", "--timing", "--taskset", "0"));
    check(w.name(), run);
    Json timing =
        run.logs()
            .lines()
            .filter(l -> l.contains("\"localInvokeTiming\""))
            .map(Json::parse)
            .reduce((a, b) -> b)
            .orElseThrow(() -> new IllegalStateException(w.name() + ": no timing line"));
    return new Run(
        number(timing, "startToResponseMillis"),
        number(timing, "initMillis"),
        number(timing, "restoreToResponseMillis"),
        timing.get("peakRssKb").wholeNumber().orElse(0L));
  }

  private Classes classes(
      Workloads workloads,
      String logicalId,
      Path event,
      String jar,
      Config config,
      List<String> extra,
      String name) {
    Path log =
        root.resolve("target/bench").resolve(logicalId + "-" + config.name() + "-classes.log");
    List<String> args =
        new ArrayList<>(
            List.of("--no-snapstart", "--jvm-option", "-Xlog:class+load=info:file=" + log));
    args.addAll(config.args);
    args.addAll(extra);
    if (config == Config.AOT) {
      // Proof the cache is taken: the JVM refuses to start rather than run without it.
      args.addAll(List.of("--jvm-option", "-XX:AOTMode=on"));
    }
    check(name, workloads.functions.invoke(logicalId, event, args));
    try {
      List<String> lines = Files.readAllLines(log);
      String jarName = Path.of(jar).getFileName().toString();
      long fromJar =
          lines.stream().filter(l -> l.contains("source: file:") && l.contains(jarName)).count();
      long fromArchive =
          lines.stream().filter(l -> l.contains("source: shared objects file")).count();
      return new Classes(fromJar, fromArchive, lines.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Run peer(Workloads.Workload w, Map<String, String> env) {
    return python(List.of(root.resolve(w.peer()).toString(), w.event().toString()), env, w.peer());
  }

  private Run python(List<String> args, Map<String, String> env, String what) {
    List<String> command = new ArrayList<>(List.of("taskset", "-c", "0", python()));
    command.addAll(args);
    long start = System.nanoTime();
    ExternalCommand.Result result =
        ExternalCommand.run(root, Duration.ofSeconds(60), command, env, null);
    double millis = (System.nanoTime() - start) / 1e6;
    if (result.exit() != 0) {
      throw new IllegalStateException(what + " failed: " + result.output());
    }
    long rss =
        result
            .stderr()
            .lines()
            .filter(l -> l.contains("peakRssKb"))
            .map(Json::parse)
            .map(j -> j.get("peakRssKb").wholeNumber().orElse(0L))
            .findFirst()
            .orElse(0L);
    return new Run(millis, Double.NaN, Double.NaN, rss);
  }

  /**
   * One warm container: the handler in one JVM on the JDK of {@code config}, pinned to the same
   * CPU; C1 only as on demand, or, for {@link Config#AOT}, JDK 25 with all tiers as under
   * SnapStart.
   */
  private Json warm(Workloads.Workload w, Workloads workloads, Config config) {
    String classpath = root.resolve(w.jar()) + ":" + root.resolve("tools/demo/target/demo.jar");
    Path java = Path.of(javaHomes.get(config), "bin", "java");
    List<String> command =
        new ArrayList<>(List.of("taskset", "-c", "0", java.toString(), "-XX:+TieredCompilation"));
    if (config != Config.AOT) {
      command.add("-XX:TieredStopAtLevel=1");
    }
    command.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-Xmx870m",
            "-cp",
            classpath,
            "dev.pipelineguard.demo.WarmRunner",
            w.handler(),
            w.event().toString(),
            String.valueOf(warmIterations)));
    command.addAll(w.vary());
    ExternalCommand.Result result =
        ExternalCommand.run(
            root, Duration.ofMinutes(3), command, workloads.handlerEnvironment(w), null);
    String line =
        result
            .stdout()
            .lines()
            .filter(l -> l.startsWith("{\"iterations\""))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException(w.name() + " warm run failed: " + result.output()));
    System.out.println(
        "  warm " + (config == Config.AOT ? "JDK 25, all tiers" : config.label) + ": " + line);
    return Json.parse(line);
  }

  private static void check(String name, LocalFunctions.Invocation run) {
    if (run.exit() != 0) {
      throw new IllegalStateException(name + " failed: " + run.response() + "\n" + run.logs());
    }
  }

  // report ---------------------------------------------------------------------------------------

  private String report(List<Result> results, Duration took, String loadBefore, String loadAfter) {
    StringBuilder cold =
        new StringBuilder(
            "| function | JDK 17 | JDK 25 | JDK 25 + AOT cache | Python | "
                + "JDK 17 / Python | JDK 25 / Python | JDK 25 + AOT / Python | target |\n|---|---|---|---|---|---|---|---|---|\n");
    StringBuilder phases =
        new StringBuilder(
            "| function | JDK 17 init + invoke | JDK 25 init + invoke | "
                + "JDK 25 + AOT init + invoke |\n|---|---|---|---|\n");
    StringBuilder footprint =
        new StringBuilder(
            "| function | classes JDK 17: from jar / all | JDK 25: from jar / all "
                + "| JDK 25 + AOT: from jar / from cache / all | peak RSS JDK 17 / 25 / 25 + AOT / Python | jar | AOT cache "
                + "| training run |\n|---|---|---|---|---|---|---|---|\n");
    StringBuilder snapStart =
        new StringBuilder(
            "| function | SnapStart: init with priming, to the snapshot | "
                + "SnapStart: restore to response | on demand, JDK 25 (from the first table) |\n|---|---|---|---|\n");
    StringBuilder warm =
        new StringBuilder(
            "| function | warm CPU p50 / p99, JDK 17 (C1) | JDK 25 (C1: on demand) "
                + "| JDK 25, all tiers (SnapStart) | warm wall p50, same three (emulator I/O included) |\n|---|---|---|---|---|\n");
    for (Result r : results) {
      boolean floor = r.name().equals(FLOOR);
      String target = floor ? "" : r.name().equals("slack-notifier") ? "≤ 1.3" : "≤ 1.6";
      cold.append(
          String.format(
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              r.name(),
              spread(millis(r.java().get(Config.JDK17)), "%.0f ms"),
              spread(millis(r.java().get(Config.JDK25)), "%.0f ms"),
              spread(millis(r.java().get(Config.AOT)), "%.0f ms"),
              spread(millis(r.python()), "%.0f ms") + (floor ? " (`import boto3`)" : ""),
              spread(r.ratios().get(Config.JDK17), "%.2f"),
              spread(r.ratios().get(Config.JDK25), "%.2f"),
              "**" + spread(r.ratios().get(Config.AOT), "%.2f") + "**",
              target));
      phases.append(
          String.format(
              "| %s | %s | %s | %s |%n",
              r.name(),
              phase(r.java().get(Config.JDK17)),
              phase(r.java().get(Config.JDK25)),
              phase(r.java().get(Config.AOT))));
      Classes c17 = r.classes().get(Config.JDK17);
      Classes c25 = r.classes().get(Config.JDK25);
      Classes aot = r.classes().get(Config.AOT);
      long pythonRss = rssMb(r.python());
      footprint.append(
          String.format(
              "| %s | %d / %d | %d / %d | %d / %d / %d | %d / %d / %d / %s MB | %.1f MB | %.1f MB "
                  + "| %.1f s |%n",
              r.name(),
              c17.fromJar(),
              c17.all(),
              c25.fromJar(),
              c25.all(),
              aot.fromJar(),
              aot.fromArchive(),
              aot.all(),
              rssMb(r.java().get(Config.JDK17)),
              rssMb(r.java().get(Config.JDK25)),
              rssMb(r.java().get(Config.AOT)),
              pythonRss == 0 ? "–" : String.valueOf(pythonRss),
              r.jarBytes() / 1e6,
              r.cacheBytes() / 1e6,
              r.trainingSeconds()));
      if (!r.snapStart().isEmpty()) {
        snapStart.append(
            String.format(
                "| %s | %s | %s | %s |%n",
                r.name(),
                spread(r.snapStart().stream().mapToDouble(Run::initMillis).toArray(), "%.0f ms"),
                spread(r.snapStart().stream().mapToDouble(Run::invokeMillis).toArray(), "%.0f ms"),
                spread(millis(r.java().get(Config.JDK25)), "%.0f ms")));
      }
      if (!r.warm().isEmpty()) {
        Json w17 = r.warm().get(Config.JDK17);
        Json w25 = r.warm().get(Config.JDK25);
        Json all = r.warm().get(Config.AOT);
        warm.append(
            String.format(
                "| %s | %.2f / %.2f ms | %.2f / %.2f ms | %.2f / %.2f ms | %.2f / %.2f / %.2f ms |%n",
                r.name(),
                number(w17, "p50CpuMillis"),
                number(w17, "p99CpuMillis"),
                number(w25, "p50CpuMillis"),
                number(w25, "p99CpuMillis"),
                number(all, "p50CpuMillis"),
                number(all, "p99CpuMillis"),
                number(w17, "p50TotalMillis"),
                number(w25, "p50TotalMillis"),
                number(all, "p50TotalMillis")));
      }
    }
    String python =
        ExternalCommand.run(
                root,
                Duration.ofSeconds(20),
                List.of(
                    python(),
                    "-c",
                    "import sys, boto3; print(sys.version.split()[0], 'boto3', boto3.__version__)"))
            .stdout()
            .strip();
    return "# Benchmarks\n\n"
        + "Measured by `bin/bench` on "
        + LocalDate.now(ZoneOffset.UTC)
        + ": "
        + cpuModel()
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores, every run pinned to CPU 0 with `taskset -c 0` "
        + "(about a 1769 MB Lambda); load average "
        + loadBefore
        + " at the start and "
        + loadAfter
        + " at the end "
        + "(other builds shared the machine: compare within a table row, where noise hit every column alike). "
        + "JDK 17: "
        + jdks.get(Config.JDK17)
        + "; JDK 25: "
        + jdks.get(Config.JDK25)
        + "; Python "
        + python
        + "; moto_server and WireMock on loopback. "
        + runs
        + " rounds per function, each round one cold start "
        + "of each kind in turn (the order rotating by round); warm: "
        + warmIterations
        + " invocations in one JVM. Took "
        + took.toSeconds()
        + " s.\n\n"
        + "Reproduce: `bin/bench` (or `bin/bench --runs 10 --warm 1000 --only slack-notifier`).\n\n"
        + "### Cold start: JVM start to response, p50 (min–max); ratios pair by pair within a round\n\n"
        + cold
        + "\n"
        + "### Where the Java time goes: init (JVM start to the runtime's first `/next`: JVM, runtime client, "
        + "handler constructor) + first invocation, p50\n\n"
        + phases
        + "\n"
        + "### Footprint\n\n"
        + footprint
        + "\n"
        + "### SnapStart, locally (JDK 25 with the java25 runtime's SnapStart flags; forced with `--snapstart` where "
        + "the template has none)\n\n"
        + snapStart
        + "\n"
        + "### Warm (the better of two alternating runs of each)\n\n"
        + warm
        + "\n"
        + "- **Java cold start**: a fresh JVM per invocation through `bin/local-invoke --no-snapstart` (a full "
        + "on-demand init for every function, as the Python peer's; the notifier under SnapStart: below) with the "
        + "runtime's JVM flags and the official runtime interface client, from starting the JVM to the response "
        + "reaching the local Runtime API. **JDK 17**: `--runtime java17` (Lambda's java17 flags); **JDK 25**: the "
        + "template's `java25` without a cache (the JDK's default CDS archive); **JDK 25 + AOT cache**: the "
        + "function's cache from its training run (below). **Python**: the peer in `bench/peers/` (same AWS calls, "
        + "same output, boto3 and urllib, clients at module level), from starting `python3` to its exit.\n"
        + "- **classes**: loaded on the cold path, counted with `-Xlog:class+load`: from the function's own jar "
        + "(read and defined at run time), from the AOT cache (mapped, already loaded and linked; the JDK's own "
        + "classes included), in all; the AOT run is made with `-XX:AOTMode=on`, so a cache the JVM would not take "
        + "fails the benchmark instead of running without it.\n"
        + "- **warm**: the handler in one JVM (`WarmRunner`, same CPU), each invocation on a fresh event id, after "
        + "a warm-up of a fifth of them; **CPU** is the CPU time the JVM's threads spent per invocation — our code plus the SDK's "
        + "marshalling, signing and parsing — so waiting for the emulators is excluded; **wall** includes the "
        + "emulators' own latency.\n"
        + notes();
  }

  private static String phase(List<Run> runs) {
    return String.format(
        "%.0f + %.0f ms",
        median(runs.stream().mapToDouble(Run::initMillis).toArray()),
        median(runs.stream().mapToDouble(Run::invokeMillis).toArray()));
  }

  private static long rssMb(List<Run> runs) {
    return runs.stream().mapToLong(Run::rssKb).max().orElse(0) / 1024;
  }

  private static double[] millis(List<Run> runs) {
    return runs.stream().mapToDouble(Run::millis).toArray();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static String spread(double[] values, String format) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return String.format(format, median(values))
        + " ("
        + String.format(format, sorted[0]).replace(" ms", "")
        + "–"
        + String.format(format, sorted[sorted.length - 1])
        + ")";
  }

  private static double number(Json json, String field) {
    return json.get(field).number().map(Number::doubleValue).orElse(Double.NaN);
  }

  /** 25 for {@code Eclipse Adoptium 25.0.3+9-LTS}. */
  private static int feature(String build) {
    try {
      return Runtime.Version.parse(build.substring(build.lastIndexOf(' ') + 1)).feature();
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  private Path cacheOf(String jar, String logicalId) {
    return root.resolve(jar).resolveSibling("aot").resolve(logicalId + ".aot");
  }

  private static long size(Path file) {
    return file.toFile().length();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The analysis and the decisions, kept with the code that measures. */
  private static String notes() {
    try (var in = Bench.class.getResourceAsStream("/benchmarks-notes.md")) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private String python() {
    Path venv = root.resolve(".venv/bin/python3");
    return Files.isExecutable(venv) ? venv.toString() : "python3";
  }
}
