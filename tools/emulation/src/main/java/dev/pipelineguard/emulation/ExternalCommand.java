package dev.pipelineguard.emulation;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool the tests depend on (cfn-lint, terraform, bin/ scripts); a missing tool names its
 * fix.
 */
public final class ExternalCommand {
  /** What the command did. */
  public record Result(int exit, String stdout, String stderr) {
    public String output() {
      return stdout + stderr;
    }
  }

  private ExternalCommand() {}

  /** The executable's path from the repository's .venv or PATH, or a failure naming {@code fix}. */
  public static String require(String executable, String fix) {
    Path venv = RepoPaths.root().resolve(".venv/bin/" + executable);
    if (Files.isExecutable(venv)) {
      return venv.toString();
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        File candidate = new File(dir, executable);
        if (candidate.canExecute()) {
          return candidate.getPath();
        }
      }
    }
    throw new IllegalStateException(executable + " is not installed: " + fix);
  }

  public static Result run(Path workingDir, Duration timeout, List<String> command) {
    return run(workingDir, timeout, command, Map.of(), null);
  }

  public static Result run(
      Path workingDir,
      Duration timeout,
      List<String> command,
      Map<String, String> env,
      byte[] stdin) {
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command)).directory(workingDir.toFile());
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish within " + timeout);
      }
      return new Result(
          process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (Exception e) {
      if (e instanceof IllegalStateException) {
        throw (IllegalStateException) e;
      }
      throw new IllegalStateException(String.join(" ", command) + " failed: " + e, e);
    }
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
