package dev.pipelineguard.demo;

import dev.pipelineguard.emulation.RepoPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The build's AOT-cache step: for each function, one training run through {@code bin/local-invoke
 * --train-aot-cache} (so with exactly the JDK, flags and class path its later runs use), offline
 * against the demo's stack in moto_server and WireMock: the function's init, its SnapStart priming
 * where the template enables SnapStart, then its sample events.
 *
 * <p>Args: {@code all} or function names ({@code slack-notifier,deployment-watcher}).
 */
public final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) {
    List<String> only =
        args.length == 0 || args[0].equals("all") ? List.of() : List.of(args[0].split(","));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    int code;
    try {
      code = train(RepoPaths.root(), only);
    } catch (RuntimeException e) {
      System.err.println("AOT-cache training failed: " + e.getMessage());
      code = 1;
    }
    System.exit(code);
  }

  /** Trains the caches of the functions named (all when none); 0 when every one was written. */
  static int train(Path root, List<String> only) {
    Path work = root.resolve("target/aot-training");
    DemoFiles.mkdirs(work);
    try (Emulators emulators = Emulators.start()) {
      Workloads workloads = Workloads.prepare(root, work, emulators);
      List<String> unknown = new ArrayList<>(only);
      int failures = 0;
      for (Workloads.Workload w : workloads.all) {
        if (!only.isEmpty() && !only.contains(w.name())) {
          continue;
        }
        unknown.remove(w.name());
        workloads.arrange(w);
        try {
          trainOne(workloads, w);
        } catch (IllegalStateException e) {
          System.err.println(e.getMessage());
          failures++;
        }
      }
      if (!unknown.isEmpty()) {
        System.err.println(
            "no such function: "
                + unknown
                + " (functions: "
                + workloads.all.stream().map(Workloads.Workload::name).toList()
                + ")");
        return 2;
      }
      return failures == 0 ? 0 : 1;
    }
  }

  /** One function's training run (its workload arranged); the seconds it took. */
  static double trainOne(Workloads workloads, Workloads.Workload w) {
    w.reset().run();
    List<String> args = new ArrayList<>(List.of("--train-aot-cache"));
    for (Path event : w.training()) {
      args.add("-e");
      args.add(event.toString());
    }
    Instant start = Instant.now();
    LocalFunctions.Invocation run = workloads.functions.invoke(w.logicalId(), null, args);
    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    String summary =
        run.logs()
            .lines()
            .filter(l -> l.startsWith("local-invoke: AOT cache "))
            .findFirst()
            .orElse(null);
    if (run.exit() != 0 || summary == null) {
      throw new IllegalStateException(
          w.name()
              + ": AOT-cache training failed (exit "
              + run.exit()
              + ")\n"
              + run.response()
              + run.logs());
    }
    System.out.printf(
        "%s: %s, in %.1f s%n", w.name(), summary.substring("local-invoke: ".length()), seconds);
    return seconds;
  }
}
