package dev.pipelineguard.watcher;

import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportPublisher;
import dev.pipelineguard.watcher.aws.ClientTimeouts;
import dev.pipelineguard.watcher.diagnosis.RootCause;
import dev.pipelineguard.watcher.evidence.Deployment;
import dev.pipelineguard.watcher.evidence.DeploymentReader;
import dev.pipelineguard.watcher.evidence.EcsReadException;
import dev.pipelineguard.watcher.evidence.Evidence;
import dev.pipelineguard.watcher.evidence.EvidenceCollector;
import dev.pipelineguard.watcher.evidence.ExecutionLookup;
import dev.pipelineguard.watcher.evidence.Incident;
import dev.pipelineguard.watcher.evidence.Rollbacks;
import dev.pipelineguard.watcher.evidence.ServiceSnapshot;
import dev.pipelineguard.watcher.report.ReportBuilder;
import dev.pipelineguard.watcher.report.ReportGate;
import dev.pipelineguard.watcher.report.ReportLedger;
import dev.pipelineguard.watcher.trigger.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.arns.Arn;

/**
 * The watcher's decisions for one trigger: which deployment failed, whether it was already
 * reported, gathering the evidence, and publishing one report. No SDK types: ECS, SNS and the
 * ledger come in as small interfaces. Names from the event or ECS are quoted ({@link
 * OutsideText#quote}) in log lines and outcomes, and used raw in ECS calls.
 */
final class DeploymentWatcher {
  /** Stuck deployments reported per scan; the rest are reported by the next scan. */
  static final int MAX_STUCK_PER_SCAN = 5;

  static final int MAX_SERVICES_PER_SCAN = 1000;

  /** Slack for what the call timeouts do not cover: building the report, logging, a JVM pause. */
  static final Duration MARGIN = Duration.ofSeconds(5);

  /**
   * Time kept back from the Lambda deadline whenever a read is started: the read itself, then
   * publishing the report and recording it in the ledger, and the margin. So an invocation ends
   * before its timeout however slow or throttled ECS, SNS and DynamoDB are.
   */
  static final Duration PUBLISH_RESERVE =
      ClientTimeouts.READ_CALL
          .plus(ClientTimeouts.PUBLISH_CALL)
          .plus(ClientTimeouts.LEDGER_CALL)
          .plus(MARGIN);

  private final WatcherConfig config;
  private final DeploymentReader ecs;
  private final ReportPublisher publisher;
  private final ReportGate gate;
  private final EvidenceCollector collector;
  private final Clock clock;
  private final Log log;

  /**
   * @param clock only for the time budget of a scan; reports are stamped with the invocation's
   *     {@code now}
   */
  DeploymentWatcher(
      WatcherConfig config,
      DeploymentReader ecs,
      ReportPublisher publisher,
      ReportLedger ledger,
      ExecutionLookup executions,
      Clock clock,
      Log log) {
    this.config = config;
    this.clock = clock;
    this.ecs = ecs;
    this.publisher = publisher;
    this.gate = new ReportGate(ledger, log);
    this.collector = new EvidenceCollector(ecs, executions, log);
    this.log = log;
  }

  /** What became of one trigger. */
  record Outcome(String eventId, String result, String key, String messageId, String detail) {
    static Outcome of(String eventId, String result, String detail) {
      return new Outcome(eventId, result, null, null, detail);
    }
  }

  /** A trigger that deserves another try (Lambda retries the invocation); nothing was reported. */
  static final class RetryableException extends RuntimeException {
    RetryableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  List<Outcome> handle(Trigger trigger, Instant now, Instant deadline) {
    if (trigger instanceof Trigger.DeploymentEvent event) {
      return List.of(deploymentEvent(event, now, deadline));
    }
    if (trigger instanceof Trigger.Scan scan) {
      return scan(scan, now, deadline);
    }
    if (trigger instanceof Trigger.Ignored ignored) {
      log.info("event_ignored", "eventId", ignored.eventId(), "why", ignored.why());
      return List.of(Outcome.of(ignored.eventId(), "IGNORED", ignored.why()));
    }
    Trigger.Rejected rejected = (Trigger.Rejected) trigger;
    log.error("event_rejected", "eventId", rejected.eventId(), "why", rejected.why());
    return List.of(Outcome.of(rejected.eventId(), "REJECTED", rejected.why()));
  }

  private Outcome deploymentEvent(Trigger.DeploymentEvent event, Instant now, Instant deadline) {
    log.info(
        "deployment_event",
        "eventId",
        event.eventId(),
        "eventName",
        OutsideText.quote(event.eventName()),
        "cluster",
        OutsideText.quote(event.cluster()),
        "service",
        OutsideText.quote(event.service()),
        "deploymentId",
        OutsideText.quote(event.deploymentId()),
        "rolledBackTo",
        OutsideText.quote(event.rolledBackTo()));
    ServiceSnapshot snapshot = null;
    String failedId = event.isRollback() ? null : event.deploymentId();
    if (failedId == null) {
      // A rollback event names the deployment rolled back to, not the failed one: ask ECS.
      try {
        snapshot = ecs.describeService(event.cluster(), event.service());
      } catch (EcsReadException e) {
        throw new RetryableException(
            "cannot tell which deployment of "
                + OutsideText.quote(event.service())
                + " failed: "
                + e.getMessage(),
            e);
      }
      Optional<Deployment> failed =
          event.isRollback()
              ? Rollbacks.failedDeployment(snapshot, event.deploymentId(), event.rolledBackTo())
              : snapshot.deployments().stream()
                  .filter(d -> d.rolloutIs("FAILED"))
                  .max(
                      Comparator.comparing(
                          Deployment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
      if (failed.isEmpty()) {
        String why =
            "no failed deployment of "
                + OutsideText.quote(event.service())
                + " is visible; "
                + "its SERVICE_DEPLOYMENT_FAILED event reports it";
        log.warn(
            "failed_deployment_not_found",
            "eventId",
            event.eventId(),
            "service",
            OutsideText.quote(event.service()),
            "deploymentId",
            OutsideText.quote(event.deploymentId()));
        return Outcome.of(event.eventId(), "IGNORED", why);
      }
      failedId = failed.get().id();
    }
    Incident incident =
        new Incident(
            Incident.Kind.ROLLBACK,
            event.region(),
            event.account(),
            event.cluster(),
            event.service(),
            failedId,
            event.rolledBackTo(),
            event.eventName(),
            event.eventId(),
            event.reason(),
            event.time());
    return report(incident, snapshot, now, deadline);
  }

  private List<Outcome> scan(Trigger.Scan scan, Instant now, Instant deadline) {
    String cluster = config.clusterName();
    BooleanSupplier timeLeft = () -> timeLeft(deadline);
    List<String> services = ecs.listServices(cluster, MAX_SERVICES_PER_SCAN, timeLeft);
    Instant stuckBefore = now.minus(Duration.ofMinutes(config.stuckAfterMinutes()));
    List<Stuck> stuck = new ArrayList<>();
    int described = 0;
    for (int i = 0; i < services.size() && timeLeft.getAsBoolean(); i += 10) {
      described = Math.min(i + 10, services.size());
      for (ServiceSnapshot service :
          ecs.describeServices(cluster, services.subList(i, Math.min(i + 10, services.size())))) {
        for (Deployment d : service.deployments()) {
          if (d.rolloutIs("IN_PROGRESS")
              && d.createdAt() != null
              && d.createdAt().isBefore(stuckBefore)) {
            stuck.add(new Stuck(service, d));
          }
        }
      }
    }
    stuck.sort(Comparator.comparing(s -> s.deployment().createdAt()));
    log.info(
        "scan_done",
        "eventId",
        scan.eventId(),
        "cluster",
        cluster,
        "services",
        services.size(),
        "described",
        described,
        "stuck",
        stuck.size());
    List<Outcome> outcomes = new ArrayList<>();
    if (described < services.size()) {
      outcomes.add(
          Outcome.of(
              scan.eventId(),
              "DEFERRED",
              (services.size() - described)
                  + " of "
                  + services.size()
                  + " services not described: left for the next scan"));
    }
    int reported = 0;
    for (Stuck s : stuck) {
      if (reported >= MAX_STUCK_PER_SCAN || !timeLeft.getAsBoolean()) {
        outcomes.add(
            Outcome.of(
                scan.eventId(),
                "DEFERRED",
                OutsideText.quote(s.deployment().id())
                    + " of "
                    + OutsideText.quote(s.service().serviceName())
                    + ": left for the next scan"));
        continue;
      }
      String region =
          Optional.ofNullable(regionOf(s.service().serviceArn())).orElse(config.region());
      Incident incident =
          new Incident(
              Incident.Kind.STUCK,
              region,
              accountOf(s.service().serviceArn()),
              cluster,
              s.service().serviceName(),
              s.deployment().id(),
              null,
              "SCHEDULED_SCAN",
              scan.eventId(),
              null,
              now);
      try {
        Outcome outcome = report(incident, s.service(), now, deadline);
        if (outcome.result().equals("REPORTED")) {
          reported++;
        }
        outcomes.add(outcome);
      } catch (RuntimeException e) {
        // One stuck deployment that could not be reported must not hide the others.
        outcomes.add(
            new Outcome(
                scan.eventId(), "FAILED", ReportGate.key(incident), null, OutsideText.message(e)));
      }
    }
    if (outcomes.isEmpty()) {
      outcomes.add(
          Outcome.of(scan.eventId(), "SCANNED", services.size() + " services, none stuck"));
    }
    return outcomes;
  }

  private record Stuck(ServiceSnapshot service, Deployment deployment) {}

  /** Whether another call can start and still leave the reserve to publish and record a report. */
  private boolean timeLeft(Instant deadline) {
    return clock.instant().plus(PUBLISH_RESERVE).isBefore(deadline);
  }

  private Outcome report(
      Incident incident, ServiceSnapshot snapshot, Instant now, Instant deadline) {
    String key = ReportGate.key(incident);
    Optional<ReportGate.Pass> entered = gate.enter(key, now, deadline);
    if (entered.isEmpty()) {
      return new Outcome(incident.eventId(), "DUPLICATE", key, null, "already reported");
    }
    ReportGate.Pass pass = entered.get();
    String messageId;
    Report report;
    try {
      Evidence evidence = collector.collect(incident, snapshot, () -> timeLeft(deadline));
      RootCause rootCause = RootCause.analyze(evidence.stoppedTasks(), eventMessages(evidence));
      report = ReportBuilder.build(incident, evidence, rootCause, now, config.stuckAfterMinutes());
      messageId = publisher.publish(report);
      log.info(
          "report_published",
          "eventId",
          incident.eventId(),
          "key",
          key,
          "messageId",
          OutsideText.quote(messageId),
          "cause",
          rootCause.classification().cause().name(),
          "stoppedTasks",
          rootCause.stoppedTasks(),
          "gaps",
          evidence.gaps().size(),
          "bytes",
          report.sizeBytes());
    } catch (RuntimeException e) {
      gate.failed(pass);
      log.error(
          "report_failed",
          "eventId",
          incident.eventId(),
          "key",
          key,
          "error",
          OutsideText.message(e));
      throw e;
    }
    gate.published(pass, messageId, now);
    return new Outcome(
        incident.eventId(), "REPORTED", key, OutsideText.quote(messageId), report.subject());
  }

  private static List<String> eventMessages(Evidence evidence) {
    if (evidence.service() == null) {
      return List.of();
    }
    Instant since = evidence.failed() == null ? null : evidence.failed().createdAt();
    List<String> out = new ArrayList<>();
    for (ServiceSnapshot.Event e : evidence.service().events()) {
      if (since == null || e.createdAt() == null || !e.createdAt().isBefore(since)) {
        out.add(e.message());
      }
    }
    return out;
  }

  static String regionOf(String arn) {
    return parsed(arn).flatMap(Arn::region).filter(r -> !r.isBlank()).orElse(null);
  }

  static String accountOf(String arn) {
    return parsed(arn).flatMap(Arn::accountId).filter(a -> !a.isBlank()).orElse(null);
  }

  private static Optional<Arn> parsed(String arn) {
    return arn == null ? Optional.empty() : Arn.tryFromString(arn);
  }
}
