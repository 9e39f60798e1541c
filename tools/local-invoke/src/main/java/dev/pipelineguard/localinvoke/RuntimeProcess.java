package dev.pipelineguard.localinvoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The function's JVM: Lambda's environment only (not the caller's shell), its output as the logs.
 */
final class RuntimeProcess {
  private static final long DRAIN_MILLIS = 5_000;

  private final Process process;
  private final PrintStream logs;
  private final Thread pump;
  private volatile boolean atLineStart = true;

  private RuntimeProcess(Process process, PrintStream logs) {
    this.process = process;
    this.logs = logs;
    this.pump = new Thread(this::pump, "function-logs");
    pump.setDaemon(true);
    pump.start();
  }

  static RuntimeProcess start(
      List<String> command, Map<String, String> environment, Path workingDir, PrintStream logs)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    builder.redirectErrorStream(true);
    return new RuntimeProcess(builder.start(), logs);
  }

  Process process() {
    return process;
  }

  private void pump() {
    InputStream from = process.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = from.read(buffer)) > 0; ) {
        synchronized (logs) {
          logs.write(buffer, 0, n);
          logs.flush();
          atLineStart = buffer[n - 1] == '\n';
        }
      }
    } catch (IOException ignored) {
      // the runtime ended
    }
  }

  /**
   * Asks the JVM to exit as Lambda's shutdown does (SIGTERM: shutdown hooks run, and a training JVM
   * writes its AOT cache); whether it exited within the time.
   */
  boolean shutDown(long millis) throws InterruptedException {
    // Through the handle: Process.destroy() also closes the pipes, and the JVM that writes the
    // cache
    // (a child of this one, on the same stdout) dies of SIGPIPE at its first line.
    process.toHandle().destroy();
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the JVM (Lambda freezes it after the invocation) and lets its last log lines through, so
   * what local-invoke prints next starts on a line of its own.
   */
  void stop() throws InterruptedException {
    // SIGKILL through the handle: Process.destroyForcibly() would also close the pipe, dropping
    // what
    // the JVM wrote before it died but the pump has not read yet (a last line without a newline).
    // This way the pump reads to the end of the pipe.
    process.toHandle().destroyForcibly();
    process.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    pump.join(DRAIN_MILLIS);
    synchronized (logs) {
      if (!atLineStart) {
        logs.println();
        atLineStart = true;
      }
    }
  }
}
