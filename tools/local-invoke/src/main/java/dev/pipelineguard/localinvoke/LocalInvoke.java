package dev.pipelineguard.localinvoke;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import dev.pipelineguard.common.JsonWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code sam local invoke} without Docker. Runs a function of {@code template.yaml} in a fresh JVM
 * with the Lambda Java runtime's JVM flags and the official runtime interface client, which takes
 * the event from a local Runtime API exactly as the managed runtime would (raw bytes for a stream
 * handler, aws-lambda-java-serialization for typed handlers).
 *
 * <p>A function whose template enables SnapStart runs through Lambda's SnapStart lifecycle: init,
 * the CRaC {@code beforeCheckpoint} hooks, the snapshot, {@code afterRestore}, then the invocation,
 * with no access-key variables and the caller's credentials served from a token-checked container
 * credentials endpoint, as Lambda serves them.
 *
 * <p>The function's JVM is the JDK its template's {@code Runtime} names (JDK 25 for {@code
 * java25}), with that runtime's flags, and, for an on-demand start on JDK 25, the function's AOT
 * cache when one fits ({@link AotCache}); {@code --train-aot-cache} writes that cache from a
 * training run.
 *
 * <p>Exit codes: 0 the handler returned (response on stdout); 1 it threw, timed out, crashed or
 * failed to initialise or restore (Lambda's error shape on stdout); 2 usage error (one line on
 * stderr).
 */
public final class LocalInvoke {
  static final String USAGE =
      "usage: bin/local-invoke <LogicalId> -e <event.json | -> "
          + "[-n env-vars.json] [--parameter-overrides K=V ...] [-t template.yaml] "
          + "[--snapstart | --no-snapstart] [--container-credentials] [--runtime javaNN] [--no-aot-cache] "
          + "[--timing] | <LogicalId> --train-aot-cache -e <event.json> [-e <event.json> ...]";

  /** The error type the runtime interface client gives a failed beforeCheckpoint hook. */
  private static final String BEFORE_CHECKPOINT_ERROR = "Runtime.BeforeCheckpointError";

  /** A training JVM writes its cache at exit, in a second JVM: minutes on a busy machine. */
  private static final long AOT_CACHE_CREATION_MILLIS = 10 * 60_000;

  /** Lambda's time limits for the phases before the invocation (Lambda docs). */
  record Limits(long onDemandInitMillis, long snapStartInitMillis, long restoreMillis) {
    /**
     * Init 10 s; SnapStart init (snapshot creation) 130 s or the timeout if higher; afterRestore 10
     * s.
     */
    static final Limits LAMBDA = new Limits(10_000, 130_000, 10_000);
  }

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> callerEnv;
  private final InputStream stdin;
  private final Limits limits;
  private final List<Path> jdkFolders;

  LocalInvoke(PrintStream out, PrintStream err, Map<String, String> callerEnv, InputStream stdin) {
    this(out, err, callerEnv, stdin, Limits.LAMBDA, Jdk.usualFolders(callerEnv));
  }

  /**
   * @param jdkFolders where to look for the JDK a Runtime names when no JAVA<N>_HOME says
   */
  LocalInvoke(
      PrintStream out,
      PrintStream err,
      Map<String, String> callerEnv,
      InputStream stdin,
      Limits limits,
      List<Path> jdkFolders) {
    this.out = out;
    this.err = err;
    this.callerEnv = callerEnv;
    this.stdin = stdin;
    this.limits = limits;
    this.jdkFolders = jdkFolders;
  }

  public static void main(String[] args) {
    int code = new LocalInvoke(System.out, System.err, System.getenv(), System.in).run(args);
    System.out.flush();
    System.exit(code);
  }

  int run(String[] args) {
    try {
      Options options = Options.parse(args);
      return invoke(options);
    } catch (UsageException e) {
      err.println("local-invoke: " + e.getMessage());
      return 2;
    }
  }

  /**
   * How this run emulates Lambda: SnapStart lifecycle or not, credentials from the endpoint or not.
   */
  record Mode(boolean snapStart, boolean containerCredentials) {
    static Mode of(FunctionSpec function, Options options) {
      boolean snapStart = options.snapStart != null ? options.snapStart : function.snapStart();
      return new Mode(snapStart, snapStart || options.containerCredentials);
    }
  }

  private int invoke(Options options) {
    Path templatePath = options.template != null ? Paths.get(options.template) : defaultTemplate();
    if (!Files.isRegularFile(templatePath)) {
      throw new UsageException("no template at " + templatePath);
    }
    String region =
        callerEnv.getOrDefault(
            "AWS_REGION", callerEnv.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    Map<String, String> pseudo =
        Map.of(
            "AWS::Region",
            region,
            "AWS::AccountId",
            "123456789012",
            "AWS::StackName",
            "local",
            "AWS::StackId",
            "arn:aws:cloudformation:" + region + ":123456789012:stack/local/local",
            "AWS::Partition",
            region.startsWith("cn-")
                ? "aws-cn"
                : region.startsWith("us-gov-") ? "aws-us-gov" : "aws",
            "AWS::URLSuffix",
            region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com",
            "AWS::NoValue",
            "");
    // No -e: an empty event, as sam local invoke sends.
    List<String> eventFiles =
        options.events.isEmpty() ? Collections.singletonList(null) : options.events;
    List<byte[]> events = new ArrayList<>();
    for (String file : eventFiles) {
      events.add(readEvent(file));
    }
    SamTemplate template = new SamTemplate(templatePath, options.parameterOverrides, pseudo, err);
    FunctionSpec function = template.function(options.logicalId, readEnvFile(options.envFile));
    if (!Files.isRegularFile(function.codeUri())) {
      throw new UsageException(
          "no jar at " + function.codeUri() + ": build first with `mvn -q -B package -DskipTests`");
    }
    List<Path> runtimeJars = runtimeJars();
    Mode mode = Mode.of(function, options);
    String runtime = options.runtime != null ? options.runtime : function.runtime();
    int runtimeFeature = Jdk.featureOf(runtime);
    Jdk.Choice choice =
        Jdk.forRuntime(runtime, function.logicalId(), callerEnv, jdkFolders, Jdk.current());
    if (choice.note() != null) {
      err.println(choice.note());
    }
    Jdk jdk = choice.jdk();
    List<Path> classpath = new ArrayList<>();
    classpath.add(function.codeUri());
    classpath.addAll(runtimeJars);
    // A training run takes the flags of the on-demand start that uses its cache, even where it goes
    // through the SnapStart lifecycle to run the function's priming too.
    List<String> flags =
        LambdaJvmFlags.of(
            runtimeFeature, mode.snapStart() && !options.trainAotCache, jdk.feature());
    AotCache cache = AotCache.of(function);
    String sharing =
        options.trainAotCache
            ? trainingSharing(function, jdk, cache)
            : sharing(function, mode, options, jdk, flags, classpath, cache);
    ContainerCredentialsEndpoint endpoint =
        mode.containerCredentials()
            ? ContainerCredentialsEndpoint.forCaller(callerEnv, Clock.systemUTC())
            : null;
    if (endpoint != null && !endpoint.hasCredentials()) {
      err.println(
          "local-invoke: the function gets credentials only from the container credentials endpoint, "
              + "which serves your AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; none are set, "
              + "so it will refuse");
    }

    List<RuntimeApi.Invocation> invocations = new ArrayList<>();
    for (byte[] event : events) {
      invocations.add(new RuntimeApi.Invocation(UUID.randomUUID().toString(), event));
    }
    String requestId = invocations.get(invocations.size() - 1).requestId();
    String arn = "arn:aws:lambda:" + region + ":123456789012:function:" + function.logicalId();
    long timeoutMillis = function.timeoutSeconds() * 1000L;
    Runnable onRestore = endpoint == null ? () -> {} : endpoint::restored;
    try (Sandbox sandbox = Sandbox.create(runtimeInterfaceClient(runtimeJars));
        RuntimeApi api =
            new RuntimeApi(invocations, arn, timeoutMillis, mode.snapStart(), onRestore)) {
      Map<String, String> functionEnv =
          functionEnvironment(function, runtime, mode, region, api.address());
      if (endpoint != null) {
        api.mount(ContainerCredentialsEndpoint.PATH, endpoint);
        functionEnv.putAll(endpoint.environment(api.address()));
      }
      List<String> jvm = new ArrayList<>(flags);
      jvm.add(sharing);
      long startNanos = System.nanoTime();
      RuntimeProcess process =
          RuntimeProcess.start(
              command(function, jdk, jvm, classpath, sandbox, options),
              functionEnv,
              sandbox.dir(),
              err);
      // Read while the function waits for the runtime API to accept its answer: the JVM is alive
      // then, which it need not be once await returns (it may exit as soon as it has answered).
      long pid = process.process().pid();
      CompletableFuture<Long> peakRss =
          options.timing
              ? api.outcome().thenApply(answered -> peakRssKb(pid))
              : CompletableFuture.completedFuture(null);
      int exit;
      Map<String, Object> timing = null;
      try {
        exit =
            await(
                function,
                mode,
                requestId,
                invocations.size(),
                api,
                process.process(),
                !options.trainAotCache);
        if (options.timing) {
          timing = timing(api, answeredPeakRss(api, peakRss), startNanos);
          timing.put("jdk", jdk.build());
          timing.put("javaHome", jdk.home().toString());
          timing.put("aotCache", sharing.startsWith("-XX:AOTCache="));
        }
        if (options.trainAotCache && exit == 0) {
          exit =
              finishTraining(
                  process, cache, jdk, function, flags, classpath, runtime, mode, options.events);
        }
      } finally {
        process.stop();
        if (options.trainAotCache) {
          cache.discardTraining();
        }
      }
      // After the function's last log line, never in the middle of one.
      if (timing != null) {
        err.println(JsonWriter.write(timing));
      }
      sandbox
          .crashReport()
          .ifPresent(
              report ->
                  err.println(
                      "local-invoke: the function's JVM crashed; its crash report is " + report));
      if (endpoint != null) {
        err.println(endpoint.summary(mode.snapStart()));
      }
      return exit;
    } catch (IOException e) {
      throw new UsageException("cannot start the local runtime: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /**
   * The class data sharing of a run: the function's AOT cache where it fits an on-demand start,
   * otherwise the JDK's default CDS archive, with one line saying why a cache present is left out.
   */
  private String sharing(
      FunctionSpec function,
      Mode mode,
      Options options,
      Jdk jdk,
      List<String> flags,
      List<Path> classpath,
      AotCache cache) {
    if (options.noAotCache || !cache.exists()) {
      return LambdaJvmFlags.DEFAULT_SHARING;
    }
    if (mode.snapStart()) {
      // On AWS a SnapStart function runs on the managed runtime (container images have no
      // SnapStart),
      // whose AOT cache covers its runtime client only; a function's own cache would at most
      // shorten
      // the init before the snapshot, which no invocation waits for.
      err.println(
          "local-invoke: "
              + function.logicalId()
              + " runs through SnapStart, so without its AOT cache "
              + cache.file().getFileName()
              + " (--no-snapstart runs an on-demand start with it)");
      return LambdaJvmFlags.DEFAULT_SHARING;
    }
    String mismatch = cache.mismatch(jdk, function.handler(), flags, classpath);
    if (mismatch != null) {
      err.println(
          "local-invoke: not using the AOT cache "
              + cache.file()
              + ": "
              + mismatch
              + "; rebuild it with `"
              + AotCache.REBUILD
              + "`");
      return LambdaJvmFlags.DEFAULT_SHARING;
    }
    return "-XX:AOTCache=" + cache.file();
  }

  /** A training run writes the function's AOT cache at its exit; it needs JDK 25 (JEP 514). */
  private static String trainingSharing(FunctionSpec function, Jdk jdk, AotCache cache) {
    if (jdk.feature() < 25) {
      throw new UsageException(
          "training an AOT cache for "
              + function.logicalId()
              + " needs JDK 25 or newer "
              + "(-XX:AOTCacheOutput) and this run would be on JDK "
              + jdk.build()
              + ": set JAVA25_HOME, install one under /usr/lib/jvm, or give the function Runtime: java25");
    }
    try {
      cache.prepareTraining();
    } catch (IOException e) {
      throw new UsageException("cannot create " + cache.file().getParent() + ": " + e.getMessage());
    }
    return "-XX:AOTCacheOutput=" + cache.trainingOutput();
  }

  /**
   * Ends a training run as the JVM needs to write its cache: a normal shutdown (SIGTERM), after
   * which it records what it loaded and runs a second JVM that assembles the cache; then moves the
   * cache into place with its description.
   */
  private int finishTraining(
      RuntimeProcess process,
      AotCache cache,
      Jdk jdk,
      FunctionSpec function,
      List<String> flags,
      List<Path> classpath,
      String runtime,
      Mode mode,
      List<String> events)
      throws InterruptedException {
    if (!process.shutDown(AOT_CACHE_CREATION_MILLIS)) {
      printError(
          "AotCacheTimeout",
          "the training JVM did not write its AOT cache within "
              + AOT_CACHE_CREATION_MILLIS / 60_000
              + " minutes");
      return 1;
    }
    if (!Files.isRegularFile(cache.trainingOutput())) {
      err.println(
          "local-invoke: the training JVM wrote no AOT cache (exit "
              + process.process().exitValue()
              + "); its log above says why");
      return 1;
    }
    try {
      long bytes = Files.size(cache.trainingOutput());
      cache.install(
          jdk,
          function.handler(),
          flags,
          classpath,
          runtime,
          mode.snapStart() ? "snap-start" : "on-demand",
          events);
      err.println(
          "local-invoke: AOT cache "
              + cache.file()
              + " ("
              + bytes / (1024 * 1024)
              + " MB), trained on JDK "
              + jdk.build()
              + " with "
              + events.size()
              + (events.size() == 1 ? " event" : " events")
              + (mode.snapStart() ? " after the SnapStart priming" : ""));
      return 0;
    } catch (IOException e) {
      err.println("local-invoke: cannot put the AOT cache in place: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Waits through Lambda's phases (init; under SnapStart the snapshot and the restore; the
   * invocations), each with its time limit, and prints what Lambda would report.
   *
   * @param printResponse false for a training run, whose responses are not the point
   */
  private int await(
      FunctionSpec function,
      Mode mode,
      String requestId,
      int invocations,
      RuntimeApi api,
      Process process,
      boolean printResponse)
      throws InterruptedException {
    long timeoutMillis = function.timeoutSeconds() * 1000L;
    String timedOut =
        "Task timed out after "
            + String.format("%.2f", (double) function.timeoutSeconds())
            + " seconds";
    if (mode.snapStart()) {
      long initLimit = Math.max(limits.snapStartInitMillis(), timeoutMillis);
      Reached init = awaitEither(api.checkpointed(), api, process, initLimit);
      if (init == Reached.TIMEOUT) {
        printError(
            "Sandbox.Timedout",
            "SnapStart init timed out after "
                + initLimit / 1000
                + " seconds: Lambda would fail to publish this version");
        return 1;
      }
      if (init == Reached.MILESTONE) {
        Reached restore = awaitEither(api.invoked(), api, process, limits.restoreMillis());
        if (restore == Reached.TIMEOUT) {
          printError(
              "SnapStartTimeoutException",
              "Lambda couldn't restore the snapshot within the timeout limit.");
          return 1;
        }
      }
    } else {
      // Lambda gives init 10 s, then retries it within the invocation's own timeout.
      if (awaitEither(api.invoked(), api, process, limits.onDemandInitMillis() + timeoutMillis)
          == Reached.TIMEOUT) {
        printError("Sandbox.Timedout", timedOut);
        return 1;
      }
    }
    if (awaitEither(new CompletableFuture<>(), api, process, timeoutMillis * invocations)
        == Reached.TIMEOUT) {
      printError("Sandbox.Timedout", timedOut);
      return 1;
    }
    RuntimeApi.Outcome outcome = api.outcome().getNow(null);
    if (outcome == null) {
      process.waitFor(5, TimeUnit.SECONDS);
      String status = process.isAlive() ? "unknown" : String.valueOf(process.exitValue());
      printError(
          "Runtime.ExitError",
          "RequestId: " + requestId + " Error: Runtime exited with error: exit status " + status);
      return 1;
    }
    if (!printResponse && outcome.phase() == RuntimeApi.Phase.INVOKE && !outcome.error()) {
      return 0;
    }
    return report(outcome);
  }

  private enum Reached {
    MILESTONE,
    OUTCOME,
    EXITED,
    TIMEOUT
  }

  /** Waits for the milestone, an outcome or the runtime's exit, whichever comes first. */
  private static Reached awaitEither(
      CompletableFuture<?> milestone, RuntimeApi api, Process process, long millis)
      throws InterruptedException {
    try {
      CompletableFuture.anyOf(milestone, api.outcome(), process.onExit())
          .get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Reached.TIMEOUT;
    } catch (ExecutionException e) {
      // none of these completes exceptionally
    }
    // The runtime reports before it exits, so an outcome wins over the exit.
    return api.outcome().isDone()
        ? Reached.OUTCOME
        : milestone.isDone() ? Reached.MILESTONE : Reached.EXITED;
  }

  /** Prints the outcome as Lambda reports it to the invoker; the exit code. */
  private int report(RuntimeApi.Outcome outcome) {
    switch (outcome.phase()) {
      case INIT:
        // Lambda answers the invocation with the error the runtime posted to /runtime/init/error.
        err.println(
            "local-invoke: "
                + (BEFORE_CHECKPOINT_ERROR.equals(outcome.errorType())
                    ? "a beforeCheckpoint hook failed ("
                        + outcome.errorType()
                        + "): Lambda would fail to publish this version"
                    : "the function failed to initialise (" + outcome.errorType() + ")"));
        printBody(outcome.body());
        return 1;
      case RESTORE:
        // Invoke fails with SnapStartException; the hook's error is only in the function's log.
        err.println(
            "local-invoke: an afterRestore hook failed ("
                + outcome.errorType()
                + "); its stack trace is in the log above");
        printError(
            "SnapStartException",
            "The afterRestore() runtime hook encountered an error. "
                + "For more information, check the Amazon CloudWatch logs.");
        return 1;
      default:
        printBody(outcome.body());
        return outcome.error() ? 1 : 0;
    }
  }

  private void printBody(byte[] body) {
    out.write(body, 0, body.length);
    out.println();
    out.flush();
  }

  /**
   * For bin/bench: one JSON line on stderr with the time from starting the function's JVM to its
   * answer, split into the init (to the runtime's first {@code /next}) and the invocation, and the
   * JVM's peak resident memory (Linux /proc), read as its answer arrives. Under SnapStart the init
   * (to the snapshot) and the restore to the answer, which is what a restored Lambda environment
   * runs (without the microVM's own restore).
   */
  private static Map<String, Object> timing(RuntimeApi api, Long peakRssKb, long startNanos) {
    RuntimeApi.Outcome outcome = api.outcome().getNow(null);
    Long checkpoint = api.checkpointed().getNow(null);
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("localInvokeTiming", true);
    timing.put(
        "startToResponseMillis", outcome == null ? null : millis(startNanos, outcome.atNanos()));
    if (checkpoint != null) {
      timing.put("snapStart", true);
      timing.put("initMillis", millis(startNanos, checkpoint));
      timing.put(
          "restoreToResponseMillis",
          outcome == null ? null : millis(checkpoint, outcome.atNanos()));
    } else {
      // Lambda's Init Duration (JVM, runtime client, handler constructor) and the first invocation.
      Long invoked = api.invoked().getNow(null);
      timing.put("initMillis", invoked == null ? null : millis(startNanos, invoked));
      timing.put(
          "invokeMillis",
          invoked == null || outcome == null ? null : millis(invoked, outcome.atNanos()));
    }
    timing.put("peakRssKb", peakRssKb);
    return timing;
  }

  private static double millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000.0;
  }

  private void printError(String type, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("errorMessage", message);
    error.put("errorType", type);
    error.put("stackTrace", List.of());
    out.println(JsonWriter.write(error));
    out.flush();
  }

  /**
   * The peak memory read as the answer arrived. The thread that took the answer reads it after
   * completing the outcome, so it may still be at it when the outcome is seen done here.
   */
  private static Long answeredPeakRss(RuntimeApi api, CompletableFuture<Long> peakRss)
      throws InterruptedException {
    if (!api.outcome().isDone()) {
      return null;
    }
    try {
      return peakRss.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  private static Long peakRssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return null;
  }

  /**
   * The function's JVM. Its class path is jars only, at fixed places (never the per-invocation
   * directory), so that an AOT cache trained with it fits every later run.
   */
  private static List<String> command(
      FunctionSpec function,
      Jdk jdk,
      List<String> jvmFlags,
      List<Path> classpath,
      Sandbox sandbox,
      Options options) {
    List<String> command = new ArrayList<>();
    if (options.cpus != null) {
      command.addAll(
          List.of("taskset", "-c", options.cpus)); // bin/bench: one CPU, about a 1769 MB Lambda
    }
    command.add(jdk.java().toString());
    command.addAll(jvmFlags);
    // The managed runtime sizes the heap from the function's memory; keep the same proportion.
    command.add("-Xmx" + Math.max(64, function.memoryMb() * 85 / 100) + "m");
    command.addAll(sandbox.jvmOptions());
    command.addAll(options.jvmOptions);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
    command.add(function.handler());
    return command;
  }

  /** Set by Lambda itself: the caller's values never reach the function. */
  private static boolean reserved(String name) {
    return name.equals("AWS_LAMBDA_RUNTIME_API")
        || name.equals("AWS_LAMBDA_INITIALIZATION_TYPE")
        || name.startsWith("AWS_CONTAINER_");
  }

  /** The access-key variables Lambda leaves out when it serves credentials from the endpoint. */
  private static final List<String> ACCESS_KEY_VARIABLES =
      List.of(
          ContainerCredentialsEndpoint.ACCESS_KEY_ID,
          ContainerCredentialsEndpoint.SECRET_ACCESS_KEY,
          ContainerCredentialsEndpoint.SESSION_TOKEN);

  /**
   * Lambda's variables, the function's own, then the caller's AWS_* settings (credentials, region,
   * emulator endpoints); without access keys when credentials come from the container endpoint.
   */
  private Map<String, String> functionEnvironment(
      FunctionSpec function, String runtime, Mode mode, String region, String api) {
    Map<String, String> env = lambdaEnvironment(function, runtime, mode, region, api);
    env.putAll(function.environment());
    callerEnv.forEach(
        (name, value) -> {
          if (name.startsWith("AWS_") && !reserved(name)) {
            env.put(name, value);
          }
        });
    if (mode.containerCredentials()) {
      ACCESS_KEY_VARIABLES.forEach(env::remove);
    }
    return env;
  }

  static Map<String, String> lambdaEnvironment(
      FunctionSpec function, String runtime, Mode mode, String region, String api) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_LAMBDA_RUNTIME_API", api);
    env.put("AWS_REGION", region);
    env.put("AWS_DEFAULT_REGION", region);
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + runtime);
    env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    // The runtime interface client runs the CRaC hooks and the restore only for "snap-start".
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", mode.snapStart() ? "snap-start" : "on-demand");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
    env.put("AWS_SAM_LOCAL", "true");
    env.put("_HANDLER", function.handler());
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    return env;
  }

  private byte[] readEvent(String event) {
    if (event == null) {
      return "{}".getBytes(StandardCharsets.UTF_8);
    }
    try {
      if (event.equals("-")) {
        return stdin.readAllBytes();
      }
      return Files.readAllBytes(Paths.get(event));
    } catch (IOException e) {
      throw new UsageException("cannot read event " + event + ": " + e.getMessage());
    }
  }

  private static Map<String, Map<String, String>> readEnvFile(String file) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (file == null) {
      return out;
    }
    Json doc;
    try {
      doc = Json.parse(Files.readAllBytes(Paths.get(file)));
    } catch (IOException e) {
      throw new UsageException("cannot read env-vars file " + file + ": " + e.getMessage());
    } catch (JsonException e) {
      throw new UsageException("env-vars file " + file + " is not JSON: " + e.getMessage());
    }
    if (!doc.isObject()) {
      throw new UsageException(
          "env-vars file "
              + file
              + " must be an object like {\"LogicalId\": {\"VAR\": \"value\"}, \"Parameters\": {...}}");
    }
    doc.fields()
        .forEach(
            (scope, vars) -> {
              Map<String, String> values = new LinkedHashMap<>();
              // Scalars as written (textOr covers strings, numbers and booleans); null is empty.
              vars.fields()
                  .forEach(
                      (name, value) ->
                          values.put(
                              name,
                              value.isObject() || value.isArray()
                                  ? value.toString()
                                  : value.textOr("")));
              out.put(scope, values);
            });
    return out;
  }

  /** The runtime interface client and its libraries, next to local-invoke.jar. */
  private static List<Path> runtimeJars() {
    Path dir = toolDirectory().resolve("runtime");
    List<Path> jars = new ArrayList<>();
    try (var stream = Files.list(dir)) {
      stream.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
    } catch (IOException e) {
      throw new UsageException(
          "no Lambda runtime at " + dir + ": build first with `mvn -q -B package -DskipTests`");
    }
    if (jars.isEmpty()) {
      throw new UsageException(
          "no Lambda runtime at " + dir + ": build first with `mvn -q -B package -DskipTests`");
    }
    return jars;
  }

  private static Path runtimeInterfaceClient(List<Path> runtimeJars) {
    return runtimeJars.stream()
        .filter(
            jar ->
                jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
        .findFirst()
        .orElseThrow(
            () ->
                new UsageException(
                    "no runtime interface client among "
                        + runtimeJars
                        + ": build first with `mvn -q -B package -DskipTests`"));
  }

  /** tools/local-invoke/target, where this tool's jar (or its classes, in tests) live. */
  static Path toolDirectory() {
    String configured = System.getProperty("localinvoke.target");
    if (configured != null) {
      return Paths.get(configured);
    }
    try {
      Path location =
          Paths.get(LocalInvoke.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.getParent();
    } catch (Exception e) {
      throw new UsageException("cannot locate local-invoke's own directory");
    }
  }

  private static Path defaultTemplate() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("template.yaml"))) {
        return dir.resolve("template.yaml");
      }
      dir = dir.getParent();
    }
    return Paths.get("template.yaml");
  }

  /** Command line options, SAM's names. */
  static final class Options {
    String logicalId;

    /** One, or several for a training run. */
    final List<String> events = new ArrayList<>();

    String envFile;
    String template;
    final Map<String, String> parameterOverrides = new LinkedHashMap<>();
    final List<String> jvmOptions = new ArrayList<>();
    boolean timing;
    String cpus;

    /** null: as the template says. */
    Boolean snapStart;

    boolean containerCredentials;

    /** null: as the template says. */
    String runtime;

    boolean noAotCache;
    boolean trainAotCache;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "-e":
          case "--event":
            o.events.add(value(args, ++i, arg));
            break;
          case "-n":
          case "--env-vars":
            o.envFile = value(args, ++i, arg);
            break;
          case "-t":
          case "--template":
          case "--template-file":
            o.template = value(args, ++i, arg);
            break;
          case "--jvm-option":
            o.jvmOptions.add(value(args, ++i, arg));
            break;
          case "--timing":
            o.timing = true;
            break;
          case "--snapstart":
          case "--no-snapstart":
            if (o.snapStart != null) {
              throw new UsageException("--snapstart and --no-snapstart: one of them, once");
            }
            o.snapStart = arg.equals("--snapstart");
            break;
          case "--container-credentials":
            o.containerCredentials = true;
            break;
          case "--runtime":
            o.runtime = value(args, ++i, arg);
            Jdk.featureOf(o.runtime);
            break;
          case "--no-aot-cache":
            o.noAotCache = true;
            break;
          case "--train-aot-cache":
            o.trainAotCache = true;
            break;
          case "--taskset":
            o.cpus = value(args, ++i, arg);
            if (!o.cpus.matches("[0-9,-]+")) {
              throw new UsageException("--taskset takes a CPU list such as 0 or 0-1");
            }
            break;
          case "--parameter-overrides":
            while (i + 1 < args.length && !args[i + 1].startsWith("-")) {
              o.addOverrides(args[++i]);
            }
            break;
          case "-h":
          case "--help":
            throw new UsageException(USAGE);
          default:
            if (arg.startsWith("-")) {
              throw new UsageException("unknown option " + arg + "\n" + USAGE);
            }
            if (o.logicalId != null) {
              throw new UsageException(
                  "one function at a time (got " + o.logicalId + " and " + arg + ")");
            }
            o.logicalId = arg;
        }
      }
      if (o.logicalId == null) {
        throw new UsageException("which function? " + USAGE);
      }
      if (o.events.size() > 1 && !o.trainAotCache) {
        throw new UsageException(
            "one event per invocation (-e given "
                + o.events.size()
                + " times); several only with --train-aot-cache");
      }
      if (o.trainAotCache && (o.events.isEmpty() || o.noAotCache || o.timing)) {
        throw new UsageException(
            "--train-aot-cache takes one or more -e <event.json>, and no --no-aot-cache or "
                + "--timing");
      }
      return o;
    }

    /**
     * {@code K=V}, several separated by spaces, or SAM's {@code ParameterKey=K,ParameterValue=V}.
     */
    private void addOverrides(String text) {
      for (String part : text.trim().split("\\s+")) {
        if (part.isEmpty()) {
          continue;
        }
        if (part.startsWith("ParameterKey=")) {
          int comma = part.indexOf(",ParameterValue=");
          if (comma < 0) {
            throw new UsageException("bad parameter override " + part);
          }
          parameterOverrides.put(
              part.substring("ParameterKey=".length(), comma),
              part.substring(comma + ",ParameterValue=".length()));
        } else {
          int eq = part.indexOf('=');
          if (eq <= 0) {
            throw new UsageException("bad parameter override " + part + " (expected Key=Value)");
          }
          parameterOverrides.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new UsageException(option + " needs a value");
      }
      return args[i];
    }
  }
}
