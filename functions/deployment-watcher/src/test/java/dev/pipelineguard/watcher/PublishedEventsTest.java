package dev.pipelineguard.watcher;

import static dev.pipelineguard.emulation.EcsStubs.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.EcsStubs;
import dev.pipelineguard.emulation.PublishedEvents;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.watcher.aws.DescribedTasks;
import dev.pipelineguard.watcher.aws.EcsDeploymentReader;
import dev.pipelineguard.watcher.diagnosis.RootCause;
import dev.pipelineguard.watcher.evidence.Evidence;
import dev.pipelineguard.watcher.evidence.EvidenceCollector;
import dev.pipelineguard.watcher.evidence.Incident;
import dev.pipelineguard.watcher.evidence.Rollbacks;
import dev.pipelineguard.watcher.evidence.ServiceSnapshot;
import dev.pipelineguard.watcher.report.ReportBuilder;
import dev.pipelineguard.watcher.trigger.Trigger;
import dev.pipelineguard.watcher.trigger.TriggerParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The published AWS events of {@code events/published/} through the watcher's trigger parser and
 * report, asserting what {@code expectations.json} says: which events are triggers (and which are
 * ignored, never an exception) and what the report of a failure names (the cause the classifier
 * gives a published stopped task: diagnosis.PublishedStoppedTasksTest). ECS answers in the
 * documented JSON shapes from WireMock; the report is built by the same pieces, in the same order,
 * as {@code DeploymentWatcher} builds it.
 */
class PublishedEventsTest {
  static final Instant NOW = Instant.parse("2020-05-23T12:40:00Z");

  static WireMockServer wiremock;
  static EcsClient ecs;

  @BeforeAll
  static void ecs() {
    wiremock = AwsJsonStubs.start();
    TestAws.route("Ecs", wiremock);
    ecs = AwsSdk.build(EcsClient.builder(), TestAws.settings());
  }

  @AfterAll
  static void stop() {
    ecs.close();
    TestAws.unroute("Ecs");
    wiremock.stop();
  }

  @BeforeEach
  void reset() {
    wiremock.resetAll();
  }

  static Stream<PublishedEvents.Entry> everyEvent() {
    return PublishedEvents.all().stream().filter(e -> !"direct".equals(e.delivery()));
  }

  static Stream<PublishedEvents.Entry> watcherEvents() {
    return PublishedEvents.with("watcher").stream();
  }

  static List<Trigger> parse(PublishedEvents.Entry entry) {
    return Envelope.unwrap(entry.payload()).stream()
        .map(envelope -> TriggerParser.parse(envelope, "default-cluster", "us-east-1"))
        .toList();
  }

  /**
   * Whatever reaches the watcher, it answers: a trigger, ignored or rejected with a reason, never
   * an exception.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEvent")
  void everyPublishedEventGetsAnAnswerNeverAnException(PublishedEvents.Entry entry) {
    List<Trigger> triggers = parse(entry);
    assertThat(triggers)
        .isNotEmpty()
        .allSatisfy(
            t -> {
              if (t instanceof Trigger.Ignored ignored) {
                assertThat(ignored.why()).isNotBlank();
              } else if (t instanceof Trigger.Rejected rejected) {
                assertThat(rejected.why()).isNotBlank();
              }
            });
    if (!entry.watcher().isObject()) {
      // Not an ECS deployment failure: never reported.
      assertThat(triggers)
          .noneMatch(t -> t instanceof Trigger.DeploymentEvent || t instanceof Trigger.Scan);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("watcherEvents")
  void answersWhatTheCorpusSays(PublishedEvents.Entry entry) {
    Json expected = entry.watcher();
    String result = expected.get("result").text();
    boolean routed = expected.get("routed").bool().orElseThrow();
    for (Trigger trigger : parse(entry)) {
      if (result.equals("IGNORED")) {
        assertThat(trigger).isInstanceOf(Trigger.Ignored.class);
      } else {
        assertThat(result).startsWith("REPORTED");
        assertThat(trigger).isInstanceOf(Trigger.DeploymentEvent.class);
      }
      // The template's rule routes exactly the failure events: the parser agrees.
      assertThat(trigger instanceof Trigger.DeploymentEvent).as("routed").isEqualTo(routed);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("watcherEvents")
  void reportsNameWhatTheCorpusSays(PublishedEvents.Entry entry) {
    Json expected = entry.watcher();
    if (!expected.get("report_must_contain").isArray()) {
      return;
    }
    Trigger.DeploymentEvent event = (Trigger.DeploymentEvent) parse(entry).get(0);
    EcsStubs stubs = new EcsStubs(wiremock, event.cluster());
    String failedTd = EcsStubs.taskDefinitionArn("servicetest:8");
    stubs.describeServices(
        stubs.service(
            event.service(),
            true,
            List.of(
                deployment(
                    "ecs-svc/456",
                    "PRIMARY",
                    EcsStubs.taskDefinitionArn("servicetest:7"),
                    "IN_PROGRESS",
                    "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/456.",
                    NOW.minusSeconds(3600),
                    1,
                    1,
                    0),
                deployment(
                    event.deploymentId(),
                    "ACTIVE",
                    failedTd,
                    "FAILED",
                    "ECS deployment circuit breaker: task failed to start.",
                    NOW.minusSeconds(1200),
                    1,
                    0,
                    3)),
            List.of(
                EcsStubs.event(
                    NOW.minusSeconds(300),
                    "(service servicetest) rolling back to deployment ecs-svc/456."))));
    stubs.noServiceDeployments();
    stubs.taskDefinitions(
        EcsStubs.taskDefinition(
            "servicetest:8",
            "123456789012.dkr.ecr.us-west-2.amazonaws.com/app:2",
            "/ecs/servicetest",
            List.of()),
        EcsStubs.taskDefinition(
            "servicetest:7",
            "123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1",
            "/ecs/servicetest",
            List.of()));
    // The corpus's stopped task (app exited 2, envoy 0), as a task of the failed deployment.
    Map<String, Object> task =
        DescribedTasks.of(
            PublishedEvents.get("ecs-task/task-stopped-essential-container-exited.json")
                .payload()
                .get("detail"));
    task.put("startedBy", event.deploymentId());
    stubs.stoppedTasks(List.of(task));

    Report report = report(event);

    for (String must : expected.get("report_must_contain").texts()) {
      assertThat(report.message()).contains(must);
    }
    Json body = Json.parse(report.message());
    assertThat(body.path("cause", "code").text()).isEqualTo("ESSENTIAL_CONTAINER_EXITED");
    assertThat(body.path("evidence", "exitCodes").at(0).get("exitCode").text()).isEqualTo("2");
  }

  /** The report the watcher publishes for a failure event, built as DeploymentWatcher builds it. */
  private static Report report(Trigger.DeploymentEvent event) {
    EcsDeploymentReader reader = new EcsDeploymentReader(ecs);
    String failedId = event.deploymentId();
    ServiceSnapshot snapshot = null;
    if (event.isRollback()) {
      snapshot = reader.describeService(event.cluster(), event.service());
      failedId =
          Rollbacks.failedDeployment(snapshot, event.deploymentId(), event.rolledBackTo())
              .orElseThrow()
              .id();
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
    Log quiet =
        new Log(
            "published-events-test",
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    Evidence evidence =
        new EvidenceCollector(reader, null, quiet).collect(incident, snapshot, () -> true);
    assertThat(evidence.stoppedTasks()).as("the seeded stopped task was read").hasSize(1);
    return ReportBuilder.build(
        incident, evidence, RootCause.analyze(evidence.stoppedTasks(), List.of()), NOW, 30);
  }
}
