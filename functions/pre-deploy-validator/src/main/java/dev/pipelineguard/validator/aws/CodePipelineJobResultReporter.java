package dev.pipelineguard.validator.aws;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.aws.AwsErrors;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.model.TextSanitizer;
import dev.pipelineguard.validator.result.Decider;
import dev.pipelineguard.validator.result.Decision;
import dev.pipelineguard.validator.result.FailureMessage;
import dev.pipelineguard.validator.result.JobResultReporter;
import dev.pipelineguard.validator.result.ReportingException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.FailureType;
import software.amazon.awssdk.services.codepipeline.model.InvalidJobStateException;
import software.amazon.awssdk.services.codepipeline.model.JobNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.OutputVariablesSizeExceededException;
import software.amazon.awssdk.services.codepipeline.model.ValidationException;
import software.amazon.awssdk.utils.Lazy;

/**
 * {@link JobResultReporter} over the SDK's CodePipeline client (which honours {@code
 * AWS_ENDPOINT_URL_CODEPIPELINE}). Exactly one result per job: a retry that finds the job already
 * completed ({@code InvalidJobStateException}, e.g. after a lost response) counts as done. A
 * request CodePipeline rejects as invalid is sent once more in a minimal form; transient failures
 * are retried with backoff; only when every attempt fails does it throw.
 */
public final class CodePipelineJobResultReporter implements JobResultReporter {
  /** Waits between attempts; tests pass one that does not sleep. */
  public interface Pause {
    void pause(Duration duration);
  }

  /**
   * Sends of one result: the first and two more (the minimal form of a rejected result is one of
   * them).
   */
  static final int ATTEMPTS = 3;

  /** The pauses after the first and the second send failed. */
  static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));

  /** One send, the SDK's own retries included (CodePipeline answers in milliseconds). */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);

  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  static final int SDK_ATTEMPTS = 2;

  /**
   * The longest {@link #report} takes: every send running out of time, and every pause between
   * them.
   */
  public static final Duration WORST_CASE =
      CALL_TIMEOUT
          .multipliedBy(ATTEMPTS)
          .plus(BACKOFF.stream().reduce(Duration.ZERO, Duration::plus));

  private final Supplier<CodePipelineClient> codePipeline;
  private final Pause pause;
  private final Log log;

  public CodePipelineJobResultReporter(AwsSdk.Settings settings, Pause pause, Log log) {
    this(new Lazy<CodePipelineClient>(() -> Clients.jobResults(settings))::getValue, pause, log);
  }

  CodePipelineJobResultReporter(Supplier<CodePipelineClient> codePipeline, Pause pause, Log log) {
    this.codePipeline = codePipeline;
    this.pause = pause;
    this.log = log;
  }

  public static Pause sleeping() {
    return duration -> {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Override
  public Delivery report(String jobId, Decision decision) {
    boolean minimal = false;
    RuntimeException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        send(jobId, decision, minimal);
        return Delivery.REPORTED;
      } catch (InvalidJobStateException e) {
        log.warn(
            "job.already_reported",
            "jobId",
            jobId,
            "attempt",
            attempt,
            "detail",
            TextSanitizer.clean(AwsErrors.message(e), 200));
        return Delivery.ALREADY_REPORTED;
      } catch (JobNotFoundException e) {
        log.error("job.not_found", "jobId", jobId, "attempt", attempt);
        return Delivery.JOB_NOT_FOUND;
      } catch (ValidationException | OutputVariablesSizeExceededException e) {
        if (minimal) {
          throw new ReportingException(
              "CodePipeline rejected even the minimal result for job "
                  + jobId
                  + ": "
                  + AwsCallException.of("codepipeline:PutJob*Result", e).evidence(),
              e);
        }
        log.warn(
            "job.report_rejected",
            "jobId",
            jobId,
            "error",
            AwsCallException.of("codepipeline:PutJob*Result", e).evidence(),
            "retry",
            "minimal");
        minimal = true;
      } catch (SdkException | UncheckedIOException e) {
        last = e;
        AwsCallException error = AwsCallException.of("codepipeline:PutJob*Result", e);
        log.warn("job.report_retry", "jobId", jobId, "attempt", attempt, "error", error.evidence());
        if (attempt < ATTEMPTS) {
          pause.pause(BACKOFF.get(attempt - 1));
        }
      }
    }
    String why =
        last == null
            ? "the result was rejected"
            : AwsCallException.of("codepipeline:PutJob*Result", last).evidence();
    throw new ReportingException(
        "could not report job "
            + jobId
            + " to CodePipeline after "
            + ATTEMPTS
            + " attempts: "
            + why,
        last);
  }

  private void send(String jobId, Decision decision, boolean minimal) {
    CodePipelineClient client = codePipeline.get();
    if (decision instanceof Decision.Fail) {
      Decision.Fail fail = (Decision.Fail) decision;
      String message =
          minimal
              ? "Deployment blocked by pipeline-guard ("
                  + fail.type().apiName()
                  + "); the detailed message was rejected "
                  + "by CodePipeline: see the validator's log for job "
                  + jobId
                  + "."
              : fail.message();
      client.putJobFailureResult(
          b ->
              b.jobId(jobId)
                  .failureDetails(
                      f ->
                          f.type(FailureType.fromValue(fail.type().apiName()))
                              .message(nonEmpty(message, FailureMessage.LIMIT))));
    } else if (decision instanceof Decision.Continue) {
      Decision.Continue next = (Decision.Continue) decision;
      client.putJobSuccessResult(
          b ->
              b.jobId(jobId)
                  .continuationToken(next.token())
                  .executionDetails(
                      d ->
                          d.summary(
                                  nonEmpty(
                                      minimal ? "pipeline-guard: still validating" : next.summary(),
                                      Decider.MAX_SUMMARY))
                              .percentComplete(next.percentComplete())));
    } else {
      Decision.Succeed success = (Decision.Succeed) decision;
      client.putJobSuccessResult(
          b -> {
            b.jobId(jobId)
                .executionDetails(
                    d ->
                        d.summary(
                                nonEmpty(
                                    minimal
                                        ? "pipeline-guard: all checks passed"
                                        : success.summary(),
                                    Decider.MAX_SUMMARY))
                            .percentComplete(100));
            if (!minimal && !success.outputVariables().isEmpty()) {
              b.outputVariables(success.outputVariables());
            }
          });
    }
  }

  private static String nonEmpty(String text, int max) {
    String t = dev.pipelineguard.common.Text.truncate(text, max);
    return t.isEmpty() ? "pipeline-guard" : t;
  }
}
