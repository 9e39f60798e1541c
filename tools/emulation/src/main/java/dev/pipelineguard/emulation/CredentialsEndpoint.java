package dev.pipelineguard.emulation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pipelineguard.common.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A container credentials endpoint as Lambda serves it under SnapStart, on loopback: a random token
 * that must arrive as the {@code Authorization} header, the JSON shape {@code
 * AccessKeyId/SecretAccessKey/Token/Expiration}, and 404 for any other token (what the runtime
 * interface emulator answers). It counts what it served and refused, and can change the credentials
 * it serves (a restore gets fresh ones) or stop answering (to prove timeouts).
 *
 * <p>{@link #install()} points this JVM's SDK at it through the system-property twins of {@code
 * AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}; {@link
 * #close()} removes them again.
 */
public final class CredentialsEndpoint implements AutoCloseable {
  public static final String PATH = "/2021-04-23/credentials";
  private static final String FULL_URI_PROPERTY = "aws.containerCredentialsFullUri";
  private static final String TOKEN_PROPERTY = "aws.containerAuthorizationToken";

  private final HttpServer server;
  private final String token;
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Map<String, Object> credentials;
  private volatile boolean hanging;

  public CredentialsEndpoint(String accessKeyId, String secretAccessKey, String sessionToken) {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    this.token = HexFormat.of().formatHex(random);
    serve(accessKeyId, secretAccessKey, sessionToken);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the credentials endpoint", e);
    }
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "credentials-endpoint");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(PATH, this::handle);
    server.start();
  }

  /** What {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} is set to. */
  public String fullUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** What {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} is set to. */
  public String token() {
    return token;
  }

  /** Points the SDK in this JVM at this endpoint (see the class comment). */
  public CredentialsEndpoint install() {
    System.setProperty(FULL_URI_PROPERTY, fullUri());
    System.setProperty(TOKEN_PROPERTY, token);
    return this;
  }

  /** Serves these credentials from now on, as Lambda does after a restore. */
  public void serve(String accessKeyId, String secretAccessKey, String sessionToken) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("AccessKeyId", accessKeyId);
    body.put("SecretAccessKey", secretAccessKey);
    body.put("Token", sessionToken);
    body.put(
        "Expiration",
        Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
    credentials = body;
  }

  /** From now on, requests are held unanswered until {@link #close()}. */
  public void hang() {
    hanging = true;
  }

  /** Requests answered with credentials (the right token). */
  public int served() {
    return served.get();
  }

  /** Requests refused for a missing or wrong token. */
  public int refused() {
    return refused.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (hanging) {
        closed.await();
        return;
      }
      String presented = exchange.getRequestHeaders().getFirst("Authorization");
      if (presented == null
          || !MessageDigest.isEqual(
              presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
        refused.incrementAndGet();
        send(exchange, 404, "cannot get credentials for the provided token", "text/plain");
        return;
      }
      served.incrementAndGet();
      send(exchange, 200, JsonWriter.write(credentials), "application/json");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    System.clearProperty(FULL_URI_PROPERTY);
    System.clearProperty(TOKEN_PROPERTY);
    closed.countDown();
    server.stop(0);
  }
}
