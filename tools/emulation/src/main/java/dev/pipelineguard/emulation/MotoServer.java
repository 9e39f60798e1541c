package dev.pipelineguard.emulation;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real moto_server on a free loopback port, started once per test JVM and stopped when it exits.
 * Missing moto_server is a failure that names the fix, never a skipped test.
 */
public final class MotoServer {
  private static MotoServer shared;

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  public static synchronized MotoServer shared() {
    if (shared == null) {
      shared = start();
      MotoServer started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return shared;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every resource, for tests that need an empty account. */
  public void reset() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) endpoint.resolve("/moto-api/reset").toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.getOutputStream().close();
      if (c.getResponseCode() != 200) {
        throw new IllegalStateException("moto reset answered " + c.getResponseCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto reset failed", e);
    }
  }

  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static MotoServer start() {
    String executable = findExecutable();
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      try {
        return launch(executable, port);
      } catch (IllegalStateException e) {
        last = e; // most likely the port was taken between probing and binding
      }
    }
    throw last;
  }

  private static MotoServer launch(String executable, int port) {
    ProcessBuilder builder =
        new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true);
    builder.environment().put("PYTHONUNBUFFERED", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + executable + ": " + e.getMessage(), e);
    }
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    StringBuilder seen = new StringBuilder();
    Thread drain =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  if (!ready.isDone()) {
                    seen.append(line).append('\n');
                    if (line.contains("Running on http://")) {
                      ready.complete(true);
                    }
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              ready.complete(false);
            },
            "moto-server-output");
    drain.setDaemon(true);
    drain.start();
    boolean up;
    try {
      up = ready.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      up = false;
    }
    if (!up) {
      process.destroyForcibly();
      throw new IllegalStateException("moto_server did not start on port " + port + ":\n" + seen);
    }
    return new MotoServer(process, URI.create("http://127.0.0.1:" + port));
  }

  /** moto_server from $MOTO_SERVER, the repository's .venv (made by bin/test), or PATH. */
  static String findExecutable() {
    String explicit = System.getenv("MOTO_SERVER");
    if (explicit != null && new File(explicit).canExecute()) {
      return explicit;
    }
    Path venv = RepoPaths.root().resolve(".venv/bin/moto_server");
    if (Files.isExecutable(venv)) {
      return venv.toString();
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        File candidate = new File(dir, "moto_server");
        if (candidate.canExecute()) {
          return candidate.getPath();
        }
      }
    }
    throw new IllegalStateException(
        "moto_server is not installed: run bin/test (it installs moto into .venv) "
            + "or `python3 -m pip install \"moto[server]\"`");
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }
}
