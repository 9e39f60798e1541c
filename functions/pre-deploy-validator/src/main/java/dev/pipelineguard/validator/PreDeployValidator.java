package dev.pipelineguard.validator;

import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportPublisher;
import dev.pipelineguard.validator.check.CheckRunner;
import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.job.ParameterException;
import dev.pipelineguard.validator.job.PollPlan;
import dev.pipelineguard.validator.job.UnreportableJobException;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.TextSanitizer;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.CheckStatus;
import dev.pipelineguard.validator.result.Decider;
import dev.pipelineguard.validator.result.Decision;
import dev.pipelineguard.validator.result.FailureMessage;
import dev.pipelineguard.validator.result.FailureType;
import dev.pipelineguard.validator.result.JobResultReporter;
import dev.pipelineguard.validator.result.ValidationReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One invocation, from payload to report: parse the job, run every check, decide, report exactly
 * once, and publish a report when the deployment is blocked. Every path that knows a job id ends in
 * one CodePipeline result; only a payload without a job id, or a report CodePipeline keeps
 * refusing, ends in an exception.
 */
final class PreDeployValidator {
  private final CheckRunner runner;
  private final JobResultReporter reporter;
  private final ReportPublisher publisher;
  private final ValidatorConfig config;
  private final Clock clock;
  private final Log log;

  PreDeployValidator(
      CheckRunner runner,
      JobResultReporter reporter,
      ReportPublisher publisher,
      ValidatorConfig config,
      Clock clock,
      Log log) {
    this.runner = runner;
    this.reporter = reporter;
    this.publisher = publisher;
    this.config = config;
    this.clock = clock;
    this.log = log;
  }

  /**
   * What an invocation did, returned to the caller (CodePipeline ignores it; local runs show it).
   */
  record Result(
      String jobId,
      String outcome,
      String failureType,
      JobResultReporter.Delivery delivery,
      boolean reportPublished) {
    String toJson() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("jobId", jobId);
      out.put("outcome", outcome);
      out.put("failureType", failureType);
      out.put("delivery", delivery.name());
      out.put("reportPublished", reportPublished);
      return dev.pipelineguard.common.JsonWriter.write(out);
    }
  }

  Result process(byte[] payload, Duration budget) {
    JobEvent job;
    try {
      job = JobEvent.parse(payload);
    } catch (UnreportableJobException e) {
      log.error("job.unreportable", "error", e.getMessage(), "bytes", payload.length);
      throw e;
    }
    Instant started = clock.instant();
    log.info(
        "job.received",
        "jobId",
        job.jobId(),
        "continuation",
        job.isContinuation(),
        "inputArtifacts",
        job.inputArtifacts().size(),
        "budgetMillis",
        budget.toMillis());

    ValidatorParameters params = null;
    Decision decision;
    List<String> parameterProblems = null;
    try {
      params = ValidatorParameters.parse(job.userParameters());
      decision = validate(job, params, budget, started);
    } catch (ParameterException e) {
      parameterProblems = e.problems();
      log.warn("parameters.invalid", "jobId", job.jobId(), "problems", e.problems());
      decision =
          new Decision.Fail(
              FailureType.CONFIGURATION_ERROR,
              FailureMessage.forParameters(e.problems(), job.jobId()),
              List.of());
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // Whatever went wrong, the job still gets its one result.
      log.error(
          "validation.crashed",
          "jobId",
          job.jobId(),
          "error",
          e.getClass().getName(),
          "message",
          TextSanitizer.clean(e.getMessage()));
      decision =
          new Decision.Fail(
              FailureType.JOB_FAILED,
              FailureMessage.forInternalError(e.getClass().getSimpleName(), job.jobId()),
              List.of());
    }

    JobResultReporter.Delivery delivery = reporter.report(job.jobId(), decision);
    log.info(
        "job.reported",
        "jobId",
        job.jobId(),
        "outcome",
        outcome(decision),
        "failureType",
        failureType(decision),
        "delivery",
        delivery.name(),
        "millis",
        Duration.between(started, clock.instant()).toMillis());

    boolean published = false;
    // Only the invocation that reported the failure publishes, so a retried invocation never
    // doubles it.
    if (decision instanceof Decision.Fail
        && delivery == JobResultReporter.Delivery.REPORTED
        && publisher != null) {
      published = publish(job, params, parameterProblems, (Decision.Fail) decision);
    }
    return new Result(job.jobId(), outcome(decision), failureType(decision), delivery, published);
  }

  private Decision validate(
      JobEvent job, ValidatorParameters params, Duration budget, Instant started) {
    PollPlan plan = PollPlan.of(job, params, started);
    if (plan.note() != null) {
      log.warn(
          "continuation.restarted",
          "jobId",
          job.jobId(),
          "reason",
          plan.note(),
          "tokenLength",
          job.continuationToken() == null ? 0 : job.continuationToken().length());
    }
    CheckRunner.Run run = runner.run(job, params, budget);
    for (CheckResult result : run.results()) {
      Object[] fields = {
        "jobId",
        job.jobId(),
        "poll",
        plan.poll(),
        "check",
        result.check().id(),
        "status",
        result.status().name(),
        "failureType",
        result.failureType() == null ? null : result.failureType().apiName(),
        "millis",
        run.millis().get(result.check()),
        "summary",
        result.summary(),
        "details",
        result.details().stream().limit(10).toList()
      };
      if (result.is(CheckStatus.FAILED)) {
        log.warn("check", fields);
      } else {
        log.info("check", fields);
      }
    }
    return Decider.decide(params, plan, run.results(), run.outputs(), job.jobId(), clock.instant());
  }

  private boolean publish(
      JobEvent job, ValidatorParameters params, List<String> problems, Decision.Fail fail) {
    try {
      ValidationReport.Origin origin =
          new ValidationReport.Origin(
              config.region(), job.accountId(), clock.instant(), config.logGroupName());
      Report report;
      if (params != null) {
        report = ValidationReport.forChecks(params, job.jobId(), fail, origin);
      } else {
        String[] names =
            ValidatorParameters.clusterAndService(job.userParameters())
                .orElse(new String[] {null, null});
        report =
            ValidationReport.forParameters(
                names[0],
                names[1],
                problems != null ? problems : List.of("the validator could not complete"),
                job.jobId(),
                origin);
      }
      publisher.publish(report);
      log.info("report.published", "jobId", job.jobId(), "topic", config.reportTopicArn());
      return true;
    } catch (RuntimeException e) {
      // The CodePipeline result is what matters and it is already in; a lost report is only logged.
      log.error(
          "report.publish_failed",
          "jobId",
          job.jobId(),
          "error",
          e instanceof ReportPublisher.PublishException ? e.getMessage() : e.getClass().getName());
      return false;
    }
  }

  private static String outcome(Decision decision) {
    if (decision instanceof Decision.Fail) {
      return "failed";
    }
    return decision instanceof Decision.Continue ? "continued" : "succeeded";
  }

  private static String failureType(Decision decision) {
    return decision instanceof Decision.Fail ? ((Decision.Fail) decision).type().apiName() : null;
  }
}
