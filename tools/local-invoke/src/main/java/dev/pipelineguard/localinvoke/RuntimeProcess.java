package dev.pipelineguard.localinvoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The function's JVM: Lambda's environment only (not the caller's shell), its output as the logs. */
record RuntimeProcess(Process process, Thread logs) {
  private static final long DRAIN_MILLIS = 5_000;

  static RuntimeProcess start(List<String> command, Map<String, String> environment, Path workingDir,
      PrintStream logs) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    return new RuntimeProcess(process, pump(process.getInputStream(), logs));
  }

  private static Thread pump(InputStream from, PrintStream to) {
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
    return t;
  }

  /** Stops the JVM (Lambda freezes it after the invocation) and lets its last log lines through. */
  void stop() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    logs.join(DRAIN_MILLIS);
  }
}
