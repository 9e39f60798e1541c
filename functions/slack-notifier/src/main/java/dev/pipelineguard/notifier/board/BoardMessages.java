package dev.pipelineguard.notifier.board;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.Text;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.blockkit.SlackMessage.Field;
import dev.pipelineguard.notifier.blockkit.SlackText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a board as one Block Kit message (the thread's parent), and the thread replies an event
 * asks for. Pure: the same board always renders to the same JSON (no clock is read; times shown are
 * event times). Every piece of event text goes through {@link Mrkdwn}, which escapes it the way the
 * webhook formats do.
 */
public final class BoardMessages {
  static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  static final DateTimeFormatter UTC_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** Stage lines per section, well under the 3,000 characters of one section. */
  static final int STAGE_LINES_PER_SECTION = 12;

  static final int MAX_FAILED_ACTIONS_PER_STAGE = 2;

  private BoardMessages() {}

  /** How the execution looks as a whole: colour, emoji and word of the title. */
  record Look(Severity severity, String emoji, String verb) {}

  static Look look(ExecutionBoard board) {
    String state = board.state();
    if (state == null && board.stages().isEmpty() && board.actions().isEmpty()) {
      // Opened by a report before any event of the execution: nothing is known about its state.
      return new Look(Severity.NEUTRAL, ":white_circle:", "Execution");
    }
    if (state == null || state.equals("STARTED") || state.equals("RESUMED")) {
      boolean waiting = board.actions().values().stream().anyMatch(ActionRun::waitingForApproval);
      return waiting
          ? new Look(Severity.APPROVAL, ":raised_hand:", "Waiting for approval")
          : new Look(Severity.INFO, ":arrow_forward:", "Running");
    }
    switch (state) {
      case "SUCCEEDED":
        return new Look(Severity.SUCCESS, ":large_green_circle:", "Succeeded");
      case "FAILED":
        return new Look(Severity.FAILURE, ":red_circle:", "Failed");
      case "STOPPING":
        return new Look(Severity.NEUTRAL, ":black_square_for_stop:", "Stopping");
      case "STOPPED":
        return new Look(Severity.NEUTRAL, ":black_square_for_stop:", "Stopped");
      case "CANCELED":
        return new Look(Severity.NEUTRAL, ":heavy_minus_sign:", "Canceled");
      case "SUPERSEDED":
        return new Look(Severity.NEUTRAL, ":fast_forward:", "Superseded");
      default:
        return new Look(Severity.NEUTRAL, ":white_circle:", humanize(state));
    }
  }

  /** The parent message: title and colour by outcome, the execution's facts, one line per stage. */
  public static SlackMessage board(ExecutionBoard board) {
    Look look = look(board);
    String pipeline = board.pipeline() == null ? "pipeline" : board.pipeline();
    SlackMessage.Builder message =
        SlackMessage.builder(look.severity())
            .title(look.emoji(), look.verb() + ": " + pipeline)
            .fallback(fallback(board, look, pipeline));

    Source source = board.source();
    List<Field> fields = new ArrayList<>();
    fields.add(Field.of("Pipeline", Mrkdwn.link(pipelineUrl(board), pipeline)));
    fields.add(
        Field.of(
            "Execution",
            Mrkdwn.link(
                executionUrl(board), Mrkdwn.code(Text.shortId(board.executionId(), 8), 20))));
    fields.add(Field.of("Trigger", Mrkdwn.line(trigger(source), 300)));
    fields.add(Field.of("Source", where(source)));
    fields.add(
        Field.of(
            "Commit",
            Mrkdwn.link(source.revisionUrl(), Mrkdwn.code(shortCommit(source.commitId()), 20))));
    fields.add(Field.of("Author", Mrkdwn.line(source.author(), 200)));
    long attempt = board.attempt();
    fields.add(
        Field.of("Attempt", attempt > 1 ? Mrkdwn.markup(String.valueOf(attempt)) : Mrkdwn.EMPTY));
    fields.add(Field.of("Duration", Mrkdwn.line(executionDuration(board))));
    message.fields(fields);
    message.section(Mrkdwn.quote(source.commitMessage(), 3, 600));
    if (board.stopComments() != null
        && ("STOPPING".equals(board.state()) || "STOPPED".equals(board.state()))) {
      message.section(Mrkdwn.markup("*Why:* ").then(Mrkdwn.text(board.stopComments(), 1000)));
    }

    List<Mrkdwn> lines = new ArrayList<>();
    for (StageRun stage : board.orderedStages()) {
      lines.add(stageLine(board, stage));
    }
    for (int from = 0; from < lines.size(); from += STAGE_LINES_PER_SECTION) {
      message.section(
          Mrkdwn.join(
              "\n", lines.subList(from, Math.min(lines.size(), from + STAGE_LINES_PER_SECTION))));
    }
    if (lines.isEmpty()) {
      message.section(
          Mrkdwn.markup(
              board.state() == null
                  ? "_No event of this execution has arrived yet._"
                  : "_No stage has started yet._"));
    }
    message.footer(footer(board));
    return message.build();
  }

  private static String fallback(ExecutionBoard board, Look look, String pipeline) {
    String text = pipeline + ": " + look.verb().toLowerCase(Locale.ROOT);
    if ("FAILED".equals(board.state())) {
      for (StageRun stage : board.orderedStages()) {
        if (stage.latest() != null && "FAILED".equals(stage.latest().state())) {
          return text + " at " + stage.name();
        }
      }
    }
    return text;
  }

  private static Mrkdwn stageLine(ExecutionBoard board, StageRun stage) {
    Mrkdwn name = Mrkdwn.bold(stage.name(), 100);
    List<ActionRun> actions = board.actionsOf(stage.name());
    ActionRun waiting =
        actions.stream().filter(ActionRun::waitingForApproval).findFirst().orElse(null);
    String state =
        stage.latest() != null ? stage.latest().state() : actions.isEmpty() ? null : "STARTED";
    List<Mrkdwn> parts = new ArrayList<>();
    String emoji;
    if (state == null) {
      emoji = ":heavy_minus_sign:";
      parts.add(Mrkdwn.markup(board.finished() ? "not run" : "not started"));
    } else if ((state.equals("STARTED") || state.equals("RESUMED")) && waiting != null) {
      emoji = ":raised_hand:";
      Instant since = waiting.latest().time();
      parts.add(
          Mrkdwn.markup(
              "waiting for approval" + (since == null ? "" : " since " + UTC_TIME.format(since))));
      parts.add(Mrkdwn.linkIfSafe(approvalUrl(board), "Review"));
    } else {
      switch (state) {
        case "SUCCEEDED":
          emoji = ":white_check_mark:";
          parts.add(Mrkdwn.line(formatDuration(stage.duration())));
          break;
        case "FAILED":
          emoji = ":x:";
          parts.add(Mrkdwn.line(formatDuration(stage.duration())));
          parts.add(failedActions(actions));
          break;
        case "STARTED":
        case "RESUMED":
          emoji = ":hourglass_flowing_sand:";
          Instant since = stage.started() == null ? null : stage.started().time();
          parts.add(
              Mrkdwn.markup("running" + (since == null ? "" : " since " + UTC_TIME.format(since))));
          break;
        case "STOPPING":
        case "STOPPED":
          emoji = ":black_square_for_stop:";
          parts.add(Mrkdwn.line(state.toLowerCase(Locale.ROOT)));
          break;
        case "CANCELED":
          emoji = ":heavy_minus_sign:";
          parts.add(Mrkdwn.markup("canceled"));
          break;
        default:
          emoji = ":white_circle:";
          parts.add(Mrkdwn.line(humanize(state).toLowerCase(Locale.ROOT), 40));
          break;
      }
    }
    if (stage.retried()) {
      parts.add(Mrkdwn.markup("retried (attempt " + stage.started().attempt() + ")"));
    }
    return Mrkdwn.markup(emoji + " ")
        .then(name)
        .then(
            Mrkdwn.join(" · ", parts).isEmpty()
                ? Mrkdwn.EMPTY
                : Mrkdwn.markup(" · ").then(Mrkdwn.join(" · ", parts)));
  }

  private static Mrkdwn failedActions(List<ActionRun> actions) {
    List<Mrkdwn> failed = new ArrayList<>();
    int more = 0;
    for (ActionRun action : actions) {
      if (!action.failed()) {
        continue;
      }
      if (failed.size() == MAX_FAILED_ACTIONS_PER_STAGE) {
        more++;
        continue;
      }
      Mrkdwn one = Mrkdwn.code(action.name(), 100);
      if (action.result().errorCode() != null) {
        one = one.then(" (").then(Mrkdwn.line(action.result().errorCode(), 60)).then(")");
      }
      failed.add(one);
    }
    if (failed.isEmpty()) {
      return Mrkdwn.EMPTY;
    }
    Mrkdwn text = Mrkdwn.markup("failed: ").then(Mrkdwn.join(", ", failed));
    return more == 0 ? text : text.then(" and " + more + " more");
  }

  private static List<Mrkdwn> footer(ExecutionBoard board) {
    List<Mrkdwn> parts = new ArrayList<>();
    parts.add(Mrkdwn.markup("pipeline-guard"));
    parts.add(Mrkdwn.line(board.region(), 40));
    parts.add(Mrkdwn.line(board.account(), 20));
    if (board.lastEventAt() != null) {
      parts.add(Mrkdwn.markup("updated " + UTC_DATE_TIME.format(board.lastEventAt())));
    }
    parts.add(Mrkdwn.linkIfSafe(executionUrl(board), "Execution timeline"));
    return List.of(Mrkdwn.join(" · ", parts));
  }

  // ---------------------------------------------------------------------------------------------
  // Thread replies

  /**
   * The replies {@code event} asks for, given the board after it was merged: a failed action with
   * its error and links, an approval request (only while it is still waiting) and its decision.
   * Keys name the news, not the delivery, so a duplicate asks for the same key again.
   */
  public static List<ThreadReply> replies(BoardEvent event, ExecutionBoard after) {
    if (event.level() != BoardEvent.Level.ACTION
        || !event.executionId().equals(after.executionId())) {
      return List.of();
    }
    ActionRun action = after.action(event.stage(), event.action());
    if (action == null) {
      return List.of(); // an event of another pipeline, ignored by the board
    }
    String run =
        event.stage()
            + "/"
            + event.action()
            + "/"
            + (event.details().actionExecutionId() != null
                ? event.details().actionExecutionId()
                : "attempt-" + event.attempt());
    boolean approval = event.details().approval() || action.approval();
    switch (event.state()) {
      case "FAILED":
        return List.of(
            ThreadReply.of(
                (approval ? "approval-result/" : "action-failed/") + run,
                approval ? approvalDecision(event, false) : actionFailed(event, after)));
      case "SUCCEEDED":
        return approval
            ? List.of(ThreadReply.of("approval-result/" + run, approvalDecision(event, true)))
            : List.of();
      case "STARTED":
        // Posted even when its decision arrived first (a review within seconds), so every delivery
        // order ends with the same replies; it is built from the event alone for the same reason.
        return approval
            ? List.of(ThreadReply.of("approval/" + run, approvalNeeded(event)))
            : List.of();
      default:
        return List.of();
    }
  }

  private static SlackMessage actionFailed(BoardEvent event, ExecutionBoard board) {
    BoardEvent.ActionDetails d = event.details();
    String where = event.stage() + " › " + event.action();
    // Redacted before it is cut, so a cut cannot expose part of a secret.
    String summary =
        d.summary() == null ? "" : ": " + Text.truncate(SlackText.clean(d.summary(), false), 120);
    SlackMessage.Builder message =
        SlackMessage.builder(Severity.FAILURE)
            .title(":x:", "Failed: " + where)
            .fallback(where + " failed" + summary);
    List<Field> fields = new ArrayList<>();
    fields.add(
        Field.of(
            "Action",
            Mrkdwn.code(event.stage(), 100).then(" › ").then(Mrkdwn.code(event.action(), 100))));
    fields.add(
        Field.of(
            "Provider",
            Mrkdwn.line(
                d.provider() == null
                    ? d.category()
                    : d.provider() + (d.category() == null ? "" : " (" + d.category() + ")"),
                200)));
    fields.add(Field.of("Error", Mrkdwn.code(d.errorCode(), 100)));
    fields.add(
        Field.of(
            "Attempt",
            event.attempt() > 1 ? Mrkdwn.markup(String.valueOf(event.attempt())) : Mrkdwn.EMPTY));
    message.fields(fields);
    message.section(Mrkdwn.codeBlock(d.summary(), 1500));
    message.context(
        List.of(
            Mrkdwn.join(
                " · ",
                Mrkdwn.linkIfSafe(d.externalUrl(), "Open the failed action"),
                Mrkdwn.linkIfSafe(executionUrl(board), "Execution timeline"))));
    return message.build();
  }

  private static SlackMessage approvalNeeded(BoardEvent event) {
    String where = event.stage() + " › " + event.action();
    SlackMessage.Builder message =
        SlackMessage.builder(Severity.APPROVAL)
            .title(":raised_hand:", "Approval needed: " + where)
            .fallback("Approval needed: " + event.pipeline() + " › " + where);
    String review =
        event.region() == null
            ? null
            : AwsConsole.pipelineApproval(event.region(), event.pipeline());
    message.section(
        Mrkdwn.join(
            "",
            Mrkdwn.code(event.stage(), 100),
            Mrkdwn.markup(" › "),
            Mrkdwn.code(event.action(), 100),
            Mrkdwn.markup(" is waiting for a review. "),
            Mrkdwn.link(review, ":point_right: Review and approve in the console")));
    return message.build();
  }

  private static SlackMessage approvalDecision(BoardEvent event, boolean approved) {
    String where = event.stage() + " › " + event.action();
    SlackMessage.Builder message =
        SlackMessage.builder(approved ? Severity.SUCCESS : Severity.FAILURE)
            .title(
                approved ? ":white_check_mark:" : ":no_entry:",
                (approved ? "Approved: " : "Rejected: ") + where);
    String comment = event.details().summary();
    if (comment != null) {
      message.section(Mrkdwn.markup("*Comment:*\n").then(Mrkdwn.quote(comment, 5, 1000)));
    } else {
      message.section(
          Mrkdwn.markup(
              approved ? "_Approved without a comment._" : "_Rejected without a comment._"));
    }
    return message.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Facts

  private static String pipelineUrl(ExecutionBoard board) {
    return board.pipeline() == null || board.region() == null
        ? null
        : AwsConsole.pipeline(board.region(), board.pipeline());
  }

  private static String executionUrl(ExecutionBoard board) {
    return board.pipeline() == null || board.region() == null
        ? null
        : AwsConsole.pipelineExecution(board.region(), board.pipeline(), board.executionId());
  }

  private static String approvalUrl(ExecutionBoard board) {
    return board.pipeline() == null || board.region() == null
        ? null
        : AwsConsole.pipelineApproval(board.region(), board.pipeline());
  }

  private static String executionDuration(ExecutionBoard board) {
    if (!board.finished()
        || board.executionStart() == null
        || board.pipelineState().time() == null
        || board.pipelineState().time().isBefore(board.executionStart())) {
      return null;
    }
    return formatDuration(Duration.between(board.executionStart(), board.pipelineState().time()));
  }

  static String trigger(Source source) {
    if (source.fromGit()) {
      String what = source.tag() != null ? "Tag pushed" : "Push";
      return source.provider() == null ? what : what + " on " + source.provider();
    }
    if (source.triggerType() == null) {
      return null;
    }
    switch (source.triggerType()) {
      case "StartPipelineExecution":
        String who = principalName(source.triggerDetail());
        return who == null ? "Started manually" : "Started manually by " + who;
      case "Webhook":
      case "WebhookV2":
        return "Source change (webhook)";
      case "PollForSourceChanges":
        return "Source change (polling)";
      case "CloudWatchEvent":
        return "Source change (EventBridge)";
      case "CreatePipeline":
        return "Pipeline created or updated";
      case "PutActionRevision":
        return "New revision (PutActionRevision)";
      case "ManualRollback":
        return "Manual rollback";
      case "AutomatedRollback":
        return "Automatic rollback";
      default:
        return source.triggerType();
    }
  }

  private static Mrkdwn where(Source source) {
    Mrkdwn ref =
        source.tag() != null
            ? Mrkdwn.markup("tag ").then(Mrkdwn.code(source.tag(), 100))
            : Mrkdwn.code(source.branch(), 100);
    Mrkdwn repo = Mrkdwn.line(source.repository(), 200);
    if (ref.isEmpty()) {
      return repo;
    }
    return repo.isEmpty() ? ref : ref.then(" in ").then(repo);
  }

  /** A Git commit id shortened to 7 characters; anything else to at most 12. */
  static String shortCommit(String revision) {
    if (revision == null || revision.isBlank()) {
      return null;
    }
    String r = revision.strip();
    if (r.matches("[0-9a-fA-F]{7,64}")) {
      return r.substring(0, 7).toLowerCase(Locale.ROOT);
    }
    return Text.shortId(r, 12);
  }

  /**
   * The name at the end of a principal ARN: {@code .../assumed-role/Admin/alice} is {@code alice}.
   */
  static String principalName(String arn) {
    if (arn == null || arn.isBlank()) {
      return null;
    }
    String s = arn.strip();
    int slash = s.lastIndexOf('/');
    if (slash >= 0 && slash < s.length() - 1) {
      return s.substring(slash + 1);
    }
    int colon = s.lastIndexOf(':');
    return colon >= 0 && colon < s.length() - 1 ? s.substring(colon + 1) : s;
  }

  /** {@code 12 s}, {@code 4 min 12 s}, {@code 1 h 3 min}; null for null. */
  static String formatDuration(Duration d) {
    if (d == null) {
      return null;
    }
    long seconds = d.toSeconds();
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + " min " + (seconds % 60) + " s";
    }
    return (seconds / 3600) + " h " + ((seconds % 3600) / 60) + " min";
  }

  static String humanize(String state) {
    String lower = state.toLowerCase(Locale.ROOT).replace('_', ' ');
    return lower.isEmpty()
        ? "Unknown"
        : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
