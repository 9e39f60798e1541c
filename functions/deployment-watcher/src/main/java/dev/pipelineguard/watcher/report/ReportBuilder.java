package dev.pipelineguard.watcher.report;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.Text;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportContract;
import dev.pipelineguard.common.report.ReportHeader;
import dev.pipelineguard.watcher.diagnosis.Cause;
import dev.pipelineguard.watcher.diagnosis.Classification;
import dev.pipelineguard.watcher.diagnosis.RootCause;
import dev.pipelineguard.watcher.evidence.Deployment;
import dev.pipelineguard.watcher.evidence.Evidence;
import dev.pipelineguard.watcher.evidence.Incident;
import dev.pipelineguard.watcher.evidence.PipelineExecution;
import dev.pipelineguard.watcher.evidence.ServiceDeploymentInfo;
import dev.pipelineguard.watcher.evidence.ServiceSnapshot;
import dev.pipelineguard.watcher.evidence.StoppedTask;
import dev.pipelineguard.watcher.evidence.TaskDefinitionInfo;
import dev.pipelineguard.watcher.evidence.TaskDefinitions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an incident, its evidence and root cause into the {@code pipeline-guard.rollback-report/v1}
 * message (docs/report-schema.md), its SNS subject and message attributes. Pure: no clock (pass
 * {@code now}), no I/O. Every text that came from outside (ECS answers, the event, task
 * definitions) is quoted as it is put in ({@link #quote}: one line, credentials redacted, cut), and
 * our own sentences are composed of quoted pieces; the whole message is kept under SNS's 256 KiB by
 * cutting examples and reasons first.
 *
 * <p>The names, values and limits the notifier reads come from the common {@link ReportContract}
 * and {@link ReportHeader}; this class fills the watcher's fields and fits the size ({@link
 * #build}).
 */
public final class ReportBuilder {

  /** How much of the long texts to keep; tighter levels are tried until the message fits. */
  record Limits(
      int reasons, int reasonChars, int examples, int exampleChars, int events, int eventChars) {}

  static final List<Limits> LEVELS =
      List.of(
          new Limits(10, 500, 3, 2000, 5, 300),
          new Limits(5, 300, 2, 1000, 3, 200),
          new Limits(3, 200, 1, 500, 1, 200),
          new Limits(1, 100, 1, 200, 0, 0));

  private ReportBuilder() {}

  public static Report build(
      Incident incident,
      Evidence evidence,
      RootCause rootCause,
      Instant now,
      int stuckAfterMinutes) {
    return build(
        incident, evidence, rootCause, now, stuckAfterMinutes, ReportContract.SNS_MAX_BYTES);
  }

  static Report build(
      Incident incident,
      Evidence evidence,
      RootCause rootCause,
      Instant now,
      int stuckAfterMinutes,
      int maxBytes) {
    Report report = null;
    for (Limits limits : LEVELS) {
      report = assemble(incident, evidence, rootCause, now, stuckAfterMinutes, limits);
      if (report.fits(maxBytes)) {
        return report;
      }
    }
    return report; // the last level keeps one short reason and example: always far under the limit
  }

  private static Report assemble(
      Incident f, Evidence e, RootCause rc, Instant now, int stuckAfterMinutes, Limits limits) {
    String cluster = quote(f.cluster(), 255);
    String service = quote(f.service(), 255);
    Classification cause = rc.classification();

    Map<String, Object> body =
        new ReportHeader(
                ReportContract.ROLLBACK_V1,
                kind(f.kind()),
                severity(f.kind()),
                quote(f.region(), 32),
                quote(f.account(), 32),
                cluster,
                service,
                summary(f, e, rc, now, stuckAfterMinutes),
                now.toString(),
                links(f, e, rc))
            .body();
    body.put("failedDeployment", failedDeployment(f, e));
    body.put("restoredDeployment", restoredDeployment(e));
    body.put("cause", cause(cause, e, rc));
    body.put("evidence", evidence(e, rc, limits));
    body.put("circuitBreaker", circuitBreaker(f, e));
    body.put("pipelineExecution", pipelineExecution(e));
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("type", quote(f.trigger(), 64));
    trigger.put("eventId", quote(f.eventId(), 128));
    body.put("trigger", trigger);
    if (f.kind() == Incident.Kind.STUCK) {
      body.put("stuck", stuck(e, now, stuckAfterMinutes));
    }

    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(ReportContract.SCHEMA, ReportContract.ROLLBACK_V1);
    attributes.put(ReportContract.SEVERITY, severity(f.kind()));
    attributes.put(ReportContract.CLUSTER, nonEmpty(cluster));
    attributes.put(ReportContract.SERVICE, nonEmpty(service));
    attributes.put(ReportContract.CAUSE, cause.cause().name());
    return new Report(subject(f, cause), JsonWriter.write(body), attributes);
  }

  /** The report's {@code kind}: {@code deployment-rollback} or {@code deployment-stuck}. */
  static String kind(Incident.Kind kind) {
    return kind == Incident.Kind.STUCK ? ReportContract.KIND_STUCK : ReportContract.KIND_ROLLBACK;
  }

  /** {@code ERROR} for a rollback, {@code WARNING} for a stuck deployment. */
  static String severity(Incident.Kind kind) {
    return kind == Incident.Kind.STUCK ? ReportContract.WARNING : ReportContract.ERROR;
  }

  static String summary(Incident f, Evidence e, RootCause rc, Instant now, int stuckAfterMinutes) {
    StringBuilder s = new StringBuilder();
    s.append(quote(f.service())).append(": deployment ").append(quote(f.deploymentId()));
    String failedTd = failedTaskDefinition(e);
    if (failedTd != null) {
      s.append(" (").append(quote(TaskDefinitions.shortName(failedTd))).append(')');
    }
    if (f.kind() == Incident.Kind.STUCK) {
      Instant since = e.failed() == null ? null : e.failed().createdAt();
      s.append(
          since == null
              ? " is stuck in progress"
              : " has been in progress for " + Duration.between(since, now).toMinutes() + " min");
      s.append(" (threshold ").append(stuckAfterMinutes).append(" min)");
    } else if (e.restoredDeploymentId() != null || e.restored() != null) {
      // ECS sets the restored deployment back to IN_PROGRESS until it is steady again: only then is
      // it done.
      boolean done = e.restored() != null && e.restored().rolloutIs("COMPLETED");
      s.append(done ? " failed and was rolled back to " : " failed; rolling back to ")
          .append(
              quote(
                  e.restoredDeploymentId() != null ? e.restoredDeploymentId() : e.restored().id()));
      if (e.restoredTaskDefinition() != null) {
        s.append(" (").append(quote(e.restoredTaskDefinition().shortName())).append(')');
      }
    } else {
      s.append(" failed (no rollback)");
    }
    s.append(": ").append(rc.classification().title());
    if (rc.failedTasks() > 0) {
      s.append(" (")
          .append(rc.causeCount())
          .append(" of ")
          .append(rc.failedTasks())
          .append(rc.failedTasks() == 1 ? " failed task)" : " failed tasks)");
    } else if (rc.fromServiceEvents()) {
      s.append(" (from service events)");
    }
    return line(s.toString(), ReportContract.SUMMARY_MAX);
  }

  static String subject(Incident f, Classification cause) {
    String what = f.kind() == Incident.Kind.STUCK ? "Stuck deployment: " : "Rollback: ";
    return line(
        what + quote(f.service()) + " (" + quote(f.cluster()) + "): " + cause.title(),
        ReportContract.SUBJECT_MAX);
  }

  /**
   * Console links, built from quoted names (a name that held a credential gives a broken link, not
   * a leak).
   */
  private static Map<String, String> links(Incident f, Evidence e, RootCause rc) {
    String region = quote(f.region());
    String cluster = quote(f.cluster());
    String service = quote(f.service());
    Map<String, String> links = new LinkedHashMap<>();
    links.put("service", AwsConsole.ecsService(region, cluster, service));
    links.put("stoppedTasks", AwsConsole.ecsStoppedTasks(region, cluster, service));
    if (rc.exampleTaskId() != null) {
      links.put("exampleTask", AwsConsole.ecsTask(region, cluster, quote(rc.exampleTaskId())));
    }
    String failedTd = quote(failedTaskDefinition(e));
    if (failedTd != null && TaskDefinitions.revision(failedTd) != null) {
      links.put("failedTaskDefinition", taskDefinitionLink(region, failedTd));
    }
    String logGroup = quote(logGroup(e.failedTaskDefinition()));
    if (logGroup != null) {
      links.put("logs", AwsConsole.cloudWatchLogGroup(region, logGroup));
    }
    if (e.pipelineExecution() != null && e.pipelineExecution().link() != null) {
      links.put("pipelineExecution", quote(e.pipelineExecution().link()));
    }
    return links;
  }

  /** The ECS console page of a task definition revision (not in AwsConsole yet). */
  static String taskDefinitionLink(String region, String taskDefinition) {
    return "https://"
        + AwsConsole.host(region)
        + "/ecs/v2/task-definitions/"
        + AwsConsole.encode(TaskDefinitions.family(taskDefinition))
        + "/"
        + TaskDefinitions.revision(taskDefinition)
        + "/containers?region="
        + AwsConsole.encode(region);
  }

  private static String logGroup(TaskDefinitionInfo td) {
    if (td == null) {
      return null;
    }
    String any = null;
    for (TaskDefinitionInfo.ContainerSpec c : td.containers()) {
      if (c.logGroup() != null && !c.logGroup().isBlank()) {
        if (!Boolean.FALSE.equals(c.essential())) {
          return c.logGroup();
        }
        any = any == null ? c.logGroup() : any;
      }
    }
    return any;
  }

  private static String failedTaskDefinition(Evidence e) {
    if (e.failed() != null && e.failed().taskDefinition() != null) {
      return e.failed().taskDefinition();
    }
    return e.failedTaskDefinition() == null ? null : e.failedTaskDefinition().arn();
  }

  private static Map<String, Object> failedDeployment(Incident f, Evidence e) {
    Deployment d = e.failed();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", quote(f.deploymentId()));
    out.put("taskDefinition", quote(failedTaskDefinition(e)));
    out.put(
        "images",
        images(
            e.failedTaskDefinition(),
            e.failedTaskDefinition() == null ? StoppedTask.images(e.stoppedTasks()) : null));
    if (d != null) {
      // During a rollback ECS may still show the failed deployment IN_PROGRESS for a minute or two
      // (the rollback event comes first): the breaker has failed it, so say so, and keep what ECS
      // showed.
      boolean stillCatchingUp =
          f.kind() == Incident.Kind.ROLLBACK
              && !d.rolloutIs("FAILED")
              && (e.restored() != null || e.restoredDeploymentId() != null);
      out.put("rolloutState", stillCatchingUp ? "FAILED" : quote(d.rolloutState()));
      out.put(
          "rolloutStateReason",
          quote(
              stillCatchingUp && f.eventReason() != null ? f.eventReason() : d.rolloutStateReason(),
              500));
      if (stillCatchingUp) {
        out.put("observedRolloutState", quote(d.rolloutState()));
      }
      out.put("createdAt", iso(d.createdAt()));
      out.put("status", quote(d.status()));
      out.put("desiredCount", d.desiredCount());
      out.put("runningCount", d.runningCount());
      out.put("failedTasks", d.failedTasks());
    } else {
      // ECS did not show it (any more): say what the event said.
      boolean failedEvent = "SERVICE_DEPLOYMENT_FAILED".equals(f.trigger());
      out.put("rolloutState", failedEvent ? "FAILED" : null);
      out.put("rolloutStateReason", failedEvent ? quote(f.eventReason(), 500) : null);
      out.put("createdAt", null);
    }
    return out;
  }

  private static Object restoredDeployment(Evidence e) {
    if (e.restored() == null && e.restoredDeploymentId() == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "id",
        quote(e.restoredDeploymentId() != null ? e.restoredDeploymentId() : e.restored().id()));
    String td =
        e.restored() != null
            ? e.restored().taskDefinition()
            : e.restoredTaskDefinition() == null ? null : e.restoredTaskDefinition().arn();
    out.put("taskDefinition", quote(td));
    out.put("images", images(e.restoredTaskDefinition(), null));
    if (e.restored() != null) {
      out.put("rolloutState", quote(e.restored().rolloutState()));
    }
    return out;
  }

  private static List<String> images(TaskDefinitionInfo td, List<String> fallback) {
    List<String> images = td != null ? td.images() : fallback == null ? List.of() : fallback;
    List<String> out = new ArrayList<>();
    for (String image : images) {
      out.add(quote(image, 512));
    }
    return out;
  }

  private static Map<String, Object> cause(Classification c, Evidence e, RootCause rc) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("code", c.cause().name());
    out.put("title", line(c.title(), 200));
    out.put("hint", line(c.hint(), 500));
    String detail = c.detail();
    if (c.cause() == Cause.SECRETS_UNAVAILABLE
        && (detail == null
            || detail.startsWith("a secret")
            || detail.startsWith("an SSM parameter"))
        && e.failedTaskDefinition() != null) {
      List<String> sources = new ArrayList<>();
      for (TaskDefinitionInfo.ContainerSpec spec : e.failedTaskDefinition().containers()) {
        spec.secretSources().forEach(s -> sources.add(secretSource(s)));
      }
      if (!sources.isEmpty()) {
        String names = String.join(", ", sources.stream().distinct().limit(10).toList());
        detail = (detail == null ? "" : detail + "; ") + "the task definition references " + names;
      }
    }
    if (rc.fromServiceEvents()) {
      detail =
          (detail == null ? "" : detail + "; ")
              + "read from the service events: no stopped task showed the failure";
    }
    if (detail != null) {
      out.put(
          "detail",
          line(detail, 1000)); // composed of quoted pieces (diagnosis quotes what it names)
    }
    return out;
  }

  private static Map<String, Object> evidence(Evidence e, RootCause rc, Limits limits) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stoppedTasks", rc.stoppedTasks());
    out.put("failedTasks", rc.failedTasks());
    out.put("normalStops", rc.normalStops());
    List<Object> reasons = new ArrayList<>();
    for (RootCause.ReasonCount r : rc.reasons()) {
      if (reasons.size() >= limits.reasons()) {
        break;
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("reason", quote(r.reason(), limits.reasonChars()));
      item.put("count", r.count());
      reasons.add(item);
    }
    out.put("reasons", reasons);
    List<Object> examples = new ArrayList<>();
    for (String example : rc.examples()) {
      if (examples.size() >= limits.examples()) {
        break;
      }
      examples.add(quote(example, limits.exampleChars()));
    }
    out.put("examples", examples);
    List<Object> exitCodes = new ArrayList<>();
    for (RootCause.ExitCode code : rc.exitCodes()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("container", quote(code.container(), 255));
      item.put("exitCode", code.exitCode());
      item.put("meaning", code.meaning());
      item.put("count", code.count());
      exitCodes.add(item);
    }
    out.put("exitCodes", exitCodes);
    out.put("firstFailureAt", iso(rc.firstFailureAt()));
    out.put("lastFailureAt", iso(rc.lastFailureAt()));
    out.put("serviceEvents", serviceEvents(e, limits));
    List<Object> gaps = new ArrayList<>();
    for (String gap : e.gaps()) {
      gaps.add(
          line(gap, 300)); // composed where the gap arose, of quoted pieces (error codes, names)
    }
    out.put("gaps", gaps);
    return out;
  }

  /** Service events since the failed deployment was created (or all recent ones), newest first. */
  private static List<Object> serviceEvents(Evidence e, Limits limits) {
    List<Object> out = new ArrayList<>();
    if (e.service() == null || limits.events() == 0) {
      return out;
    }
    Instant since =
        e.failed() == null || e.failed().createdAt() == null
            ? null
            : e.failed().createdAt().minusSeconds(60);
    for (ServiceSnapshot.Event event : e.service().events()) {
      if (out.size() >= limits.events()) {
        break;
      }
      if (since != null && event.createdAt() != null && event.createdAt().isBefore(since)) {
        continue;
      }
      if (event.message() != null && !event.message().isBlank()) {
        out.add(quote(event.message(), limits.eventChars()));
      }
    }
    return out;
  }

  private static Object circuitBreaker(Incident f, Evidence e) {
    ServiceDeploymentInfo sd = e.serviceDeployment();
    if (sd != null && (sd.circuitBreakerStatus() != null || sd.circuitBreakerThreshold() != null)) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("failureCount", sd.circuitBreakerFailureCount());
      out.put("threshold", sd.circuitBreakerThreshold());
      out.put("status", quote(sd.circuitBreakerStatus()));
      return out;
    }
    if (e.service() == null || e.service().circuitBreakerEnabled() == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("failureCount", e.failed() == null ? null : e.failed().failedTasks());
    out.put("threshold", null); // only ECS's service deployment knows it
    String status;
    if (!e.service().circuitBreakerEnabled()) {
      status = "DISABLED";
    } else {
      status = f.kind() == Incident.Kind.ROLLBACK ? "TRIGGERED" : "MONITORING";
    }
    out.put("status", status);
    return out;
  }

  private static Object pipelineExecution(Evidence e) {
    PipelineExecution p = e.pipelineExecution();
    if (p == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pipeline", quote(p.pipeline(), 200));
    out.put("executionId", quote(p.executionId(), 200));
    out.put("link", quote(p.link()));
    if (p.status() != null) {
      out.put("status", quote(p.status(), 64));
    }
    return out;
  }

  private static Map<String, Object> stuck(Evidence e, Instant now, int stuckAfterMinutes) {
    Map<String, Object> out = new LinkedHashMap<>();
    Instant since = e.failed() == null ? null : e.failed().createdAt();
    out.put("since", iso(since));
    out.put("minutes", since == null ? null : Duration.between(since, now).toMinutes());
    out.put("thresholdMinutes", stuckAfterMinutes);
    return out;
  }

  private static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** Outside text as the report may show it ({@link OutsideText#quote}); null stays null. */
  private static String quote(String text) {
    return OutsideText.quote(text);
  }

  private static String quote(String text, int max) {
    return OutsideText.quote(text, max);
  }

  /**
   * Our own text (composed of quoted pieces): one line, at most {@code max} characters; null stays
   * null.
   */
  private static String line(String text, int max) {
    return text == null ? null : Text.truncate(Text.oneLine(text), max);
  }

  /**
   * A secret's {@code valueFrom} as a report may name it: an ARN or a {@code /}-path, quoted;
   * anything else only by its length, since a literal there may be the secret itself, pasted by
   * mistake.
   */
  static String secretSource(String valueFrom) {
    if (valueFrom == null) {
      return null;
    }
    String v = valueFrom.strip();
    if (v.startsWith("arn:") || v.startsWith("/")) {
      return quote(v);
    }
    return "a valueFrom of "
        + v.length()
        + " characters that is neither an ARN nor a parameter path (not quoted)";
  }

  private static String nonEmpty(String value) {
    return value == null || value.isBlank() ? "unknown" : value;
  }
}
