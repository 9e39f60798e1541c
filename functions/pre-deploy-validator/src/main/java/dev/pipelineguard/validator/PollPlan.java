package dev.pipelineguard.validator;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which checks this invocation runs and until when validation may keep polling: everything on the
 * first invocation, only the pending checks on a continuation. A continuation token that is not
 * ours restarts validation (with a note) rather than trusting it.
 *
 * @param note set when the token could not be used, for the summary and logs
 */
public record PollPlan(Instant started, Instant deadline, int poll, Set<CheckId> toRun, Set<CheckId> earlierSkipped,
    String note) {

  public PollPlan {
    toRun = toRun.isEmpty() ? EnumSet.noneOf(CheckId.class) : EnumSet.copyOf(toRun);
    earlierSkipped = earlierSkipped.isEmpty() ? EnumSet.noneOf(CheckId.class) : EnumSet.copyOf(earlierSkipped);
  }

  public static PollPlan of(JobEvent job, ValidatorParameters params, Instant now) {
    if (job.isContinuation()) {
      Optional<ContinuationToken> token = ContinuationToken.decode(job.continuationToken());
      if (token.isPresent()) {
        ContinuationToken t = token.get();
        return new PollPlan(t.started(), t.deadline(), t.poll() + 1, t.pending(), t.skipped(), null);
      }
      return first(params, now, "the continuation token was not one of this validator's (unreadable, foreign or from "
          + "another version), so validation restarted");
    }
    return first(params, now, null);
  }

  private static PollPlan first(ValidatorParameters params, Instant now, String note) {
    return new PollPlan(now, now.plusSeconds(params.timeoutSeconds()), 1, EnumSet.allOf(CheckId.class),
        EnumSet.noneOf(CheckId.class), note);
  }

  /** Checks that passed in an earlier poll of this validation. */
  public Set<CheckId> earlierPassed() {
    Set<CheckId> out = EnumSet.allOf(CheckId.class);
    out.removeAll(toRun);
    out.removeAll(earlierSkipped);
    return out;
  }
}
