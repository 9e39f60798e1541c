package dev.pipelineguard.notifier.board;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import dev.pipelineguard.common.JsonWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A board and its thread as one JSON document (what the store keeps), and back. Written in a stable
 * order, so equal records are equal text; absent values are left out.
 */
public final class BoardCodec {
  static final int SCHEMA = 1;

  private BoardCodec() {}

  /** The stored document could not be read: its text is never quoted (it holds event text). */
  public static final class UnreadableBoardException extends RuntimeException {
    UnreadableBoardException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static String write(ExecutionBoard board, ThreadState thread) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", SCHEMA);
    out.put("executionId", board.executionId());
    put(out, "pipeline", board.pipeline());
    put(out, "region", board.region());
    put(out, "account", board.account());
    put(out, "pipelineState", stamp(board.pipelineState()));
    put(out, "stopComments", board.stopComments());
    put(out, "executionStart", board.executionStart());
    put(out, "source", source(board.source()));
    List<Object> stages = new ArrayList<>();
    for (StageRun run : board.stages().values()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", run.name());
      put(s, "latest", stamp(run.latest()));
      put(s, "started", stamp(run.started()));
      put(s, "firstSeen", run.firstSeen());
      put(s, "firstRun", stamp(run.firstRun()));
      stages.add(s);
    }
    out.put("stages", stages);
    List<Object> actions = new ArrayList<>();
    for (ActionRun run : board.actions().values()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("stage", run.stage());
      a.put("name", run.name());
      put(a, "latest", stamp(run.latest()));
      Map<String, Object> result = new LinkedHashMap<>();
      put(result, "errorCode", run.result().errorCode());
      put(result, "summary", run.result().summary());
      put(result, "externalUrl", run.result().externalUrl());
      put(result, "actionExecutionId", run.result().actionExecutionId());
      put(a, "result", result.isEmpty() ? null : result);
      put(a, "provider", run.provider());
      put(a, "category", run.category());
      actions.add(a);
    }
    out.put("actions", actions);
    if (board.layout() != null) {
      Map<String, Object> layout = new LinkedHashMap<>();
      layout.put("version", board.layout().version());
      layout.put("stages", board.layout().stages());
      out.put("layout", layout);
    }
    put(out, "lastEventAt", board.lastEventAt());
    out.put("thread", thread(thread));
    return JsonWriter.write(out);
  }

  /**
   * Reads a document {@link #write} wrote.
   *
   * @throws UnreadableBoardException when it is not such a document
   */
  public static BoardRecord read(String json, long version) {
    try {
      Json in = Json.parse(json);
      long schema = in.get("schema").wholeNumber().orElse(-1L);
      if (schema != SCHEMA) {
        throw new IllegalArgumentException("unknown board schema " + schema);
      }
      String executionId = required(in, "executionId");
      TreeMap<String, StageRun> stages = new TreeMap<>();
      for (Json s : in.get("stages").elements()) {
        StageRun run =
            new StageRun(
                required(s, "name"),
                stamp(s.get("latest")),
                stamp(s.get("started")),
                instant(s.get("firstSeen")),
                stamp(s.get("firstRun")));
        stages.put(run.name(), run);
      }
      TreeMap<String, ActionRun> actions = new TreeMap<>();
      for (Json a : in.get("actions").elements()) {
        Json r = a.get("result");
        ActionRun run =
            new ActionRun(
                required(a, "stage"),
                required(a, "name"),
                stamp(a.get("latest")),
                new ActionRun.Result(
                    text(r, "errorCode"),
                    text(r, "summary"),
                    text(r, "externalUrl"),
                    text(r, "actionExecutionId")),
                text(a, "provider"),
                text(a, "category"));
        actions.put(ExecutionBoard.actionKey(run.stage(), run.name()), run);
      }
      Json layoutJson = in.get("layout");
      PipelineLayout layout =
          layoutJson.isObject()
              ? new PipelineLayout(
                  layoutJson.get("version").wholeNumber().orElse(0L),
                  layoutJson.get("stages").texts())
              : null;
      ExecutionBoard board =
          new ExecutionBoard(
              executionId,
              text(in, "pipeline"),
              text(in, "region"),
              text(in, "account"),
              stamp(in.get("pipelineState")),
              text(in, "stopComments"),
              instant(in.get("executionStart")),
              source(in.get("source")),
              stages,
              actions,
              layout,
              instant(in.get("lastEventAt")));
      return new BoardRecord(board, thread(in.get("thread")), version);
    } catch (JsonException | IllegalArgumentException | DateTimeParseException e) {
      throw new UnreadableBoardException(
          "the stored board is not readable: " + e.getClass().getSimpleName(), e);
    }
  }

  private static Map<String, Object> thread(ThreadState t) {
    Map<String, Object> out = new LinkedHashMap<>();
    put(out, "channel", t.channel());
    put(out, "parentTs", t.parentTs());
    put(out, "shownDigest", t.shownDigest());
    if (t.lease() != null) {
      Map<String, Object> lease = new LinkedHashMap<>();
      lease.put("holder", t.lease().holder());
      lease.put("until", t.lease().until().toString());
      out.put("lease", lease);
    }
    out.put("posted", new LinkedHashMap<>(t.posted()));
    Map<String, Object> pending = new LinkedHashMap<>();
    t.pending()
        .forEach(
            (key, p) -> {
              Map<String, Object> one = new LinkedHashMap<>();
              one.put("payload", p.payloadJson());
              one.put("requestedAt", p.requestedAt().toString());
              pending.put(key, one);
            });
    out.put("pending", pending);
    return out;
  }

  private static ThreadState thread(Json in) {
    Json leaseJson = in.get("lease");
    ThreadState.Lease lease =
        leaseJson.isObject()
            ? new ThreadState.Lease(
                required(leaseJson, "holder"), requiredInstant(leaseJson, "until"))
            : null;
    TreeMap<String, String> posted = new TreeMap<>();
    in.get("posted")
        .fields()
        .forEach(
            (key, ts) -> {
              if (ts.text() != null) {
                posted.put(key, ts.text());
              }
            });
    TreeMap<String, ThreadState.Pending> pending = new TreeMap<>();
    in.get("pending")
        .fields()
        .forEach(
            (key, p) ->
                pending.put(
                    key,
                    new ThreadState.Pending(
                        required(p, "payload"), requiredInstant(p, "requestedAt"))));
    return new ThreadState(
        text(in, "channel"), text(in, "parentTs"), text(in, "shownDigest"), lease, posted, pending);
  }

  private static Map<String, Object> stamp(Stamp stamp) {
    if (stamp == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("state", stamp.state());
    out.put("attempt", stamp.attempt());
    put(out, "retriedAt", stamp.retriedAt());
    put(out, "time", stamp.time());
    return out;
  }

  private static Stamp stamp(Json in) {
    if (!in.isObject()) {
      return null;
    }
    return Stamp.of(
        required(in, "state"),
        in.get("attempt").wholeNumber().orElse(1L),
        instant(in.get("retriedAt")),
        instant(in.get("time")));
  }

  private static Map<String, Object> source(Source s) {
    Map<String, Object> out = new LinkedHashMap<>();
    put(out, "triggerType", s.triggerType());
    put(out, "triggerDetail", s.triggerDetail());
    put(out, "provider", s.provider());
    put(out, "repository", s.repository());
    put(out, "branch", s.branch());
    put(out, "tag", s.tag());
    put(out, "commitId", s.commitId());
    put(out, "commitMessage", s.commitMessage());
    put(out, "author", s.author());
    put(out, "revisionUrl", s.revisionUrl());
    return out.isEmpty() ? null : out;
  }

  private static Source source(Json in) {
    if (!in.isObject()) {
      return Source.NONE;
    }
    return new Source(
        text(in, "triggerType"),
        text(in, "triggerDetail"),
        text(in, "provider"),
        text(in, "repository"),
        text(in, "branch"),
        text(in, "tag"),
        text(in, "commitId"),
        text(in, "commitMessage"),
        text(in, "author"),
        text(in, "revisionUrl"));
  }

  private static void put(Map<String, Object> out, String key, Object value) {
    if (value != null) {
      out.put(key, value instanceof Instant ? value.toString() : value);
    }
  }

  private static String text(Json in, String field) {
    return in.get(field).text();
  }

  private static String required(Json in, String field) {
    String value = in.get(field).text();
    if (value == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value;
  }

  private static Instant instant(Json in) {
    String text = in.text();
    return text == null ? null : Instant.parse(text);
  }

  private static Instant requiredInstant(Json in, String field) {
    return Instant.parse(required(in, field));
  }
}
