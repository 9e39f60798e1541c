package dev.pipelineguard.localinvoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A local Lambda Runtime API (2018-06-01) serving exactly one invocation to the official runtime
 * interface client, and collecting its response or error.
 */
final class RuntimeApi implements AutoCloseable {
  private static final String PREFIX = "/2018-06-01/runtime/";

  /** What the runtime reported: a response body, or an error body with its type, and when (nanoTime). */
  record Outcome(boolean error, byte[] body, String errorType, long atNanos) {}

  private final HttpServer server;
  private final byte[] event;
  private final String requestId;
  private final String functionArn;
  private final long timeoutMillis;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private final CompletableFuture<Long> invokedAt = new CompletableFuture<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private boolean served;

  RuntimeApi(byte[] event, String requestId, String functionArn, long timeoutMillis) throws IOException {
    this.event = event;
    this.requestId = requestId;
    this.functionArn = functionArn;
    this.timeoutMillis = timeoutMillis;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
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

  CompletableFuture<Outcome> outcome() {
    return outcome;
  }

  /** Completes when the runtime has taken the event, with the wall-clock time it did. */
  CompletableFuture<Long> invokedAt() {
    return invokedAt;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (exchange.getRequestMethod().equals("GET") && path.equals("invocation/next")) {
      next(exchange);
      return;
    }
    if (path.equals("invocation/" + requestId + "/response")) {
      outcome.complete(new Outcome(false, body, null, System.nanoTime()));
    } else if (path.equals("invocation/" + requestId + "/error") || path.equals("init/error")) {
      String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
      outcome.complete(new Outcome(true, body, type, System.nanoTime()));
    } else {
      respond(exchange, 404, "{\"errorMessage\":\"unknown path\"}".getBytes());
      return;
    }
    respond(exchange, 202, "{\"status\":\"OK\"}".getBytes());
  }

  private void next(HttpExchange exchange) throws IOException {
    synchronized (this) {
      if (served) {
        // A second invocation never comes: hold the runtime here until local-invoke stops it.
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
          closed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
        return;
      }
      served = true;
    }
    long now = System.currentTimeMillis();
    invokedAt.complete(now);
    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
    exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(now + timeoutMillis));
    exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
        "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    respond(exchange, 200, event);
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
