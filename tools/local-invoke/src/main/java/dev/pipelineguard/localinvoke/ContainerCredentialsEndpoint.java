package dev.pipelineguard.localinvoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pipelineguard.common.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container credentials endpoint Lambda gives a function instead of access keys under
 * SnapStart, serving the caller's own credentials. As in Lambda's runtime API server (the runtime
 * interface emulator's {@code /2021-04-23/credentials}): on the Runtime API's loopback address, a
 * random token the SDK must send as the {@code Authorization} header, 404 for any other token, and
 * the JSON {@code AccessKeyId}, {@code SecretAccessKey}, {@code Token}, {@code Expiration}.
 */
final class ContainerCredentialsEndpoint implements HttpHandler {
  static final String PATH = "/2021-04-23/credentials";
  static final String FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
  static final String AUTHORIZATION_TOKEN = "AWS_CONTAINER_AUTHORIZATION_TOKEN";

  /**
   * The caller's credentials an invocation may use; without them the endpoint has nothing to serve.
   */
  static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

  static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
  static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

  /**
   * Caller credentials carry no expiry; one hour is within what the SDK caches without refreshing.
   */
  private static final Duration LIFETIME = Duration.ofHours(1);

  private final String token;
  private final byte[] credentials;
  private final AtomicInteger beforeRestore = new AtomicInteger();
  private final AtomicInteger afterRestore = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean restored;

  private ContainerCredentialsEndpoint(String token, byte[] credentials) {
    this.token = token;
    this.credentials = credentials;
  }

  /** Serves the access keys in {@code callerEnv}, or refuses every request when it has none. */
  static ContainerCredentialsEndpoint forCaller(Map<String, String> callerEnv, Clock clock) {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String keyId = callerEnv.get(ACCESS_KEY_ID);
    String secret = callerEnv.get(SECRET_ACCESS_KEY);
    if (blank(keyId) || blank(secret)) {
      return new ContainerCredentialsEndpoint(token, null);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("AccessKeyId", keyId);
    body.put("SecretAccessKey", secret);
    String session = callerEnv.get(SESSION_TOKEN);
    if (!blank(session)) {
      body.put("Token", session);
    }
    body.put(
        "Expiration", clock.instant().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS).toString());
    return new ContainerCredentialsEndpoint(
        token, JsonWriter.write(body).getBytes(StandardCharsets.UTF_8));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  boolean hasCredentials() {
    return credentials != null;
  }

  /** The function's {@code AWS_CONTAINER_*} variables, for a Runtime API at {@code apiAddress}. */
  Map<String, String> environment(String apiAddress) {
    return Map.of(FULL_URI, "http://" + apiAddress + PATH, AUTHORIZATION_TOKEN, token);
  }

  /** Requests from now on count as after the restore. */
  void restored() {
    restored = true;
  }

  /** One line for the caller: what the function fetched, in which phase, and what was refused. */
  String summary(boolean snapStart) {
    String served =
        snapStart
            ? requests(beforeRestore.get())
                + " before the snapshot, "
                + afterRestore.get()
                + " after restore"
            : requests(beforeRestore.get() + afterRestore.get()) + " served";
    return "local-invoke: container credentials: " + served + ", " + refused.get() + " refused";
  }

  private static String requests(int n) {
    return n + (n == 1 ? " request" : " requests");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String presented = exchange.getRequestHeaders().getFirst("Authorization");
      boolean valid =
          presented != null
              && MessageDigest.isEqual(
                  presented.getBytes(StandardCharsets.UTF_8),
                  token.getBytes(StandardCharsets.UTF_8));
      if (!valid || credentials == null || !exchange.getRequestMethod().equals("GET")) {
        refused.incrementAndGet();
        String why =
            valid
                ? "local-invoke has no credentials to serve: set "
                    + ACCESS_KEY_ID
                    + " and "
                    + SECRET_ACCESS_KEY
                    + " in its environment"
                : "cannot get credentials for the provided token";
        send(exchange, 404, "text/plain", why.getBytes(StandardCharsets.UTF_8));
        return;
      }
      (restored ? afterRestore : beforeRestore).incrementAndGet();
      send(exchange, 200, "application/json", credentials);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
