package dev.pipelineguard.notifier.board;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Slack side of a board: where its parent message is, what the parent shows, which replies were
 * posted or are waiting, and who may talk to Slack for this execution right now.
 *
 * <p>Only the holder of the {@link Lease} posts or updates anything for the execution; everyone
 * else only stores what their event changed, and the holder renders it before it lets go. The lease
 * ends at its holder's own deadline, so a holder that crashed blocks nobody for longer.
 *
 * @param channel the channel id Slack answered for the parent (null before the parent)
 * @param parentTs the parent message's {@code ts}, null until it was posted, {@link #UNCONFIRMED}
 *     when its post went unanswered
 * @param shownDigest a digest of the payload the parent shows now
 * @param lease null when nobody holds it
 * @param posted reply key to the reply's {@code ts}
 * @param pending reply key to the reply waiting to be posted
 */
public record ThreadState(
    String channel,
    String parentTs,
    String shownDigest,
    Lease lease,
    SortedMap<String, String> posted,
    SortedMap<String, Pending> pending) {
  /**
   * The {@code ts} recorded for a message that was sent but not answered in time: it may be in the
   * channel, where it cannot be found without reading the channel's history. Never a real {@code
   * ts} (those are digits and a dot).
   */
  public static final String UNCONFIRMED = "unconfirmed";

  public static final ThreadState NONE =
      new ThreadState(null, null, null, null, new TreeMap<>(), new TreeMap<>());

  /** The right to talk to Slack for this execution until {@code until}. */
  public record Lease(String holder, Instant until) {
    public boolean heldBy(String someone) {
      return holder.equals(someone);
    }

    public boolean expired(Instant now) {
      return !now.isBefore(until);
    }
  }

  /** A reply to post, requested at {@code requestedAt} (replies are posted in that order). */
  public record Pending(String payloadJson, Instant requestedAt) {}

  public ThreadState {
    posted = Collections.unmodifiableSortedMap(new TreeMap<>(posted));
    pending = Collections.unmodifiableSortedMap(new TreeMap<>(pending));
  }

  /** Whether anyone but {@code holder} holds an unexpired lease at {@code now}. */
  public boolean leasedToOther(String holder, Instant now) {
    return lease != null && !lease.heldBy(holder) && !lease.expired(now);
  }

  public ThreadState withLease(String holder, Instant until) {
    return new ThreadState(
        channel, parentTs, shownDigest, new Lease(holder, until), posted, pending);
  }

  public ThreadState withoutLease() {
    return lease == null
        ? this
        : new ThreadState(channel, parentTs, shownDigest, null, posted, pending);
  }

  public ThreadState withParent(String channelId, String ts, String digest) {
    return new ThreadState(channelId, ts, digest, lease, posted, pending);
  }

  /**
   * The parent is gone (deleted in Slack): the next sync posts a new one. Posted replies stay
   * posted.
   */
  public ThreadState withoutParent() {
    return new ThreadState(channel, null, null, lease, posted, pending);
  }

  public ThreadState withShown(String digest) {
    return new ThreadState(channel, parentTs, digest, lease, posted, pending);
  }

  /** Queues {@code reply} unless it was posted or is queued already (the same news again). */
  public ThreadState request(ThreadReply reply, Instant now) {
    if (posted.containsKey(reply.key()) || pending.containsKey(reply.key())) {
      return this;
    }
    TreeMap<String, Pending> more = new TreeMap<>(pending);
    more.put(reply.key(), new Pending(reply.payloadJson(), now));
    return new ThreadState(channel, parentTs, shownDigest, lease, posted, more);
  }

  /** Whether the parent was posted without an answer: it cannot be updated or replied to. */
  public boolean parentUnconfirmed() {
    return UNCONFIRMED.equals(parentTs);
  }

  public boolean knows(String replyKey) {
    return posted.containsKey(replyKey) || pending.containsKey(replyKey);
  }

  public ThreadState markPosted(String replyKey, String ts) {
    TreeMap<String, String> done = new TreeMap<>(posted);
    done.put(replyKey, ts);
    TreeMap<String, Pending> left = new TreeMap<>(pending);
    left.remove(replyKey);
    return new ThreadState(channel, parentTs, shownDigest, lease, done, left);
  }
}
