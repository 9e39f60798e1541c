package dev.pipelineguard.demo;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.testing.AwsJsonStubs;
import dev.pipelineguard.testing.ExternalCommand;
import dev.pipelineguard.testing.RepoPaths;
import dev.pipelineguard.testing.TestAws;
import dev.pipelineguard.testing.WatcherScenarios;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * bin/bench: cold start and cost of each function against an idiomatic Python/boto3 peer doing the
 * same AWS calls, both pinned to one CPU, against the same local emulators.
 *
 * <ul>
 *   <li>cold: a fresh JVM per invocation through bin/local-invoke (the Lambda runtime's JVM flags,
 *       the official runtime interface client), from the JVM's start to its response; the peer from
 *       python3's start to its exit; alternating, the ratio taken pair by pair;</li>
 *   <li>classes loaded on the cold path ({@code -Xlog:class+load}), from the function's jar and in all;</li>
 *   <li>peak RSS of both, jar size;</li>
 *   <li>warm: many invocations in one JVM, in all and without the AWS calls' wire time.</li>
 * </ul>
 */
public final class Bench {
  /** One function under test: how to invoke it, its peer, and what to reset between runs. */
  private record Subject(String name, String logicalId, String handler, String jar, Path event,
      String peer, List<String> vary, Runnable reset) {}

  private record Run(double millis, long rssKb) {}

  private final Path root;
  private final int runs;
  private final int warmIterations;
  private final List<String> only;

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
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    int code = new Bench(RepoPaths.root(), runs, warm, only).run();
    System.exit(code);
  }

  int run() {
    Instant started = Instant.now();
    Path work = root.resolve("target/bench");
    mkdirs(work);
    StringBuilder table = new StringBuilder();
    try (Emulators emulators = Emulators.start()) {
      DemoAccount account = DemoAccount.seed(emulators);
      Map<String, String> env = new LinkedHashMap<>(emulators.awsEnvironment());
      LocalFunctions functions = new LocalFunctions(root, work, env);
      Map<String, String> peerEnv = new LinkedHashMap<>(env);
      peerEnv.put("PATH", System.getenv("PATH"));
      peerEnv.put("AWS_DEFAULT_REGION", Emulators.REGION); // what Lambda sets for boto3

      // The validator: the healthy change of the demo's step 1.
      account.serviceSettledOn(account.goodTaskDefinition);
      Path jobEvent = work.resolve("validator-event.json");
      DemoFiles.write(jobEvent, account.jobEvent("0f4b6c2a-1d3e-4f5a-8b9c-0d1e2f3a4b5c", DemoAccount.userParameters()));
      functions.set("PreDeployValidatorFunction", "REPORT_TOPIC_ARN", account.reportTopicArn);
      peerEnv.put("REPORT_TOPIC_ARN", account.reportTopicArn);

      // The notifier: a pipeline failure, enriched from CodePipeline, posted to the local Slack.
      Json history = Json.parse(DemoFiles.read(root.resolve("functions/slack-notifier/src/test/resources/golden/codepipeline/"
          + "8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01.json")));
      emulators.wiremock.stubFor(AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "GetPipelineExecution")
          .willReturn(AwsJsonStubs.ok(history.get("GetPipelineExecution").toString())));
      emulators.wiremock.stubFor(AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListActionExecutions")
          .willReturn(AwsJsonStubs.ok(history.get("ListActionExecutions").toString())));
      functions.set("SlackNotifierFunction", "SLACK_WEBHOOK_SECRET_ARN", account.webhookSecretArn);
      peerEnv.put("SLACK_WEBHOOK_SECRET_ARN", account.webhookSecretArn);

      // The watcher: the demo's image-pull rollback, reported anew each run (the ledger is emptied).
      functions.set("DeploymentWatcherFunction", "REPORT_TOPIC_ARN", account.reportTopicArn);
      functions.set("DeploymentWatcherFunction", "IDEMPOTENCY_TABLE", account.idempotencyTable);
      functions.set("DeploymentWatcherFunction", "CLUSTER_NAME", DemoAccount.CLUSTER);
      functions.set("DeploymentWatcherFunction", "PIPELINE_NAME", DemoAccount.PIPELINE);
      peerEnv.put("IDEMPOTENCY_TABLE", account.idempotencyTable);
      peerEnv.put("CLUSTER_NAME", DemoAccount.CLUSTER);
      peerEnv.put("PIPELINE_NAME", DemoAccount.PIPELINE);
      TestAws.useMoto(emulators.moto);
      DynamoDbClient dynamo = AwsSdk.build(DynamoDbClient.builder(), TestAws.settings());
      Runnable emptyLedger = () -> dynamo.scan(b -> b.tableName(account.idempotencyTable)).items().forEach(item ->
          dynamo.deleteItem(b -> b.tableName(account.idempotencyTable).key(Map.of("id", item.get("id")))));

      List<Subject> subjects = List.of(
          new Subject("pre-deploy-validator", "PreDeployValidatorFunction",
              "dev.pipelineguard.validator.PreDeployValidatorHandler", "functions/pre-deploy-validator/target/pre-deploy-validator.jar",
              jobEvent, "bench/peers/pre_deploy_validator.py", List.of(), () -> { }),
          new Subject("slack-notifier", "SlackNotifierFunction",
              "dev.pipelineguard.notifier.SlackNotifierHandler", "functions/slack-notifier/target/slack-notifier.jar",
              root.resolve("events/notifier/pipeline-failed.json"), "bench/peers/slack_notifier.py",
              List.of("6f2d3c1a-8b4e-4f0a-9c7d-2e5b1a3f4c6d", "8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01"), () -> { }),
          new Subject("deployment-watcher", "DeploymentWatcherFunction",
              "dev.pipelineguard.watcher.DeploymentWatcherHandler", "functions/deployment-watcher/target/deployment-watcher.jar",
              root.resolve("events/watcher/circuit-breaker-failed.json"), "bench/peers/deployment_watcher.py",
              List.of(), emptyLedger));

      table.append("| function | cold Java p50 (min–max) | cold Python p50 (min–max) | ratio p50 (min–max) "
          + "| classes from jar / all | peak RSS Java / Python | jar | warm CPU p50 / p99 "
          + "| warm wall p50 (emulator I/O included) |\n|---|---|---|---|---|---|---|---|---|\n");
      for (Subject subject : subjects) {
        if (!only.isEmpty() && !only.contains(subject.name())) {
          continue;
        }
        if (subject.logicalId().equals("DeploymentWatcherFunction")) {
          account.imagePullRollback();
          WatcherScenarios.pipelineExecutions(emulators.wiremock);
        }
        table.append(measure(subject, functions, peerEnv, env, work, account)).append('\n');
      }
    }
    String report = report(table.toString(), Duration.between(started, Instant.now()));
    System.out.println();
    System.out.println(report);
    DemoFiles.write(root.resolve("docs/benchmarks.md"), report);
    return 0;
  }

  private String measure(Subject s, LocalFunctions functions, Map<String, String> peerEnv,
      Map<String, String> env, Path work, DemoAccount account) {
    System.out.println("== " + s.name());
    // Classes on the cold path: one extra run with class-load logging.
    Path classLog = work.resolve(s.name() + "-classes.log");
    s.reset().run();
    // On demand (a full init, as the Python peer's) for every function, SnapStart or not.
    LocalFunctions.Invocation logged = functions.invoke(s.logicalId(), s.event(),
        List.of("--no-snapstart", "--jvm-option", "-Xlog:class+load=info:file=" + classLog));
    check(s, logged);
    long[] classes = countClasses(classLog, s.jar());

    List<Run> java = new ArrayList<>();
    List<Run> python = new ArrayList<>();
    double[] ratios = new double[runs];
    for (int i = 0; i < runs; i++) {
      s.reset().run();
      LocalFunctions.Invocation run = functions.invoke(s.logicalId(), s.event(),
          List.of("--no-snapstart", "--timing", "--taskset", "0"));
      check(s, run);
      Json timing = run.logs().lines().filter(l -> l.contains("\"localInvokeTiming\"")).map(Json::parse)
          .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException(s.name() + ": no timing line"));
      java.add(new Run(timing.get("startToResponseMillis").number().orElseThrow().doubleValue(),
          timing.get("peakRssKb").wholeNumber().orElse(0L)));

      s.reset().run();
      python.add(peer(s, peerEnv));
      ratios[i] = java.get(i).millis() / python.get(i).millis();
      System.out.printf("  run %2d: java %6.0f ms, python %6.0f ms, ratio %.2f%n", i + 1, java.get(i).millis(),
          python.get(i).millis(), ratios[i]);
    }
    Json warm = warm(s, env, account, work);
    long jarBytes = root.resolve(s.jar()).toFile().length();
    double[] javaMs = java.stream().mapToDouble(Run::millis).toArray();
    double[] pyMs = python.stream().mapToDouble(Run::millis).toArray();
    return String.format("| %s | %s | %s | %s | %d / %d | %d / %d MB | %.1f MB | %.2f / %.2f ms | %.2f ms |",
        s.name(), spread(javaMs, "%.0f ms"), spread(pyMs, "%.0f ms"), spread(ratios, "%.2f"),
        classes[0], classes[1],
        java.stream().mapToLong(Run::rssKb).max().orElse(0) / 1024, python.stream().mapToLong(Run::rssKb).max().orElse(0) / 1024,
        jarBytes / 1e6, warm.get("p50CpuMillis").number().orElseThrow().doubleValue(),
        warm.get("p99CpuMillis").number().orElseThrow().doubleValue(),
        warm.get("p50TotalMillis").number().orElseThrow().doubleValue());
  }

  private Run peer(Subject s, Map<String, String> env) {
    long start = System.nanoTime();
    ExternalCommand.Result result = ExternalCommand.run(root, Duration.ofSeconds(60),
        List.of("taskset", "-c", "0", python(), root.resolve(s.peer()).toString(), s.event().toString()), env, null);
    double millis = (System.nanoTime() - start) / 1e6;
    if (result.exit() != 0) {
      throw new IllegalStateException(s.peer() + " failed: " + result.output());
    }
    long rss = result.stderr().lines().filter(l -> l.contains("peakRssKb")).map(Json::parse)
        .map(j -> j.get("peakRssKb").wholeNumber().orElse(0L)).findFirst().orElse(0L);
    return new Run(millis, rss);
  }

  /** One warm container: the handler in one JVM, pinned to the same CPU, many invocations. */
  private Json warm(Subject s, Map<String, String> env, DemoAccount account, Path work) {
    Map<String, String> warmEnv = new LinkedHashMap<>(env);
    warmEnv.putAll(Map.of("REPORT_TOPIC_ARN", account.reportTopicArn, "SLACK_WEBHOOK_SECRET_ARN", account.webhookSecretArn,
        "CLUSTER_NAME", DemoAccount.CLUSTER, "PIPELINE_NAME", DemoAccount.PIPELINE,
        "AWS_LAMBDA_FUNCTION_NAME", s.logicalId(), "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"));
    String classpath = root.resolve(s.jar()) + ":" + root.resolve("tools/demo/target/demo.jar");
    List<String> command = new ArrayList<>(List.of("taskset", "-c", "0", javaExecutable()));
    command.addAll(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx870m",
        "-cp", classpath, "dev.pipelineguard.demo.WarmRunner", s.handler(), s.event().toString(),
        String.valueOf(warmIterations)));
    command.addAll(s.vary());
    ExternalCommand.Result result = ExternalCommand.run(root, Duration.ofMinutes(3), command, warmEnv, null);
    String line = result.stdout().lines().filter(l -> l.startsWith("{\"iterations\"")).findFirst()
        .orElseThrow(() -> new IllegalStateException(s.name() + " warm run failed: " + result.output()));
    System.out.println("  warm: " + line);
    return Json.parse(line);
  }

  private static void check(Subject s, LocalFunctions.Invocation run) {
    if (run.exit() != 0) {
      throw new IllegalStateException(s.name() + " failed: " + run.response() + "\n" + run.logs());
    }
  }

  /** Classes loaded from the function's jar, and in all. */
  private long[] countClasses(Path log, String jar) {
    try {
      List<String> lines = Files.readAllLines(log);
      String jarName = Path.of(jar).getFileName().toString();
      long fromJar = lines.stream().filter(l -> l.contains("source: file:") && l.contains(jarName)).count();
      return new long[] {fromJar, lines.size()};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String spread(double[] values, String format) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return String.format(format, median) + " (" + String.format(format, sorted[0]).replace(" ms", "")
        + "–" + String.format(format, sorted[sorted.length - 1]) + ")";
  }

  private String report(String table, Duration took) {
    String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    String python = ExternalCommand.run(root, Duration.ofSeconds(20), List.of(python(), "-c",
        "import sys, boto3; print(sys.version.split()[0], 'boto3', boto3.__version__)")).stdout().strip();
    String cpu = cpuModel();
    return "# Benchmarks\n\n"
        + "Measured by `bin/bench` on " + LocalDate.now() + ": " + cpu + ", " + Runtime.getRuntime().availableProcessors()
        + " cores (each run pinned to CPU 0 with `taskset -c 0`, about a 1769 MB Lambda), " + jdk + ", Python "
        + python + ", moto_server and WireMock on loopback. " + runs + " cold runs per function, alternating Java and "
        + "Python; warm: " + warmIterations + " invocations in one JVM. Took " + took.toSeconds() + " s.\n\n"
        + "Reproduce: `bin/bench` (or `bin/bench --runs 10 --warm 1000`).\n\n"
        + table + "\n"
        + "- **cold Java**: a fresh JVM per invocation through `bin/local-invoke --no-snapstart` with the Lambda Java "
        + "runtime's JVM flags and the official runtime interface client, from starting the JVM to the response "
        + "reaching the local Runtime API: a full on-demand init for every function, as the Python peer's (the "
        + "notifier under SnapStart: below). **cold Python**: the peer in `bench/peers/` (same AWS calls, same output, boto3 and urllib, "
        + "clients at module level), from starting `python3` to its exit. The ratio is taken pair by pair.\n"
        + "- **classes**: loaded on the cold path, from the function's own jar / in all (JDK and runtime client "
        + "included), counted with `-Xlog:class+load`; a figure that does not drift with machine noise.\n"
        + "- **warm**: the handler in one JVM (`WarmRunner`, same flags, same CPU), each invocation on a fresh event "
        + "id; **CPU** is the CPU time the JVM's threads spent per invocation — our code plus the SDK's "
        + "marshalling, signing and parsing — so waiting for the emulators is excluded; **wall** includes the "
        + "emulators' own latency (moto answers in milliseconds, AWS in tens of milliseconds).\n"
        + notes();
  }

  /** The analysis and the SnapStart decision, kept with the code that measures. */
  private static String notes() {
    try (var in = Bench.class.getResourceAsStream("/benchmarks-notes.md")) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private String python() {
    Path venv = root.resolve(".venv/bin/python3");
    return Files.isExecutable(venv) ? venv.toString() : "python3";
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }


}
