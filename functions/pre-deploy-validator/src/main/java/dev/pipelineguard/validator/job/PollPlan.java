package dev.pipelineguard.validator.job;

import java.time.Instant;
import java.util.Optional;

/**
 * Where this invocation stands in its validation: when it started, when it gives up, which poll it
 * is. Every poll runs every check; the continuation token only carries the start and the poll
 * count, and the deadline is always the start plus the job's own {@code timeoutSeconds}. So a
 * forged or replayed token can at most restart validation (a token that is not ours, or one that
 * claims to start in the future) or bring the deadline closer (one that claims an early start),
 * after which a check still pending fails.
 *
 * @param note set when the token could not be used, for the summary and logs
 */
public record PollPlan(Instant started, Instant deadline, int poll, String note) {

  public static PollPlan of(JobEvent job, ValidatorParameters params, Instant now) {
    if (!job.isContinuation()) {
      return start(params, now, null);
    }
    Optional<ContinuationToken> token = ContinuationToken.decode(job.continuationToken());
    if (token.isEmpty()) {
      return start(
          params,
          now,
          "the continuation token was not one of this validator's (unreadable, foreign or from "
              + "another version), so validation restarted");
    }
    Instant started = token.get().started();
    if (started.isAfter(now)) {
      return start(
          params,
          now,
          "the continuation token claimed a start in the future, so validation restarted");
    }
    return new PollPlan(
        started, started.plusSeconds(params.timeoutSeconds()), token.get().poll() + 1, null);
  }

  private static PollPlan start(ValidatorParameters params, Instant now, String note) {
    return new PollPlan(now, now.plusSeconds(params.timeoutSeconds()), 1, note);
  }
}
