package dev.pipelineguard.demo;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.ExternalCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the real functions the way a user would: {@code bin/local-invoke <LogicalId> -e <event>},
 * with the SDK pointed at the emulators through the standard {@code AWS_ENDPOINT_URL*} variables
 * and the stack's resources passed as SAM env-var overrides ({@code -n}).
 */
final class LocalFunctions {
  /** One invocation: exit code, the response (stdout) and the function's logs (stderr). */
  record Invocation(int exit, String response, String logs) {
    Json json() {
      return Json.parseIfJson(response.strip());
    }
  }

  private final Path root;
  private final Path workDir;
  private final Map<String, String> awsEnv;
  private final Map<String, Map<String, String>> overrides = new LinkedHashMap<>();

  LocalFunctions(Path root, Path workDir, Map<String, String> awsEnv) {
    this.root = root;
    this.workDir = workDir;
    this.awsEnv = Map.copyOf(awsEnv);
  }

  /** A template variable of one function, as the emulated stack has it (SAM's -n file). */
  void set(String logicalId, String variable, String value) {
    overrides.computeIfAbsent(logicalId, k -> new LinkedHashMap<>()).put(variable, value);
  }

  /**
   * @param event null when {@code extraArgs} name the events
   */
  Invocation invoke(String logicalId, Path event, List<String> extraArgs) {
    Path envFile = workDir.resolve("env-vars.json");
    try {
      Files.writeString(envFile, JsonWriter.write(overrides));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                root.resolve("bin/local-invoke").toString(), logicalId, "-n", envFile.toString()));
    if (event != null) {
      command.addAll(List.of("-e", event.toString()));
    }
    command.addAll(extraArgs);
    // A training run also waits for its JVM to write the cache.
    Duration limit =
        extraArgs.contains("--train-aot-cache") ? Duration.ofMinutes(12) : Duration.ofMinutes(3);
    ExternalCommand.Result result = ExternalCommand.run(root, limit, command, awsEnv, null);
    return new Invocation(result.exit(), result.stdout(), result.stderr());
  }

  Invocation invoke(String logicalId, Path event) {
    return invoke(logicalId, event, List.of());
  }
}
