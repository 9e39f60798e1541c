package dev.pipelineguard.notifier.board;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Text;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * One CodePipeline Pipeline, Stage or Action Execution State Change, reduced to what the board
 * needs. Read tolerantly (aws-facts B1): {@code version} and {@code pipeline-execution-attempt} are
 * ints, floats or strings, older events have no attempt (read as 1), and Developer Tools
 * notifications spell the type {@code detailType}. Text is cleaned of control characters and lone
 * surrogates and capped in length here, so what is stored is bounded; it is escaped when rendered.
 *
 * @param time the envelope's {@code time} (whole seconds), or null when unreadable
 * @param attempt {@code pipeline-execution-attempt}, 1 when absent
 * @param retriedAt {@code stage-last-retry-attempt-time} (or {@code last-retry-attempt-time})
 * @param executionStart {@code start-time}: when the execution (not the stage) started
 */
public record BoardEvent(
    Level level,
    String eventId,
    String pipeline,
    String executionId,
    String region,
    String account,
    String stage,
    String action,
    String state,
    Instant time,
    long attempt,
    Instant retriedAt,
    Instant executionStart,
    Source source,
    String stopComments,
    ActionDetails details) {

  public enum Level {
    PIPELINE,
    STAGE,
    ACTION
  }

  /** What an action event says about the action; all null for stage and pipeline events. */
  public record ActionDetails(
      String provider,
      String category,
      String errorCode,
      String summary,
      String externalUrl,
      String actionExecutionId) {
    static final ActionDetails NONE = new ActionDetails(null, null, null, null, null, null);

    boolean approval() {
      return "Approval".equalsIgnoreCase(category);
    }
  }

  static final String PIPELINE_TYPE = "CodePipeline Pipeline Execution State Change";
  static final String STAGE_TYPE = "CodePipeline Stage Execution State Change";
  static final String ACTION_TYPE = "CodePipeline Action Execution State Change";
  static final int NAME_MAX = 200;
  static final int TEXT_MAX = 2000;

  /** Whether {@code body} is a CodePipeline execution event the board can use. */
  public static boolean isExecutionEvent(Json body) {
    return levelOf(detailType(body)) != null;
  }

  /**
   * Reads an EventBridge (or Developer Tools notification) body.
   *
   * @throws IllegalArgumentException naming what is missing, when it is not a usable execution
   *     event
   */
  public static BoardEvent from(Json body) {
    Level level = levelOf(detailType(body));
    if (level == null) {
      throw new IllegalArgumentException("not a CodePipeline execution state change");
    }
    Json detail = body.get("detail");
    String pipeline = name(detail.get("pipeline"));
    String executionId = name(detail.get("execution-id"));
    String state = name(detail.get("state"));
    if (pipeline == null || executionId == null || state == null) {
      throw new IllegalArgumentException(
          "the event has no "
              + (pipeline == null ? "pipeline" : executionId == null ? "execution-id" : "state"));
    }
    String stage = name(detail.get("stage"));
    String action = name(detail.get("action"));
    if (level != Level.PIPELINE && stage == null) {
      throw new IllegalArgumentException("the stage event has no stage");
    }
    if (level == Level.ACTION && action == null) {
      throw new IllegalArgumentException("the action event has no action");
    }
    ActionDetails details = ActionDetails.NONE;
    if (level == Level.ACTION) {
      Json type = detail.get("type");
      Json result = detail.get("execution-result");
      details =
          new ActionDetails(
              name(type.get("provider")),
              name(type.get("category")),
              name(result.get("error-code")),
              text(result.get("external-execution-summary"), TEXT_MAX),
              text(result.get("external-execution-url"), TEXT_MAX),
              name(detail.get("action-execution-id")));
    }
    long attempt =
        detail
            .get("pipeline-execution-attempt")
            .number()
            .map(n -> Math.max(1L, n.longValue()))
            .orElse(1L);
    Instant retriedAt = instant(detail.get("stage-last-retry-attempt-time").text());
    if (retriedAt == null && level == Level.PIPELINE) {
      retriedAt = instant(detail.get("last-retry-attempt-time").text());
    }
    Source source =
        level == Level.PIPELINE
            ? clean(Source.fromTrigger(detail.get("execution-trigger")))
            : Source.NONE;
    return new BoardEvent(
        level,
        name(body.get("id")),
        pipeline,
        executionId,
        name(body.get("region")),
        name(body.get("account")),
        stage,
        action,
        state.toUpperCase(Locale.ROOT),
        instant(body.get("time").text()),
        attempt,
        retriedAt,
        instant(detail.get("start-time").text()),
        source,
        text(detail.get("stop-execution-comments"), TEXT_MAX),
        details);
  }

  /** This event's state with its ordering stamp. */
  public Stamp stamp() {
    return Stamp.of(state, attempt, retriedAt, time);
  }

  private static String detailType(Json body) {
    String type = body.get("detail-type").text();
    return type != null ? type : body.get("detailType").text();
  }

  private static Level levelOf(String detailType) {
    if (PIPELINE_TYPE.equals(detailType)) {
      return Level.PIPELINE;
    }
    if (STAGE_TYPE.equals(detailType)) {
      return Level.STAGE;
    }
    if (ACTION_TYPE.equals(detailType)) {
      return Level.ACTION;
    }
    return null;
  }

  private static Source clean(Source s) {
    return new Source(
        clean(s.triggerType(), NAME_MAX),
        clean(s.triggerDetail(), TEXT_MAX),
        clean(s.provider(), NAME_MAX),
        clean(s.repository(), NAME_MAX),
        clean(s.branch(), NAME_MAX),
        clean(s.tag(), NAME_MAX),
        clean(s.commitId(), NAME_MAX),
        clean(s.commitMessage(), TEXT_MAX),
        clean(s.author(), NAME_MAX),
        clean(s.revisionUrl(), TEXT_MAX));
  }

  /** One-line text such as names and ids: control characters and surrounding blanks removed. */
  private static String name(Json value) {
    String raw = value.text();
    return raw == null ? null : clean(Text.oneLine(raw), NAME_MAX);
  }

  private static String text(Json value, int max) {
    return clean(value.text(), max);
  }

  static String clean(String raw, int max) {
    if (raw == null) {
      return null;
    }
    String clean = Text.stripControl(raw, true).strip();
    return clean.isEmpty() ? null : Text.truncate(clean, max);
  }

  static Instant instant(String iso) {
    if (iso == null || iso.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(iso.strip()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(iso.strip());
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }
}
