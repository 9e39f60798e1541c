package dev.pipelineguard.notifier.appmode;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.notifier.blockkit.BlockKitLimits;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.board.BoardEvent;
import dev.pipelineguard.notifier.board.BoardMessages;
import dev.pipelineguard.notifier.board.BoardRecord;
import dev.pipelineguard.notifier.board.ExecutionBoard;
import dev.pipelineguard.notifier.board.ThreadReply;
import dev.pipelineguard.notifier.board.ThreadState;
import dev.pipelineguard.notifier.delivery.SlackApiException;
import dev.pipelineguard.notifier.delivery.SlackChat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Keeps one live Slack message per pipeline execution: stores what each event changes, and makes
 * Slack show it.
 *
 * <p>Every event is merged into the execution's stored record with an optimistic write. Talking to
 * Slack needs the record's lease, taken in that same write; at most one invocation holds it. The
 * holder posts the parent (the first time), updates it when its rendering changed, and posts the
 * queued thread replies, recording each Slack answer as soon as it has it. It lets go of the lease
 * only with a write conditional on the version it last rendered: if anyone stored a change
 * meanwhile, that write fails and the holder renders again. So an invocation that finds the lease
 * taken only stores its change and returns, and two containers that handle the first two events at
 * once post one parent, not two.
 *
 * <p>The lease ends at its holder's deadline (the end of its invocation), so a holder that crashed
 * between taking the lease and posting blocks nobody for longer: the next invocation of the
 * execution (Lambda retries a failed one) takes the lease over and renders everything stored. Not
 * covered: a holder that posted a parent and then could not store its {@code ts} (DynamoDB down at
 * that moment) leaves that message behind, and the next holder posts another.
 *
 * <p>A parent post that went out but was not answered in time ({@code UNCONFIRMED}) is never posted
 * again: it may be in the channel, and a second parent would show the execution twice. Its {@code
 * ts} is unknown, so that board is not updated any more, and the replies still to come are posted
 * on their own in the channel. A reply that went out unanswered is not posted again.
 */
public final class BoardSync {
  /**
   * Optimistic writes per change before giving up (each conflict means someone else progressed).
   */
  static final int MAX_CONFLICTS = 10;

  /** Slack calls one holder makes before it gives up (a parent, updates, replies). */
  static final int MAX_ROUNDS = 25;

  /** Below this much time left, no Slack call is started. */
  static final Duration MIN_SLACK_TIME = Duration.ofMillis(500);

  /**
   * What became of a change.
   *
   * <ul>
   *   <li>{@code RENDERED}: this invocation held the lease and Slack shows the board as stored;
   *   <li>{@code DEFERRED}: stored; another invocation holds the lease and will render it;
   *   <li>{@code UNCHANGED}: nothing new (a duplicate), and Slack already shows it.
   * </ul>
   */
  public enum Outcome {
    RENDERED,
    DEFERRED,
    UNCHANGED
  }

  /**
   * @param parentTs the parent's {@code ts} when known; {@code slackCalls} made by this invocation
   */
  public record Result(Outcome outcome, String channel, String parentTs, int slackCalls) {}

  private final BoardStore store;
  private final SlackChat chat;
  private final Clock clock;
  private final Log log;
  private final Supplier<String> holderIds;

  public BoardSync(BoardStore store, SlackChat chat, Clock clock, Log log) {
    this(store, chat, clock, log, () -> UUID.randomUUID().toString());
  }

  /**
   * @param holderIds names each invocation's hold on the lease (tests name them)
   */
  public BoardSync(
      BoardStore store, SlackChat chat, Clock clock, Log log, Supplier<String> holderIds) {
    this.store = store;
    this.chat = chat;
    this.clock = clock;
    this.log = log;
    this.holderIds = holderIds;
  }

  /**
   * Merges {@code event} into its execution's board and the replies it asks for into the thread,
   * then brings Slack up to date unless another invocation is doing so.
   *
   * @param channel where a new parent goes (id or name); replies go to the parent's channel
   * @param deadline when this invocation must be done with Slack; also when its lease ends
   * @throws SlackApiException Slack refused, or could not be reached in time
   * @throws BoardStore.StoreException the store could not be read or written
   * @throws BoardSyncException too many concurrent writes, or no time left
   */
  public Result apply(BoardEvent event, String channel, Instant deadline) {
    return apply(event, UnaryOperator.identity(), channel, deadline);
  }

  /**
   * Like {@link #apply(BoardEvent, String, Instant)}, also merging facts read elsewhere into the
   * board in the same write: {@code board -> board.withLayout(layout)} (GetPipeline's stages) or
   * {@code board -> board.withSource(source)} (GetPipelineExecution's commit). Such merges must not
   * depend on order ({@link ExecutionBoard#withLayout} and {@link ExecutionBoard#withSource} do
   * not), so the board still converges.
   */
  public Result apply(
      BoardEvent event, UnaryOperator<ExecutionBoard> facts, String channel, Instant deadline) {
    return change(
        event.executionId(),
        channel,
        deadline,
        record -> {
          ExecutionBoard board = facts.apply(record.board().apply(event));
          ThreadState thread = record.thread();
          for (ThreadReply reply : BoardMessages.replies(event, board)) {
            thread = thread.request(reply, clock.instant());
          }
          return new BoardRecord(board, thread, record.version());
        });
  }

  /**
   * Queues {@code reply} in the thread of {@code executionId} (a report about the execution) and
   * brings Slack up to date; a reply whose key is known is not posted again.
   */
  public Result reply(String executionId, ThreadReply reply, String channel, Instant deadline) {
    return reply(executionId, reply, UnaryOperator.identity(), channel, deadline);
  }

  /**
   * Like {@link #reply(String, ThreadReply, String, Instant)}, also merging what the report says
   * about the execution into its board ({@code board -> board.withPipeline(...)}), so a report that
   * arrives before any event still opens a parent that names its pipeline.
   */
  public Result reply(
      String executionId,
      ThreadReply reply,
      UnaryOperator<ExecutionBoard> facts,
      String channel,
      Instant deadline) {
    return change(
        executionId,
        channel,
        deadline,
        record ->
            new BoardRecord(
                facts.apply(record.board()),
                record.thread().request(reply, clock.instant()),
                record.version()));
  }

  private Result change(
      String executionId, String channel, Instant deadline, UnaryOperator<BoardRecord> change) {
    String holder = holderIds.get();
    for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      Instant now = clock.instant();
      BoardRecord current = store.load(executionId);
      BoardRecord changed = change.apply(current);
      boolean dirty = !changed.equals(current);
      if (!dirty && settled(changed)) {
        log.info("board.unchanged", "executionId", executionId);
        return new Result(
            Outcome.UNCHANGED, changed.thread().channel(), changed.thread().parentTs(), 0);
      }
      if (changed.thread().leasedToOther(holder, now)) {
        if (!dirty || store.save(changed, now).isPresent()) {
          log.info("board.deferred", "executionId", executionId, "stored", dirty);
          return new Result(
              Outcome.DEFERRED, changed.thread().channel(), changed.thread().parentTs(), 0);
        }
        continue;
      }
      Optional<BoardRecord> leased =
          store.save(changed.with(changed.thread().withLease(holder, deadline)), now);
      if (leased.isPresent()) {
        return hold(executionId, holder, channel, deadline);
      }
    }
    throw new BoardSyncException(
        "the board of " + executionId + " kept changing: " + MAX_CONFLICTS + " conflicting writes");
  }

  /** Whether Slack shows the stored board and every queued reply. */
  private static boolean settled(BoardRecord record) {
    ThreadState thread = record.thread();
    return thread.parentTs() != null
        && thread.pending().isEmpty()
        && digest(render(record.board()).json()).equals(thread.shownDigest());
  }

  private Result hold(String executionId, String holder, String channel, Instant deadline) {
    int calls = 0;
    try {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        BoardRecord record = store.load(executionId);
        ThreadState thread = record.thread();
        if (thread.lease() == null || !thread.lease().heldBy(holder)) {
          // Taken over: ours ran out. Whoever has it now renders.
          return new Result(Outcome.DEFERRED, thread.channel(), thread.parentTs(), calls);
        }
        SlackMessage message = render(record.board());
        String digest = digest(message.json());
        if (thread.parentTs() == null) {
          checkTime(executionId, deadline);
          SlackChat.ChatResult posted = chat.post(channel, null, message.json(), deadline);
          calls++;
          if (posted.status() == SlackChat.ChatResult.Status.UNCONFIRMED) {
            // It may be in the channel: another parent could make two. The board goes blind
            // instead.
            persist(
                executionId,
                r -> r.with(r.thread().withParent(channel, ThreadState.UNCONFIRMED, digest)));
            log.warn("board.parent_unconfirmed", "executionId", executionId, "channel", channel);
            continue;
          }
          persist(
              executionId,
              r -> r.with(r.thread().withParent(posted.channel(), posted.ts(), digest)));
          log.info(
              "board.parent_posted",
              "executionId",
              executionId,
              "channel",
              posted.channel(),
              "ts",
              posted.ts());
          continue;
        }
        if (!digest.equals(thread.shownDigest())) {
          if (thread.parentUnconfirmed()) {
            // No ts to update: the parent shows what it showed when it went out.
            persist(executionId, r -> r.with(r.thread().withShown(digest)));
            log.info(
                "board.not_updated", "executionId", executionId, "reason", "parent unconfirmed");
            continue;
          }
          checkTime(executionId, deadline);
          SlackChat.ChatResult updated =
              chat.update(thread.channel(), thread.parentTs(), message.json(), deadline);
          calls++;
          if (!updated.ok()) {
            parentGone(executionId, thread);
            continue;
          }
          persist(executionId, r -> r.with(r.thread().withShown(digest)));
          continue;
        }
        Map.Entry<String, ThreadState.Pending> next =
            thread.pending().entrySet().stream()
                .min(
                    Map.Entry.comparingByValue(
                        (a, b) -> a.requestedAt().compareTo(b.requestedAt())))
                .orElse(null);
        if (next != null) {
          checkTime(executionId, deadline);
          // Under an unconfirmed parent there is no thread to reply in: the reply goes on its own.
          String threadTs = thread.parentUnconfirmed() ? null : thread.parentTs();
          SlackChat.ChatResult posted =
              chat.post(thread.channel(), threadTs, next.getValue().payloadJson(), deadline);
          calls++;
          if (posted.status() == SlackChat.ChatResult.Status.MESSAGE_NOT_FOUND) {
            parentGone(executionId, thread);
            continue;
          }
          String key = next.getKey();
          String ts =
              posted.ok()
                  ? posted.ts()
                  : ThreadState.UNCONFIRMED; // unconfirmed: never posted again
          persist(executionId, r -> r.with(r.thread().markPosted(key, ts)));
          log.info("board.reply_posted", "executionId", executionId, "reply", key, "ts", ts);
          continue;
        }
        // Slack shows this version: let go, unless a change was stored since it was loaded.
        Optional<BoardRecord> released =
            store.save(record.with(thread.withoutLease()), clock.instant());
        if (released.isPresent()) {
          log.info("board.rendered", "executionId", executionId, "slackCalls", calls);
          return new Result(Outcome.RENDERED, thread.channel(), thread.parentTs(), calls);
        }
      }
      throw new BoardSyncException(
          "the board of " + executionId + " did not settle after " + MAX_ROUNDS + " rounds");
    } catch (RuntimeException e) {
      letGo(executionId, holder);
      throw e;
    }
  }

  /**
   * The parent was deleted: forget it, so the next round posts a new one (and the replies there).
   */
  private void parentGone(String executionId, ThreadState thread) {
    log.warn(
        "board.parent_gone",
        "executionId",
        executionId,
        "channel",
        thread.channel(),
        "ts",
        thread.parentTs());
    persist(
        executionId,
        r ->
            thread.parentTs().equals(r.thread().parentTs())
                ? r.with(r.thread().withoutParent())
                : r);
  }

  private void checkTime(String executionId, Instant deadline) {
    if (clock.instant().plus(MIN_SLACK_TIME).isAfter(deadline)) {
      throw new BoardSyncException("no time left to update the board of " + executionId);
    }
  }

  /**
   * Records what Slack did, on whatever version is stored now (only the lease holder changes
   * these).
   */
  private void persist(String executionId, UnaryOperator<BoardRecord> change) {
    for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      BoardRecord current = store.load(executionId);
      if (store.save(change.apply(current), clock.instant()).isPresent()) {
        return;
      }
    }
    throw new BoardSyncException(
        "could not record Slack's answer for the board of "
            + executionId
            + ": "
            + MAX_CONFLICTS
            + " conflicting writes");
  }

  /** Best effort after a failure: free the lease at once rather than at its end. */
  private void letGo(String executionId, String holder) {
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        BoardRecord current = store.load(executionId);
        ThreadState.Lease lease = current.thread().lease();
        if (lease == null
            || !lease.heldBy(holder)
            || store
                .save(current.with(current.thread().withoutLease()), clock.instant())
                .isPresent()) {
          return;
        }
      }
    } catch (RuntimeException e) {
      log.warn(
          "board.lease_not_released",
          "executionId",
          executionId,
          "error",
          e.getClass().getSimpleName());
    }
  }

  /**
   * The board as a message; a board that would break Slack's limits (a bug) becomes a short message
   * that says so, rather than one Slack refuses.
   */
  static SlackMessage render(ExecutionBoard board) {
    SlackMessage message = BoardMessages.board(board);
    List<String> violations = BlockKitLimits.violations(Json.parse(message.json()));
    if (violations.isEmpty()) {
      return message;
    }
    return SlackMessage.builder(Severity.NEUTRAL)
        .title(
            ":warning:", "Board of " + (board.pipeline() == null ? "a pipeline" : board.pipeline()))
        .section(
            Mrkdwn.markup(
                "_This execution's board could not be shown within Slack's limits ("
                    + violations.size()
                    + " problems); the execution timeline has everything._"))
        .build();
  }

  static String digest(String json) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
