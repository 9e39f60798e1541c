package dev.pipelineguard.localinvoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A local Lambda Runtime API (2018-06-01) serving its invocations, one after the other (one for a
 * run, several for an AOT cache's training run), to the official runtime interface client, and
 * collecting the last one's response or the first error. Under SnapStart the client first calls
 * {@code /runtime/restore/next} once its {@code beforeCheckpoint} hooks have run: that is where
 * Lambda takes the snapshot, and where it later resumes the restored copy; here the restore follows
 * at once. Errors of {@code afterRestore} hooks arrive on {@code /runtime/restore/error}.
 */
final class RuntimeApi implements AutoCloseable {
  private static final String PREFIX = "/2018-06-01/runtime/";

  /** Lambda's lifecycle phases, as far as one invocation goes. */
  enum Phase {
    INIT,
    RESTORE,
    INVOKE
  }

  /** One event to deliver, under its request id. */
  @SuppressWarnings(
      "ArrayRecordComponent") // never compared: equals would compare the array's identity
  record Invocation(String requestId, byte[] event) {}

  /**
   * What the runtime reported: a response body, or an error body with its type (the {@code
   * Lambda-Runtime-Function-Error-Type} header), in which phase and when (nanoTime).
   */
  @SuppressWarnings(
      "ArrayRecordComponent") // never compared: equals would compare the array's identity
  record Outcome(Phase phase, boolean error, byte[] body, String errorType, long atNanos) {}

  private final HttpServer server;
  private final List<Invocation> invocations;
  private final String functionArn;
  private final long timeoutMillis;
  private final boolean snapStart;
  private final Runnable onRestore;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private final CompletableFuture<Long> checkpointed = new CompletableFuture<>();
  private final CompletableFuture<Long> invoked = new CompletableFuture<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private Phase phase = Phase.INIT;

  /** Invocations handed to the runtime so far. */
  private int served;

  /**
   * @param snapStart whether {@code /runtime/restore/next} may be called (the runtime was started
   *     with {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start})
   * @param onRestore runs when the snapshot is "restored", before the runtime learns of it
   */
  RuntimeApi(
      List<Invocation> invocations,
      String functionArn,
      long timeoutMillis,
      boolean snapStart,
      Runnable onRestore)
      throws IOException {
    if (invocations.isEmpty()) {
      throw new IllegalArgumentException("no invocation to serve");
    }
    this.invocations = List.copyOf(invocations);
    this.functionArn = functionArn;
    this.timeoutMillis = timeoutMillis;
    this.snapStart = snapStart;
    this.onRestore = onRestore;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "runtime-api");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(PREFIX, this::handle);
    server.start();
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves another API on the same address, as Lambda serves the credentials endpoint. */
  void mount(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  CompletableFuture<Outcome> outcome() {
    return outcome;
  }

  /**
   * Completes (nanoTime) when the runtime is ready for the snapshot: its beforeCheckpoint hooks
   * ran.
   */
  CompletableFuture<Long> checkpointed() {
    return checkpointed;
  }

  /** Completes (nanoTime) when the runtime has taken the first event. */
  CompletableFuture<Long> invoked() {
    return invoked;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
    byte[] body = exchange.getRequestBody().readAllBytes();
    boolean get = exchange.getRequestMethod().equals("GET");
    if (get && path.equals("invocation/next")) {
      next(exchange);
      return;
    }
    if (get && path.equals("restore/next")) {
      restoreNext(exchange);
      return;
    }
    String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    int index = indexOf(path);
    if (index >= 0 && path.endsWith("/response")) {
      // The last one's answer is the outcome; the ones before it only let the next one go.
      if (index == invocations.size() - 1) {
        outcome.complete(new Outcome(Phase.INVOKE, false, body, null, System.nanoTime()));
      }
    } else if (index >= 0 && path.endsWith("/error")) {
      outcome.complete(new Outcome(Phase.INVOKE, true, body, errorType, System.nanoTime()));
    } else if (path.equals("init/error") || path.equals("restore/error")) {
      // Lambda also takes an init/error sent while restoring as a restore error.
      outcome.complete(new Outcome(phase(), true, body, errorType, System.nanoTime()));
    } else {
      respond(
          exchange, 404, "{\"errorMessage\":\"unknown path\"}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    respond(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
  }

  /** The invocation a {@code invocation/<id>/response|error} path answers, or -1. */
  private int indexOf(String path) {
    for (int i = 0; i < invocations.size(); i++) {
      String prefix = "invocation/" + invocations.get(i).requestId() + "/";
      if (path.equals(prefix + "response") || path.equals(prefix + "error")) {
        return i;
      }
    }
    return -1;
  }

  private synchronized Phase phase() {
    return phase;
  }

  private void restoreNext(HttpExchange exchange) throws IOException {
    synchronized (this) {
      if (!snapStart || phase != Phase.INIT) {
        respond(
            exchange,
            403,
            ("{\"errorMessage\":\"restore/next is only valid once, during a SnapStart init\","
                    + "\"errorType\":\"Runtime.InvalidStateTransition\"}")
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      phase = Phase.RESTORE;
    }
    checkpointed.complete(System.nanoTime());
    onRestore.run();
    respond(exchange, 200, new byte[0]);
  }

  private void next(HttpExchange exchange) throws IOException {
    int index;
    synchronized (this) {
      index = served++;
      phase = Phase.INVOKE;
    }
    if (index >= invocations.size()) {
      // No further invocation comes: hold the runtime here until local-invoke stops it.
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    invoked.complete(System.nanoTime());
    Invocation invocation = invocations.get(index);
    long now = System.currentTimeMillis();
    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    exchange
        .getResponseHeaders()
        .add("Lambda-Runtime-Deadline-Ms", String.valueOf(now + timeoutMillis));
    exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    exchange
        .getResponseHeaders()
        .add(
            "Lambda-Runtime-Trace-Id",
            "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    respond(exchange, 200, invocation.event());
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
  }
}
