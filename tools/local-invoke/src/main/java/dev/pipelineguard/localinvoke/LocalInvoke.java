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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code sam local invoke} without Docker. Runs a function of {@code template.yaml} in a fresh JVM
 * with the Lambda Java runtime's JVM flags and the official runtime interface client, which takes
 * the event from a local Runtime API exactly as the managed runtime would (raw bytes for a stream
 * handler, aws-lambda-java-serialization for typed handlers).
 *
 * <p>Exit codes: 0 the handler returned (response on stdout); 1 it threw, timed out or crashed
 * (Lambda's error shape on stdout); 2 usage error (one line on stderr).
 */
public final class LocalInvoke {
  static final String USAGE = "usage: bin/local-invoke <LogicalId> -e <event.json | -> "
      + "[-n env-vars.json] [--parameter-overrides K=V ...] [-t template.yaml]";
  /** The managed Java runtime's defaults for fast start (Lambda docs, "Java runtime"). */
  static final List<String> LAMBDA_JVM_FLAGS = List.of(
      "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
  private static final long INIT_ALLOWANCE_MILLIS = 10_000; // Lambda's init phase limit

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> callerEnv;
  private final InputStream stdin;

  LocalInvoke(PrintStream out, PrintStream err, Map<String, String> callerEnv, InputStream stdin) {
    this.out = out;
    this.err = err;
    this.callerEnv = callerEnv;
    this.stdin = stdin;
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

  private int invoke(Options options) {
    Path templatePath = options.template != null ? Paths.get(options.template) : defaultTemplate();
    if (!Files.isRegularFile(templatePath)) {
      throw new UsageException("no template at " + templatePath);
    }
    String region = callerEnv.getOrDefault("AWS_REGION",
        callerEnv.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    Map<String, String> pseudo = Map.of(
        "AWS::Region", region,
        "AWS::AccountId", "123456789012",
        "AWS::StackName", "local",
        "AWS::StackId", "arn:aws:cloudformation:" + region + ":123456789012:stack/local/local",
        "AWS::Partition", region.startsWith("cn-") ? "aws-cn"
            : region.startsWith("us-gov-") ? "aws-us-gov" : "aws",
        "AWS::URLSuffix", region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com",
        "AWS::NoValue", "");
    byte[] event = readEvent(options.event);
    SamTemplate template = new SamTemplate(templatePath, options.parameterOverrides, pseudo, err);
    FunctionSpec function = template.function(options.logicalId, readEnvFile(options.envFile));
    if (!Files.isRegularFile(function.codeUri())) {
      throw new UsageException("no jar at " + function.codeUri()
          + ": build first with `mvn -q -B package -DskipTests`");
    }
    List<Path> runtimeJars = runtimeJars();

    String requestId = UUID.randomUUID().toString();
    String functionName = function.logicalId();
    String arn = "arn:aws:lambda:" + region + ":123456789012:function:" + functionName;
    long timeoutMillis = function.timeoutSeconds() * 1000L;
    try (RuntimeApi api = new RuntimeApi(event, requestId, arn, timeoutMillis)) {
      long startNanos = System.nanoTime();
      Process process = startRuntime(function, runtimeJars, api.address(), region, options.jvmOptions,
          options.cpus);
      try {
        int exit = await(function, api, process);
        if (options.timing) {
          reportTiming(api, process, startNanos);
        }
        return exit;
      } finally {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      throw new UsageException("cannot start the local runtime: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int await(FunctionSpec function, RuntimeApi api, Process process)
      throws InterruptedException {
    // The runtime may also die before answering: that ends the wait too.
    process.onExit().thenRun(() -> api.outcome().complete(null));
    RuntimeApi.Outcome outcome;
    try {
      api.invokedAt().get(INIT_ALLOWANCE_MILLIS + function.timeoutSeconds() * 1000L,
          TimeUnit.MILLISECONDS);
      outcome = api.outcome().get(function.timeoutSeconds() * 1000L, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      printError("Sandbox.Timedout", "Task timed out after "
          + String.format("%.2f", (double) function.timeoutSeconds()) + " seconds");
      return 1;
    } catch (ExecutionException e) {
      outcome = null;
    }
    if (outcome == null) {
      if (api.outcome().isDone() && api.outcome().getNow(null) != null) {
        outcome = api.outcome().getNow(null);
      } else {
        process.waitFor(5, TimeUnit.SECONDS);
        int exit = process.isAlive() ? -1 : process.exitValue();
        printError("Runtime.ExitError", "RequestId: the runtime exited before answering: exit status " + exit);
        return 1;
      }
    }
    out.write(outcome.body(), 0, outcome.body().length);
    out.println();
    out.flush();
    return outcome.error() ? 1 : 0;
  }

  /**
   * For bin/bench: one JSON line on stderr with the time from starting the function's JVM to its
   * answer, and the JVM's peak resident memory (Linux /proc), read before the process is stopped.
   */
  private void reportTiming(RuntimeApi api, Process process, long startNanos) {
    RuntimeApi.Outcome outcome = api.outcome().getNow(null);
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("localInvokeTiming", true);
    timing.put("startToResponseMillis",
        outcome == null ? null : (outcome.atNanos() - startNanos) / 1_000_000.0);
    timing.put("peakRssKb", peakRssKb(process.pid()));
    err.println(JsonWriter.write(timing));
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

  private void printError(String type, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("errorMessage", message);
    error.put("errorType", type);
    error.put("stackTrace", List.of());
    out.println(JsonWriter.write(error));
    out.flush();
  }

  private Process startRuntime(FunctionSpec function, List<Path> runtimeJars, String apiAddress,
      String region, List<String> jvmOptions, String cpus) throws IOException {
    List<String> command = new ArrayList<>();
    if (cpus != null) {
      command.addAll(List.of("taskset", "-c", cpus)); // bin/bench: one CPU, about a 1769 MB Lambda
    }
    command.add(javaExecutable());
    command.addAll(LAMBDA_JVM_FLAGS);
    // The managed runtime sizes the heap from the function's memory; keep the same proportion.
    command.add("-Xmx" + Math.max(64, function.memoryMb() * 85 / 100) + "m");
    command.addAll(jvmOptions);
    StringBuilder classpath = new StringBuilder(function.codeUri().toString());
    for (Path jar : runtimeJars) {
      classpath.append(File.pathSeparator).append(jar);
    }
    command.add("-cp");
    command.add(classpath.toString());
    command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
    command.add(function.handler());

    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear(); // the function sees Lambda's environment, not the caller's shell
    env.putAll(lambdaEnvironment(function, region, apiAddress));
    // Function variables, then the caller's AWS_* settings (credentials, region, emulator endpoints).
    env.putAll(function.environment());
    callerEnv.forEach((name, value) -> {
      if (name.startsWith("AWS_") && !name.equals("AWS_LAMBDA_RUNTIME_API")) {
        env.put(name, value);
      }
    });
    builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    pump(process.getInputStream(), err);
    return process;
  }

  static Map<String, String> lambdaEnvironment(FunctionSpec function, String region, String api) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_LAMBDA_RUNTIME_API", api);
    env.put("AWS_REGION", region);
    env.put("AWS_DEFAULT_REGION", region);
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
    env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
    env.put("AWS_SAM_LOCAL", "true");
    env.put("_HANDLER", function.handler());
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    return env;
  }

  private static void pump(InputStream from, PrintStream to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = from.read(buffer)) > 0; ) {
          synchronized (to) {
            to.write(buffer, 0, n);
            to.flush();
          }
        }
      } catch (IOException ignored) {
        // the runtime ended
      }
    }, "function-logs");
    t.setDaemon(true);
    t.start();
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
      throw new UsageException("env-vars file " + file
          + " must be an object like {\"LogicalId\": {\"VAR\": \"value\"}, \"Parameters\": {...}}");
    }
    doc.fields().forEach((scope, vars) -> {
      Map<String, String> values = new LinkedHashMap<>();
      // Scalars as written (textOr covers strings, numbers and booleans); null is empty.
      vars.fields().forEach((name, value) -> values.put(name,
          value.isObject() || value.isArray() ? value.toString() : value.textOr("")));
      out.put(scope, values);
    });
    return out;
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The runtime interface client and its libraries, next to local-invoke.jar. */
  private static List<Path> runtimeJars() {
    Path dir = toolDirectory().resolve("runtime");
    List<Path> jars = new ArrayList<>();
    try (var stream = Files.list(dir)) {
      stream.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
    } catch (IOException e) {
      throw new UsageException("no Lambda runtime at " + dir
          + ": build first with `mvn -q -B package -DskipTests`");
    }
    if (jars.isEmpty()) {
      throw new UsageException("no Lambda runtime at " + dir
          + ": build first with `mvn -q -B package -DskipTests`");
    }
    return jars;
  }

  /** tools/local-invoke/target, where this tool's jar (or its classes, in tests) live. */
  static Path toolDirectory() {
    String configured = System.getProperty("localinvoke.target");
    if (configured != null) {
      return Paths.get(configured);
    }
    try {
      Path location = Paths.get(LocalInvoke.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
    String event;
    String envFile;
    String template;
    final Map<String, String> parameterOverrides = new LinkedHashMap<>();
    final List<String> jvmOptions = new ArrayList<>();
    boolean timing;
    String cpus;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "-e":
          case "--event":
            o.event = value(args, ++i, arg);
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
              throw new UsageException("one function at a time (got " + o.logicalId + " and " + arg + ")");
            }
            o.logicalId = arg;
        }
      }
      if (o.logicalId == null) {
        throw new UsageException("which function? " + USAGE);
      }
      return o;
    }

    /** {@code K=V}, several separated by spaces, or SAM's {@code ParameterKey=K,ParameterValue=V}. */
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
          parameterOverrides.put(part.substring("ParameterKey=".length(), comma),
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
