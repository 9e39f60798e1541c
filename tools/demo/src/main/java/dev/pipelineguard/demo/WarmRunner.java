package dev.pipelineguard.demo;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * bin/bench only: one warm container. Runs a function's handler in this JVM (classpath: the
 * function's jar and this one), with the function's environment, many times on the same event, and
 * prints per invocation the wall time (emulator I/O included) and the CPU time its threads spent on
 * it (our code and the SDK's marshalling and signing; waiting for the emulators costs none).
 *
 * <p>Args: handler class, event file, iterations, then any texts of the event to make unique per
 * invocation (ids, so a function's de-duplication does not short-cut the work).
 */
public final class WarmRunner {
  private WarmRunner() {}

  public static void main(String[] args) throws Exception {
    String handlerClass = args[0];
    String event = Files.readString(Paths.get(args[1]));
    int iterations = Integer.parseInt(args[2]);
    java.util.List<String> vary =
        java.util.List.of(args).subList(Math.min(3, args.length), args.length);

    PrintStream realOut = System.out;
    // The function's log lines would dominate the measurement on a terminal; keep them off it.
    System.setOut(
        new PrintStream(
            new ByteArrayOutputStream() {
              @Override
              public synchronized void write(byte[] b, int off, int len) {
                reset();
              }
            },
            true,
            StandardCharsets.UTF_8));
    RequestStreamHandler handler =
        Class.forName(handlerClass)
            .asSubclass(RequestStreamHandler.class)
            .getDeclaredConstructor()
            .newInstance();
    int warmup = Math.min(100, iterations / 5);
    double[] total = new double[iterations];
    double[] cpu = new double[iterations];
    // Per-thread CPU clocks (nanosecond resolution; the process clock here ticks in 10 ms).
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    int failures = 0;
    for (int i = -warmup; i < iterations; i++) {
      String input = event;
      for (String text : vary) {
        input = input.replace(text, unique(text, i + warmup));
      }
      forgetReports(handler);
      long cpuStart = cpuOfAllThreads(threads);
      long start = System.nanoTime();
      try {
        handler.handleRequest(
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            new ByteArrayOutputStream(),
            new WarmContext());
      } catch (Exception e) {
        failures++;
      }
      long elapsed = System.nanoTime() - start;
      long cpuUsed = cpuOfAllThreads(threads) - cpuStart;
      if (i >= 0) {
        total[i] = elapsed / 1e6;
        cpu[i] = cpuUsed / 1e6;
      }
    }
    Arrays.sort(total);
    Arrays.sort(cpu);
    realOut.printf(
        "{\"iterations\":%d,\"failures\":%d,\"p50TotalMillis\":%.3f,\"p99TotalMillis\":%.3f,"
            + "\"p50CpuMillis\":%.3f,\"p99CpuMillis\":%.3f}%n",
        iterations,
        failures,
        percentile(total, 50),
        percentile(total, 99),
        percentile(cpu, 50),
        percentile(cpu, 99));
  }

  /** CPU time of every live thread (the function's pool threads included). */
  private static long cpuOfAllThreads(com.sun.management.ThreadMXBean threads) {
    long sum = 0;
    for (long cpu : threads.getThreadCpuTime(threads.getAllThreadIds())) {
      sum += Math.max(0, cpu);
    }
    return sum;
  }

  /** Same length as {@code text}, its last four characters replaced by the counter in hex. */
  static String unique(String text, int counter) {
    String suffix = String.format("%04x", counter & 0xffff);
    return text.substring(0, text.length() - 4) + suffix;
  }

  private static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /**
   * Report-once memory (the watcher's {@code ReportGate}) would turn every repeat into a duplicate;
   * clear such per-container sets so each warm invocation does the full work.
   */
  private static void forgetReports(Object root) {
    forget(root, new IdentityHashMap<>(), 0);
  }

  private static void forget(Object object, Map<Object, Boolean> seen, int depth) {
    if (object == null || depth > 6 || seen.put(object, true) != null) {
      return;
    }
    Class<?> type = object.getClass();
    if (!type.getName().startsWith("dev.pipelineguard.")) {
      return;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
          continue;
        }
        try {
          field.setAccessible(true);
          Object value = field.get(object);
          if (value instanceof Collection && field.getName().equals("reported")) {
            ((Collection<?>) value).clear();
          } else {
            forget(value, seen, depth + 1);
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          // not ours to look into
        }
      }
    }
  }

  private static final class WarmContext implements Context {
    private final long deadline = System.currentTimeMillis() + 60_000;

    @Override
    public String getAwsRequestId() {
      return "warm";
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/bench";
    }

    @Override
    public String getLogStreamName() {
      return "bench";
    }

    @Override
    public String getFunctionName() {
      return "bench";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:123456789012:function:bench";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return (int) (deadline - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
      return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {}

        @Override
        public void log(byte[] message) {}
      };
    }
  }
}
