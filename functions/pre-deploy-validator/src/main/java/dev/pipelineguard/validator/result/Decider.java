package dev.pipelineguard.validator.result;

import dev.pipelineguard.common.Text;
import dev.pipelineguard.validator.job.ContinuationToken;
import dev.pipelineguard.validator.job.PollPlan;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one poll's check results into the one result to report. A failed check blocks at once (no
 * waiting for the rest to settle); pending checks are polled through continuation tokens until the
 * deadline, then fail with what was last seen. Pure: the time is passed in.
 */
public final class Decider {
  public static final int MAX_SUMMARY = 2048;
  static final String OUTPUTS_NOT_READ =
      "every check finished, but imagedefinitions.json and the task definition "
          + "were not read completely in this poll, so the images to deploy (ImageUri, Images) are not known yet";

  private Decider() {}

  /**
   * @param outputs the output variables from this poll's completed reads, empty when those reads
   *     did not complete in time
   */
  public static Decision decide(
      ValidatorParameters params,
      PollPlan plan,
      List<CheckResult> results,
      Optional<Outputs> outputs,
      String jobId,
      Instant now) {
    List<CheckResult> all = withOutputsKnown(results, outputs);
    String subject = subject(params);
    List<CheckResult> failed = all.stream().filter(c -> c.is(CheckStatus.FAILED)).toList();
    List<CheckResult> pending = all.stream().filter(c -> c.is(CheckStatus.PENDING)).toList();

    if (!failed.isEmpty()) {
      FailureType type = null;
      for (CheckResult c : failed) {
        type = FailureType.worst(type, c.failureType());
      }
      return new Decision.Fail(
          type, FailureMessage.forChecks(subject, all, jobId, plan.note()), all);
    }
    if (!pending.isEmpty()) {
      if (now.isBefore(plan.deadline())) {
        ContinuationToken token = new ContinuationToken(plan.started(), plan.poll());
        long left = Math.max(0, Duration.between(now, plan.deadline()).toSeconds());
        String summary =
            "pipeline-guard poll "
                + plan.poll()
                + ", waiting up to "
                + left
                + " s more for "
                + subject
                + ": "
                + joinSummaries(pending, true)
                + (plan.note() == null ? "" : " (" + plan.note() + ")");
        return new Decision.Continue(
            token.encode(), Text.truncate(summary, MAX_SUMMARY), percent(plan, now), all);
      }
      long waited = Math.max(0, Duration.between(plan.started(), now).toSeconds());
      List<CheckResult> timedOut = new ArrayList<>();
      for (CheckResult c : all) {
        if (c.is(CheckStatus.PENDING)) {
          timedOut.add(
              CheckResult.failed(
                  c.check(),
                  FailureType.JOB_FAILED,
                  "still not settled after "
                      + waited
                      + " s (timeoutSeconds "
                      + params.timeoutSeconds()
                      + "); last seen: "
                      + c.summary(),
                  c.details(),
                  "Wait for the service to settle (or fix what keeps it from settling) and retry this stage; raise "
                      + "timeoutSeconds if it routinely needs longer."));
        } else {
          timedOut.add(c);
        }
      }
      return new Decision.Fail(
          FailureType.JOB_FAILED,
          FailureMessage.forChecks(subject, timedOut, jobId, plan.note()),
          timedOut);
    }
    List<CheckId> passed =
        all.stream().filter(c -> c.is(CheckStatus.PASSED)).map(CheckResult::check).toList();
    String summary =
        "pipeline-guard: "
            + passed.size()
            + " of "
            + all.size()
            + " checks passed for "
            + subject
            + (plan.poll() > 1 ? " after " + plan.poll() + " polls" : "")
            + ": "
            + joinSummaries(all, false)
            + (plan.note() == null ? "" : " (" + plan.note() + ")");
    return new Decision.Succeed(
        Text.truncate(summary, MAX_SUMMARY), outputs.orElseThrow().variables(params, passed), all);
  }

  /**
   * Output variables come only from reads this poll completed. Should every check have finished but
   * not those reads, the artifact check counts as pending: the images are never guessed.
   */
  private static List<CheckResult> withOutputsKnown(
      List<CheckResult> results, Optional<Outputs> outputs) {
    boolean open =
        results.stream().anyMatch(c -> c.is(CheckStatus.FAILED) || c.is(CheckStatus.PENDING));
    if (outputs.isPresent() || open) {
      return results;
    }
    return results.stream()
        .map(
            c ->
                c.check() != CheckId.ARTIFACT
                    ? c
                    : CheckResult.pending(CheckId.ARTIFACT, OUTPUTS_NOT_READ, List.of()))
        .toList();
  }

  static String subject(ValidatorParameters params) {
    return "service "
        + TextSanitizer.quote(params.serviceName())
        + " in cluster "
        + TextSanitizer.quote(params.clusterName());
  }

  /**
   * One clause per check; with {@code evidence}, the first detail too (what is being waited for).
   */
  private static String joinSummaries(List<CheckResult> checks, boolean evidence) {
    List<String> parts = new ArrayList<>();
    for (CheckResult c : checks) {
      String detail =
          evidence && !c.details().isEmpty()
              ? " [" + TextSanitizer.clean(c.details().get(0), 300) + "]"
              : "";
      parts.add(c.check().id() + ": " + TextSanitizer.clean(c.summary(), 300) + detail);
    }
    return String.join("; ", parts);
  }

  private static int percent(PollPlan plan, Instant now) {
    long total = Duration.between(plan.started(), plan.deadline()).toMillis();
    long done = Duration.between(plan.started(), now).toMillis();
    if (total <= 0) {
      return 99;
    }
    return (int) Math.max(0, Math.min(99, done * 100 / total));
  }
}
