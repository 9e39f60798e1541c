package dev.pipelineguard.emulation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import dev.pipelineguard.common.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A stateful, in-process stand-in for Slack's Web API ({@code chat.postMessage}, {@code
 * chat.update}) that behaves as documented (docs.slack.dev method pages, aws-facts G4), so tests
 * and the demo can check what a Slack channel would end up showing:
 *
 * <ul>
 *   <li>{@code Authorization: Bearer xoxb-…} must match the configured token: absent is {@code
 *       not_authed}, another is {@code invalid_auth}, a revoked one {@code token_revoked}; bodies
 *       must be {@code application/json} ({@code missing_post_type} / {@code invalid_post_type})
 *       and parse ({@code invalid_json});
 *   <li>channels are known by id or name ({@code channel_not_found}), the bot must be a member
 *       ({@code not_in_channel}), archived ones refuse ({@code is_archived}); {@code chat.update}
 *       takes the channel id only;
 *   <li>every message gets a {@code ts} like {@code 1712345678.000100}, increasing per channel;
 *       {@code thread_ts} must be a parent in that channel ({@code thread_not_found} when unknown
 *       or deleted, {@code invalid_thread_ts} for a reply's ts or a malformed one — Slack does not
 *       document which it answers, these are what clients report);
 *   <li>{@code chat.update} needs an existing, undeleted message ({@code message_not_found}) the
 *       app posted ({@code cant_update_message});
 *   <li>messages are checked: text, blocks or attachments ({@code no_text}), text at most 40,000
 *       characters ({@code msg_too_long}), at most 100 attachments, and Block Kit limits ({@code
 *       invalid_blocks}: 50 blocks, header plain_text ≤ 150, section text ≤ 3,000, ≤ 10 fields of ≤
 *       2,000, context 1–10 elements, block_id ≤ 255);
 *   <li>rate limits, on the injected clock: {@code chat.postMessage} about one per second per
 *       channel with a small burst, {@code chat.update} 50 per minute (Tier 3); over a limit HTTP
 *       429 with {@code Retry-After} seconds and {@code {"ok":false,"error":"ratelimited"}}.
 * </ul>
 *
 * Tests can inject faults (a 5xx, an {@code ok:false} error, a 429), hold a request until released
 * (timeouts, races), delete a message, revoke the token; the fake records every call and the
 * conversation: parents with every version they showed, and their thread replies.
 */
public final class FakeSlackWebApi implements AutoCloseable {
  public static final String BOT_ID = "B0PGUARD01";
  public static final int MAX_TEXT = 40_000;
  private static final Pattern TS = Pattern.compile("\\d{10}\\.\\d{6}");
  private static final Set<String> BLOCK_TYPES =
      Set.of(
          "header",
          "section",
          "context",
          "divider",
          "actions",
          "image",
          "rich_text",
          "input",
          "file",
          "video",
          "markdown");

  /** One message as the channel shows it now, with every payload it showed (post, then updates). */
  public record Message(
      String channel,
      String ts,
      String threadTs,
      String text,
      Json blocks,
      Json attachments,
      boolean deleted,
      boolean byThisApp,
      List<String> versions) {
    public boolean isParent() {
      return threadTs == null;
    }

    /** The payload it shows now: {@code text}, {@code blocks}, {@code attachments}. */
    public Json payload() {
      return Json.parse(versions.get(versions.size() - 1));
    }
  }

  /** One request as answered. */
  public record Call(String method, int status, String error, String channel, String threadTs) {
    public boolean ok() {
      return status == 200 && error == null;
    }
  }

  /** A scripted failure for the next call of a method. */
  public record Fault(int status, String error, String retryAfter, String rawBody) {
    /** An HTTP status with Slack's JSON error body (500, 503, ...). */
    public static Fault httpStatus(int status) {
      return new Fault(status, "http_" + status, null, null);
    }

    /** HTTP 200 with {@code {"ok":false,"error":error}}. */
    public static Fault slackError(String error) {
      return new Fault(200, error, null, null);
    }

    /** HTTP 429 with {@code Retry-After: seconds}. */
    public static Fault rateLimited(long seconds) {
      return new Fault(429, "ratelimited", Long.toString(seconds), null);
    }

    /** Any status with a body that is not Slack's (a proxy's error page, a cut-off answer). */
    public static Fault raw(int status, String body) {
      return new Fault(status, null, null, body);
    }
  }

  /** A request held on arrival until released: tests see it arrive, then let it go on. */
  public static final class Hold {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    public boolean awaitArrival(Duration timeout) throws InterruptedException {
      return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void release() {
      released.countDown();
    }
  }

  private static final class Channel {
    final String id;
    final String name;
    boolean member;
    boolean archived;
    double tokens = -1; // posts it may make now (a token bucket); -1: full, not used yet
    Instant refilled;

    Channel(String id, String name, boolean member) {
      this.id = id;
      this.name = name;
      this.member = member;
    }
  }

  private static final class Stored {
    final String channel;
    final String ts;
    final String threadTs;
    final boolean byThisApp;
    Json payload;
    boolean deleted;
    final List<String> versions = new ArrayList<>();

    Stored(String channel, String ts, String threadTs, boolean byThisApp, Json payload) {
      this.channel = channel;
      this.ts = ts;
      this.threadTs = threadTs;
      this.byThisApp = byThisApp;
      this.payload = payload;
      versions.add(payload.toString());
    }

    Message snapshot() {
      return new Message(
          channel,
          ts,
          threadTs,
          payload.get("text").text(),
          payload.get("blocks"),
          payload.get("attachments"),
          deleted,
          byThisApp,
          List.copyOf(versions));
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Clock clock;
  private final Object lock = new Object();
  // everything below is guarded by lock
  private String token;
  private boolean tokenRevoked;
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Map<String, Stored> messages = new LinkedHashMap<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final Map<String, Deque<Hold>> holds = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final Deque<Instant> updateTimes = new ArrayDeque<>();
  private int postBurst = 3;
  private Duration postInterval = Duration.ofSeconds(1);
  private int updatesPerMinute = 50;
  private long lastSecond;
  private long lastMicros;

  private FakeSlackWebApi(Clock clock, String token) {
    this.clock = clock;
    this.token = token;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-slack");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/api/", this::handle);
    server.start();
  }

  /** A fake workspace whose bot token is {@code token}, on a free loopback port. */
  public static FakeSlackWebApi start(Clock clock, String token) {
    return new FakeSlackWebApi(clock, token);
  }

  /**
   * {@code http://127.0.0.1:<port>/api/}: what the client uses instead of {@code
   * https://slack.com/api/}.
   */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");
  }

  /** A channel the bot is a member of. */
  public FakeSlackWebApi channel(String id, String name) {
    synchronized (lock) {
      channels.put(id, new Channel(id, name, true));
    }
    return this;
  }

  /** A channel the bot was not invited to. */
  public FakeSlackWebApi channelWithoutBot(String id, String name) {
    synchronized (lock) {
      channels.put(id, new Channel(id, name, false));
    }
    return this;
  }

  public void archive(String channelId) {
    synchronized (lock) {
      channel(channelId).archived = true;
    }
  }

  public void revokeToken() {
    synchronized (lock) {
      tokenRevoked = true;
    }
  }

  /** A new token (rotation): the old one is now {@code invalid_auth}. */
  public void rotateToken(String newToken) {
    synchronized (lock) {
      token = newToken;
      tokenRevoked = false;
    }
  }

  /**
   * {@code chat.postMessage}: {@code burst} posts at once per channel, then one per {@code
   * interval}.
   */
  public FakeSlackWebApi postRateLimit(int burst, Duration interval) {
    synchronized (lock) {
      postBurst = burst;
      postInterval = interval;
    }
    return this;
  }

  public FakeSlackWebApi updateRateLimit(int perMinute) {
    synchronized (lock) {
      updatesPerMinute = perMinute;
    }
    return this;
  }

  /** No rate limits (tests about other things that post a lot on a clock that stands still). */
  public FakeSlackWebApi noRateLimits() {
    return postRateLimit(Integer.MAX_VALUE, Duration.ZERO).updateRateLimit(Integer.MAX_VALUE);
  }

  /** The next call of {@code method} answers {@code fault} (faults queue up in order). */
  public void failNext(String method, Fault fault) {
    synchronized (lock) {
      faults.computeIfAbsent(method, m -> new ArrayDeque<>()).add(fault);
    }
  }

  /** The next call of {@code method} waits on arrival until the hold is released. */
  public Hold holdNext(String method) {
    Hold hold = new Hold();
    synchronized (lock) {
      holds.computeIfAbsent(method, m -> new ArrayDeque<>()).add(hold);
    }
    return hold;
  }

  /** Deletes a message as a user would; a deleted parent's thread can no longer be replied to. */
  public void delete(String channelId, String ts) {
    synchronized (lock) {
      Stored stored = messages.get(channelId + "/" + ts);
      if (stored == null) {
        throw new IllegalArgumentException("no message " + ts + " in " + channelId);
      }
      stored.deleted = true;
    }
  }

  /** A message someone else posted (not this app): the app may reply to it but not update it. */
  public String postAsSomeoneElse(String channelId, String text) {
    synchronized (lock) {
      String ts = nextTs();
      messages.put(
          channelId + "/" + ts,
          new Stored(
              channelId, ts, null, false, Json.parse(JsonWriter.write(Map.of("text", text)))));
      return ts;
    }
  }

  public List<Call> calls() {
    synchronized (lock) {
      return List.copyOf(calls);
    }
  }

  /** Every message in the order it was posted. */
  public List<Message> messages() {
    synchronized (lock) {
      return messages.values().stream().map(Stored::snapshot).toList();
    }
  }

  /** The top-level messages of a channel, deleted ones included (flagged). */
  public List<Message> parents(String channelId) {
    return messages().stream().filter(m -> m.channel().equals(channelId) && m.isParent()).toList();
  }

  public List<Message> replies(String channelId, String parentTs) {
    return messages().stream()
        .filter(m -> m.channel().equals(channelId) && parentTs.equals(m.threadTs()))
        .toList();
  }

  public Optional<Message> message(String channelId, String ts) {
    synchronized (lock) {
      Stored stored = messages.get(channelId + "/" + ts);
      return stored == null ? Optional.empty() : Optional.of(stored.snapshot());
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      holds.values().forEach(q -> q.forEach(Hold::release));
    }
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestURI().getPath().substring("/api/".length());
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Hold hold;
    synchronized (lock) {
      Deque<Hold> queue = holds.get(method);
      hold = queue == null ? null : queue.poll();
    }
    if (hold != null) {
      hold.arrived.countDown();
      try {
        if (!hold.released.await(60, TimeUnit.SECONDS)) {
          exchange.close();
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.close();
        return;
      }
    }
    Answer answer;
    synchronized (lock) {
      answer = answer(exchange, method, body);
      calls.add(new Call(method, answer.status, answer.error, answer.channel, answer.threadTs));
    }
    byte[] out = answer.body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    if (answer.retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", answer.retryAfter);
    }
    try {
      exchange.sendResponseHeaders(answer.status, out.length);
      try (OutputStream stream = exchange.getResponseBody()) {
        stream.write(out);
      }
    } catch (IOException clientGone) {
      // the client gave up (timed out) while the request was held: nobody to answer
    } finally {
      exchange.close();
    }
  }

  private record Answer(
      int status, String body, String error, String retryAfter, String channel, String threadTs) {
    static Answer error(String error) {
      return new Answer(
          200, JsonWriter.write(Map.of("ok", false, "error", error)), error, null, null, null);
    }
  }

  private Answer answer(HttpExchange exchange, String method, byte[] body) {
    Deque<Fault> scripted = faults.get(method);
    Fault fault = scripted == null ? null : scripted.poll();
    if (fault != null) {
      String text =
          fault.rawBody != null
              ? fault.rawBody
              : JsonWriter.write(Map.of("ok", false, "error", fault.error));
      return new Answer(fault.status, text, fault.error, fault.retryAfter, null, null);
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      return new Answer(
          405,
          JsonWriter.write(Map.of("ok", false, "error", "invalid_request")),
          "invalid_request",
          null,
          null,
          null);
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || auth.isBlank()) {
      return Answer.error("not_authed");
    }
    if (!auth.equals("Bearer " + token)) {
      return Answer.error("invalid_auth");
    }
    if (tokenRevoked) {
      return Answer.error("token_revoked");
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null) {
      return Answer.error("missing_post_type");
    }
    if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return Answer.error("invalid_post_type");
    }
    Json request;
    try {
      request = Json.parse(body);
    } catch (JsonException e) {
      return Answer.error("invalid_json");
    }
    switch (method) {
      case "chat.postMessage":
        return postMessage(request);
      case "chat.update":
        return update(request);
      default:
        return Answer.error("unknown_method");
    }
  }

  private Answer postMessage(Json request) {
    String channelRef = request.get("channel").text();
    Channel channel = channelRef == null ? null : find(channelRef);
    if (channel == null) {
      return Answer.error("channel_not_found");
    }
    if (channel.archived) {
      return Answer.error("is_archived");
    }
    if (!channel.member) {
      return Answer.error("not_in_channel");
    }
    String problem = messageProblem(request);
    if (problem != null) {
      return Answer.error(problem);
    }
    String threadTs = request.get("thread_ts").text();
    if (threadTs != null) {
      if (!TS.matcher(threadTs).matches()) {
        return Answer.error("invalid_thread_ts");
      }
      Stored parent = messages.get(channel.id + "/" + threadTs);
      if (parent == null || parent.deleted) {
        return Answer.error("thread_not_found");
      }
      if (parent.threadTs != null) {
        return Answer.error("invalid_thread_ts");
      }
    }
    Duration wait = takePost(channel);
    if (wait != null) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      return new Answer(
          429,
          JsonWriter.write(Map.of("ok", false, "error", "ratelimited")),
          "ratelimited",
          Long.toString(seconds),
          channel.id,
          threadTs);
    }
    String ts = nextTs();
    Json payload = messagePayload(request);
    messages.put(channel.id + "/" + ts, new Stored(channel.id, ts, threadTs, true, payload));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ok", true);
    answer.put("channel", channel.id);
    answer.put("ts", ts);
    answer.put("message", echo(payload, ts, threadTs));
    return new Answer(200, JsonWriter.write(answer), null, null, channel.id, threadTs);
  }

  private Answer update(Json request) {
    String channelId = request.get("channel").text();
    Channel channel = channelId == null ? null : channels.get(channelId);
    if (channel == null) {
      return Answer.error("channel_not_found"); // chat.update takes the channel id, not its name
    }
    if (channel.archived) {
      return Answer.error("is_inactive");
    }
    String ts = request.get("ts").text();
    Stored stored = ts == null ? null : messages.get(channel.id + "/" + ts);
    if (stored == null || stored.deleted) {
      return Answer.error("message_not_found");
    }
    if (!stored.byThisApp) {
      return Answer.error("cant_update_message");
    }
    String problem = messageProblem(request);
    if (problem != null) {
      return Answer.error(problem);
    }
    if (updatesPerMinute != Integer.MAX_VALUE) {
      Instant now = clock.instant();
      while (!updateTimes.isEmpty() && !updateTimes.peekFirst().isAfter(now.minusSeconds(60))) {
        updateTimes.pollFirst();
      }
      if (updateTimes.size() >= updatesPerMinute) {
        Duration wait = Duration.between(now, updateTimes.peekFirst().plusSeconds(60));
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new Answer(
            429,
            JsonWriter.write(Map.of("ok", false, "error", "ratelimited")),
            "ratelimited",
            Long.toString(seconds),
            channel.id,
            null);
      }
      updateTimes.add(now);
    }
    stored.payload = messagePayload(request);
    stored.versions.add(stored.payload.toString());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ok", true);
    answer.put("channel", channel.id);
    answer.put("ts", ts);
    answer.put("text", stored.payload.get("text").textOr(""));
    answer.put("message", echo(stored.payload, ts, stored.threadTs));
    return new Answer(200, JsonWriter.write(answer), null, null, channel.id, null);
  }

  /**
   * How long until the channel accepts another post, or null when it does now and the post is
   * counted: a token bucket of {@code postBurst} posts, refilled by one every {@code postInterval}.
   */
  private Duration takePost(Channel channel) {
    if (postBurst == Integer.MAX_VALUE) {
      return null;
    }
    Instant now = clock.instant();
    if (channel.tokens < 0) {
      channel.tokens = postBurst;
    } else {
      double refill =
          (double) Duration.between(channel.refilled, now).toNanos() / postInterval.toNanos();
      channel.tokens = Math.min(postBurst, channel.tokens + Math.max(0, refill));
    }
    channel.refilled = now;
    if (channel.tokens >= 1) {
      channel.tokens -= 1;
      return null;
    }
    return Duration.ofNanos((long) Math.ceil((1 - channel.tokens) * postInterval.toNanos()));
  }

  private Channel find(String ref) {
    Channel byId = channels.get(ref);
    if (byId != null) {
      return byId;
    }
    String name = ref.startsWith("#") ? ref.substring(1) : ref;
    return channels.values().stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
  }

  private Channel channel(String id) {
    Channel channel = channels.get(id);
    if (channel == null) {
      throw new IllegalArgumentException("no channel " + id);
    }
    return channel;
  }

  /** ts values as Slack writes them: seconds, a dot, six digits; increasing. */
  private String nextTs() {
    long second = clock.instant().getEpochSecond();
    if (second > lastSecond) {
      lastSecond = second;
      lastMicros = 100;
    } else {
      lastMicros++;
    }
    return String.format(Locale.ROOT, "%010d.%06d", lastSecond, lastMicros);
  }

  private static Json messagePayload(Json request) {
    Map<String, Object> payload = new LinkedHashMap<>();
    for (String field : new String[] {"text", "blocks", "attachments"}) {
      if (request.has(field)) {
        payload.put(field, request.get(field));
      }
    }
    return Json.parse(JsonWriter.write(payload));
  }

  private static Map<String, Object> echo(Json payload, String ts, String threadTs) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("subtype", "bot_message");
    message.put("bot_id", BOT_ID);
    message.put("text", payload.get("text").textOr(""));
    message.put("ts", ts);
    if (threadTs != null) {
      message.put("thread_ts", threadTs);
    }
    if (payload.has("blocks")) {
      message.put("blocks", payload.get("blocks"));
    }
    if (payload.has("attachments")) {
      message.put("attachments", payload.get("attachments"));
    }
    return message;
  }

  // ---------------------------------------------------------------------------------------------
  // What Slack checks in a message

  private static String messageProblem(Json request) {
    String text = request.get("text").text();
    boolean blocks = !request.get("blocks").elements().isEmpty();
    boolean attachments = !request.get("attachments").elements().isEmpty();
    if ((text == null || text.isBlank()) && !blocks && !attachments) {
      return "no_text";
    }
    if (text != null && text.length() > MAX_TEXT) {
      return "msg_too_long";
    }
    if (request.get("attachments").elements().size() > 100) {
      return "too_many_attachments";
    }
    if (request.has("blocks") && blocksProblem(request.get("blocks")) != null) {
      return "invalid_blocks";
    }
    for (Json attachment : request.get("attachments").elements()) {
      if (attachment.has("blocks") && blocksProblem(attachment.get("blocks")) != null) {
        return "invalid_blocks";
      }
    }
    return null;
  }

  /** Why Slack would refuse these blocks, or null. */
  static String blocksProblem(Json blocks) {
    if (!blocks.isArray()) {
      return "blocks is not an array";
    }
    if (blocks.elements().size() > 50) {
      return "more than 50 blocks";
    }
    for (Json block : blocks.elements()) {
      String type = block.get("type").text();
      if (type == null || !BLOCK_TYPES.contains(type)) {
        return "unknown block type " + type;
      }
      String blockId = block.get("block_id").text();
      if (blockId != null && blockId.length() > 255) {
        return "block_id longer than 255";
      }
      switch (type) {
        case "header":
          if (!textObject(block.get("text"), 150, true)) {
            return "header text";
          }
          break;
        case "section":
          List<Json> fields = block.get("fields").elements();
          if (!block.has("text") && fields.isEmpty()) {
            return "section without text or fields";
          }
          if (block.has("text") && !textObject(block.get("text"), 3000, false)) {
            return "section text";
          }
          if (fields.size() > 10) {
            return "more than 10 fields";
          }
          for (Json field : fields) {
            if (!textObject(field, 2000, false)) {
              return "section field";
            }
          }
          break;
        case "context":
          List<Json> elements = block.get("elements").elements();
          if (elements.isEmpty() || elements.size() > 10) {
            return "context elements";
          }
          break;
        default:
          break;
      }
    }
    return null;
  }

  private static boolean textObject(Json object, int max, boolean plainOnly) {
    String type = object.get("type").text();
    if (!"plain_text".equals(type) && !(!plainOnly && "mrkdwn".equals(type))) {
      return false;
    }
    String text = object.get("text").text();
    return text != null && !text.isEmpty() && text.length() <= max;
  }
}
