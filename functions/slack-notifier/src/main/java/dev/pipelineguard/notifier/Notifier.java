package dev.pipelineguard.notifier;

import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.Redactor;
import dev.pipelineguard.notifier.appmode.BoardSync;
import dev.pipelineguard.notifier.appmode.ExecutionThreads;
import dev.pipelineguard.notifier.appmode.ThreadClues;
import dev.pipelineguard.notifier.blockkit.BlockKitLimits;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.delivery.SlackDeliveryException;
import dev.pipelineguard.notifier.delivery.SlackPoster;
import dev.pipelineguard.notifier.enrich.ActionRun;
import dev.pipelineguard.notifier.enrich.Enrichment;
import dev.pipelineguard.notifier.enrich.EnrichmentException;
import dev.pipelineguard.notifier.enrich.EnrichmentRequest;
import dev.pipelineguard.notifier.enrich.ExecutionDetails;
import dev.pipelineguard.notifier.enrich.ExecutionHistory;
import dev.pipelineguard.notifier.format.MessageFormats;
import dev.pipelineguard.notifier.format.Notice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one Lambda payload into Slack posts: for each message it carries, decide (format, category,
 * routing, de-duplication), enrich pipeline events when useful, render, check Slack's limits, post.
 * Every message ends in one logged outcome; if any post failed, {@link #handle} throws after the
 * others were tried, so the event goes to the failure destination and nothing is reported as
 * delivered that Slack did not accept.
 *
 * <p>In app mode ({@link ExecutionThreads} given), a CodePipeline execution event updates its
 * execution's board instead, and a message that belongs to an execution becomes a reply in its
 * thread; everything else is posted as in webhook mode, through the Web API.
 */
final class Notifier {
  /** Time kept for Slack after enrichment; enrichment is skipped when less would be left. */
  static final Duration SLACK_RESERVE = Duration.ofSeconds(5);

  private static final int SEEN_CAPACITY = 2000;

  /**
   * Messages handled per invocation. SNS delivers one record per invocation; more is a direct
   * invocation (by mistake or on purpose), which must not turn into hundreds of posts.
   */
  static final int MAX_MESSAGES = 10;

  /**
   * The outcome of one message: {@code posted}, {@code skipped}, {@code filtered}, {@code
   * duplicate}, {@code failed}, or in app mode {@code deferred} (stored; another invocation updates
   * the board).
   */
  record Result(String eventId, String kind, String outcome, String detail) {}

  private final NotifierConfig config;
  private final MessageFormats formats;
  private final ExecutionHistory history;
  private final SlackPoster poster;
  private final Clock clock;
  private final Log log;
  private final SeenEvents seen = new SeenEvents(SEEN_CAPACITY);

  /** App mode's boards and threads; null in webhook mode. */
  private final ExecutionThreads threads;

  Notifier(
      NotifierConfig config,
      MessageFormats formats,
      ExecutionHistory history,
      SlackPoster poster,
      Clock clock,
      Log log) {
    this(config, formats, history, poster, null, clock, log);
  }

  /**
   * @param threads app mode's boards and threads, or null (webhook mode)
   */
  Notifier(
      NotifierConfig config,
      MessageFormats formats,
      ExecutionHistory history,
      SlackPoster poster,
      ExecutionThreads threads,
      Clock clock,
      Log log) {
    this.config = config;
    this.formats = formats;
    this.history = history;
    this.poster = poster;
    this.threads = threads;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Posts what {@code payload} carries before {@code deadline}.
   *
   * @throws SlackDeliveryException when a message could not be delivered (after trying the others)
   * @throws InvalidEventException when the payload carried more than {@value #MAX_MESSAGES}
   *     records: the first ones were handled, the rest were not
   */
  List<Result> handle(Json payload, Instant deadline) {
    List<Result> results = new ArrayList<>();
    RuntimeException firstFailure = null;
    List<Envelope> envelopes = Envelope.unwrap(payload);
    int notProcessed = Math.max(0, envelopes.size() - MAX_MESSAGES);
    if (notProcessed > 0) {
      log.error(
          "payload.too_many_records",
          "records",
          envelopes.size(),
          "processed",
          MAX_MESSAGES,
          "notProcessed",
          notProcessed,
          "reason",
          "SNS delivers one record per invocation; the first "
              + MAX_MESSAGES
              + " are handled, the other "
              + notProcessed
              + " are not, and the invocation"
              + " fails so the whole event reaches the failure destination");
      envelopes = envelopes.subList(0, MAX_MESSAGES);
    }
    for (Envelope envelope : envelopes) {
      try {
        results.add(handleOne(envelope, deadline));
      } catch (RuntimeException e) {
        String eventId = eventId(envelope);
        if (!(e instanceof SlackDeliveryException)) {
          log.error("notice.failed", "eventId", eventId, "error", e.getClass().getSimpleName());
        }
        results.add(new Result(eventId, "-", "failed", e.getMessage()));
        if (firstFailure == null) {
          firstFailure = e;
        }
      }
    }
    if (firstFailure != null) {
      throw firstFailure;
    }
    if (notProcessed > 0) {
      throw new InvalidEventException(
          notProcessed
              + " of "
              + (notProcessed + MAX_MESSAGES)
              + " records were not processed: one invocation handles at most "
              + MAX_MESSAGES
              + " (SNS delivers one); the event goes to the failure destination",
          null);
    }
    return results;
  }

  private Result handleOne(Envelope envelope, Instant deadline) {
    String eventId = eventId(envelope);
    if (threads != null && ExecutionThreads.isExecutionEvent(envelope.body())) {
      Optional<BoardSync.Result> board = threads.event(envelope.body(), eventId, deadline);
      if (board.isPresent()) {
        return result(eventId, "board", board.get());
      }
    }
    Notice notice = read(envelope, eventId);
    if (notice.skipped()) {
      log.info(
          "notice.skipped",
          "eventId",
          eventId,
          "kind",
          notice.kind(),
          "reason",
          notice.skipReason());
      return new Result(eventId, notice.kind(), "skipped", notice.skipReason());
    }
    if (!config.notifyOn().contains(notice.category())) {
      log.info(
          "notice.filtered",
          "eventId",
          eventId,
          "kind",
          notice.kind(),
          "category",
          notice.category().configName());
      return new Result(
          eventId,
          notice.kind(),
          "filtered",
          "category " + notice.category().configName() + " is not in NOTIFY_ON");
    }
    List<String> keys = new ArrayList<>();
    if (envelope.deliveryId() != null) {
      // The id and what it carries: a redelivery repeats both, while records that share an id but
      // say
      // different things (seen in captured SNS batches) are different messages and must all be
      // posted.
      String content = envelope.text() != null ? envelope.text() : envelope.body().toString();
      keys.add("id:" + envelope.deliveryId() + "#" + Integer.toHexString(content.hashCode()));
    }
    keys.addAll(notice.dedupeKeys());
    if (seen.anySeen(keys)) {
      log.info("notice.duplicate", "eventId", eventId, "kind", notice.kind());
      return new Result(eventId, notice.kind(), "duplicate", "already posted by this container");
    }
    Routes.Route route = config.routes().match(notice.routeKeys());
    String secretArn = route == null ? config.defaultSecretArn() : route.secretArn();

    Enrichment enrichment = enrich(notice.enrichment(), deadline, eventId);
    SlackMessage message = render(envelope, notice, enrichment, eventId);
    if (threads != null) {
      Optional<Result> replied = reply(envelope, notice, message, eventId, deadline);
      if (replied.isPresent()) {
        seen.remember(keys);
        return replied.get();
      }
    }
    SlackPoster.Delivery delivery = poster.post(secretArn, message, deadline, eventId);
    seen.remember(keys);
    log.info(
        "notice.posted",
        "eventId",
        eventId,
        "kind",
        notice.kind(),
        "category",
        notice.category().configName(),
        "route",
        route == null ? "default" : route.pattern(),
        "attempts",
        delivery.attempts(),
        "enrichmentProblems",
        enrichment.problems().size());
    return new Result(
        eventId, notice.kind(), "posted", route == null ? "default" : route.pattern());
  }

  /**
   * App mode: {@code message} as a reply in the thread of the execution it belongs to; empty when
   * it belongs to none (or none can be found), so it is posted on its own.
   */
  private Optional<Result> reply(
      Envelope envelope, Notice notice, SlackMessage message, String eventId, Instant deadline) {
    Optional<ThreadClues> execution = threads.locate(envelope.body(), eventId, deadline);
    if (execution.isEmpty()) {
      return Optional.empty();
    }
    // The news, not the delivery: a report delivered twice asks for the same reply.
    String key =
        notice.dedupeKeys().isEmpty()
            ? notice.kind() + "/" + Integer.toHexString(message.json().hashCode())
            : notice.dedupeKeys().get(0);
    return threads
        .reply(execution.get(), key, message, eventId, deadline)
        .map(replied -> result(eventId, notice.kind(), replied));
  }

  private Result result(String eventId, String kind, BoardSync.Result synced) {
    String outcome =
        switch (synced.outcome()) {
          case RENDERED -> "posted";
          case DEFERRED -> "deferred";
          case UNCHANGED -> "duplicate";
        };
    log.info(
        "notice." + outcome,
        "eventId",
        eventId,
        "kind",
        kind,
        "mode",
        "app",
        "parentTs",
        synced.parentTs(),
        "slackCalls",
        synced.slackCalls());
    return new Result(
        eventId,
        kind,
        outcome,
        synced.parentTs() == null ? "thread" : "thread " + synced.parentTs());
  }

  /** Whether execution events update boards and threads (Slack app mode). */
  boolean appMode() {
    return threads != null;
  }

  /** SnapStart priming: builds the SDK clients (the bulk of a cold start) without calling them. */
  void primeClients() {
    history.prime();
    poster.prime();
    if (threads != null) {
      threads.primeClients();
    }
  }

  /**
   * SnapStart priming: reads and renders {@code payload} as a real event would be, so the snapshot
   * holds the loaded and compiled formatting code, without enrichment, de-duplication or a post.
   */
  int prime(Json payload) {
    int rendered = 0;
    for (Envelope envelope : Envelope.unwrap(payload)) {
      rendered += read(envelope, "priming").render(Enrichment.NONE).json().length() > 0 ? 1 : 0;
      if (threads != null && ExecutionThreads.isExecutionEvent(envelope.body())) {
        rendered += threads.prime(envelope.body());
      }
    }
    return rendered;
  }

  private Notice read(Envelope envelope, String eventId) {
    try {
      return formats.read(envelope);
    } catch (RuntimeException e) {
      log.error(
          "format.failed",
          "eventId",
          eventId,
          "stage",
          "read",
          "error",
          e.getClass().getSimpleName());
      return formats.generic(envelope);
    }
  }

  /**
   * The rendered message; the generic one if rendering fails, a minimal one if a limit is broken.
   */
  private SlackMessage render(
      Envelope envelope, Notice notice, Enrichment enrichment, String eventId) {
    SlackMessage message;
    try {
      message = notice.render(enrichment);
    } catch (RuntimeException e) {
      log.error(
          "format.failed",
          "eventId",
          eventId,
          "kind",
          notice.kind(),
          "stage",
          "render",
          "error",
          e.getClass().getSimpleName());
      message = formats.generic(envelope).render(Enrichment.NONE);
    }
    List<String> violations = BlockKitLimits.violations(Json.parse(message.json()));
    if (!violations.isEmpty()) {
      log.error(
          "format.limits", "eventId", eventId, "kind", notice.kind(), "violations", violations);
      message = minimal(notice, eventId);
    }
    return message;
  }

  private static SlackMessage minimal(Notice notice, String eventId) {
    return SlackMessage.builder(Severity.NEUTRAL)
        .title(
            ":grey_question:", "pipeline-guard: a " + notice.kind() + " event could not be shown")
        .section(
            Mrkdwn.markup(
                    "The notifier could not format this event within Slack's limits. "
                        + "Its log has the details under event id ")
                .then(Mrkdwn.code(eventId, 100))
                .then("."))
        .build();
  }

  /**
   * Reads CodePipeline for the notice; whatever fails becomes a named problem, never an exception.
   */
  private Enrichment enrich(EnrichmentRequest request, Instant deadline, String eventId) {
    if (request == null || !config.enrich()) {
      return Enrichment.NONE;
    }
    Duration left = Duration.between(clock.instant(), deadline);
    Duration needed =
        config
            .enrichmentTimeout()
            .multipliedBy(request.includeActions() ? 2 : 1)
            .plus(SLACK_RESERVE);
    if (left.compareTo(needed) < 0) {
      log.warn(
          "enrichment.skipped",
          "eventId",
          eventId,
          "reason",
          "little time left",
          "leftMillis",
          left.toMillis());
      return new Enrichment(null, List.of(), List.of("skipped: little time left"));
    }
    List<String> problems = new ArrayList<>();
    ExecutionDetails execution = null;
    List<ActionRun> actions = List.of();
    try {
      execution = history.execution(request.pipeline(), request.executionId());
    } catch (RuntimeException e) {
      problems.add(problem(e));
    }
    if (request.includeActions()) {
      try {
        actions = history.actionRuns(request.pipeline(), request.executionId());
      } catch (RuntimeException e) {
        problems.add(problem(e));
      }
    }
    if (!problems.isEmpty()) {
      log.warn(
          "enrichment.partial",
          "eventId",
          eventId,
          "pipeline",
          Redactor.redact(request.pipeline()),
          "executionId",
          Redactor.redact(request.executionId()),
          "problems",
          problems);
    }
    return new Enrichment(execution, actions, problems);
  }

  private static String problem(RuntimeException e) {
    return e instanceof EnrichmentException
        ? e.getMessage()
        : "CodePipeline: " + e.getClass().getSimpleName();
  }

  /** For logs, metrics and results: the id is the sender's text, so it is redacted too. */
  private static String eventId(Envelope envelope) {
    return envelope.deliveryId() == null ? "-" : Redactor.redact(envelope.deliveryId());
  }
}
