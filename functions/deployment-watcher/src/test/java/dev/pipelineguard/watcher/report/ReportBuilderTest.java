package dev.pipelineguard.watcher.report;

import static dev.pipelineguard.watcher.report.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Text;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportContract;
import dev.pipelineguard.watcher.diagnosis.RootCause;
import dev.pipelineguard.watcher.evidence.Deployment;
import dev.pipelineguard.watcher.evidence.Evidence;
import dev.pipelineguard.watcher.evidence.Incident;
import dev.pipelineguard.watcher.evidence.StoppedTask;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {
  static final String PULL =
      "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to "
          + "resolve ref "
          + FAILED_IMAGE
          + ": failed to do request: Head \"https://123456789012.dkr.ecr.us-east-1."
          + "amazonaws.com/v2/pipeline-guard-dev/manifests/3f9c2e1\": dial tcp 10.0.3.17:443: i/o timeout";

  static Report build(Incident f, Evidence e) {
    return ReportBuilder.build(f, e, RootCause.analyze(e.stoppedTasks(), List.of()), NOW, 30);
  }

  @Test
  void saysRolledBackOnlyOnceTheRestoredDeploymentIsCompleted() {
    Deployment done =
        new Deployment(
            RESTORED_ID,
            "PRIMARY",
            RESTORED_TD,
            "COMPLETED",
            "ECS deployment " + RESTORED_ID + " completed.",
            CREATED,
            2,
            2,
            0);
    Evidence base = evidence(tasks(3, PULL), List.of());
    Evidence completed =
        new Evidence(
            base.service(),
            base.failed(),
            done,
            RESTORED_ID,
            base.failedTaskDefinition(),
            base.restoredTaskDefinition(),
            base.serviceDeployment(),
            base.stoppedTasks(),
            false,
            null,
            List.of());
    Json body = Json.parse(build(rollback(), completed).message());
    assertThat(body.path("summary").text())
        .contains("failed and was rolled back to " + RESTORED_ID);
    assertThat(Json.parse(build(rollback(), base).message()).path("summary").text())
        .contains("failed; rolling back to " + RESTORED_ID)
        .doesNotContain("rolled back");
  }

  @Test
  void evidenceListsTheContainersExitCodesWithTheirMeaning() {
    List<StoppedTask> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tasks.add(
          new StoppedTask(
              "arn:aws:ecs:us-east-1:123456789012:task/pipeline-guard-dev/x" + i,
              FAILED_TD,
              "EssentialContainerExited",
              "Essential container in task exited",
              CREATED.plusSeconds(60L * (i + 1)),
              List.of(
                  new StoppedTask.ContainerState("envoy", FAILED_IMAGE, 0, null, null),
                  new StoppedTask.ContainerState("app", FAILED_IMAGE, 137, null, null))));
    }
    Json body = Json.parse(build(rollback(), evidence(tasks, List.of())).message());
    Json codes = body.path("evidence", "exitCodes");
    assertThat(codes.elements()).hasSize(2);
    assertThat(codes.at(0).get("container").text()).isEqualTo("app");
    assertThat(codes.at(0).get("exitCode").text()).isEqualTo("137");
    assertThat(codes.at(0).get("count").text()).isEqualTo("3");
    assertThat(codes.at(0).get("meaning").text()).contains("SIGKILL").contains("out of memory");
    assertThat(codes.at(1).get("exitCode").text()).isEqualTo("0");
    assertThat(body.path("evidence", "reasons").at(0).get("reason").text())
        .contains("exit code 137");
  }

  @Test
  void rollbackReportCarriesEverySchemaField() {
    Report report = build(rollback(), evidence(tasks(3, PULL), List.of()));
    Json body = Json.parse(report.message());
    assertThat(body.fields().keySet())
        .containsSubsequence(
            "schema",
            "kind",
            "severity",
            "region",
            "account",
            "cluster",
            "service",
            "summary",
            "detectedAt",
            "links",
            "failedDeployment",
            "restoredDeployment",
            "cause",
            "evidence",
            "circuitBreaker",
            "pipelineExecution");
    assertThat(body.get("schema").text()).isEqualTo("pipeline-guard.rollback-report/v1");
    assertThat(body.get("kind").text()).isEqualTo("deployment-rollback");
    assertThat(body.get("severity").text()).isEqualTo("ERROR");
    assertThat(body.path("failedDeployment", "images").texts()).containsExactly(FAILED_IMAGE);
    assertThat(body.path("restoredDeployment", "images").texts()).containsExactly(RESTORED_IMAGE);
    assertThat(body.path("restoredDeployment", "id").text()).isEqualTo(RESTORED_ID);
    assertThat(body.path("cause", "code").text()).isEqualTo("REGISTRY_UNREACHABLE");
    assertThat(body.path("evidence", "reasons").at(0).get("count").text()).isEqualTo("3");
    assertThat(body.path("circuitBreaker", "threshold").text()).isEqualTo("3");
    assertThat(body.path("links", "failedTaskDefinition").text())
        .isEqualTo(
            "https://console.aws.amazon.com/ecs/v2/task-definitions/web/42/containers?region=us-east-1");
    assertThat(body.path("links", "logs").text()).contains("log-group");
    // The restored deployment is IN_PROGRESS again while ECS rolls back: not done yet.
    assertThat(body.path("summary").text())
        .isEqualTo(
            "web: deployment "
                + FAILED_ID
                + " (web:42) failed; "
                + "rolling back to "
                + RESTORED_ID
                + " (web:41): No network path to the container registry (3 of 3 failed tasks)");
    assertThat(body.path("evidence", "serviceEvents").texts())
        .containsExactly("(service web) rolling back to deployment " + RESTORED_ID + ".");
    assertThat(report.attributes())
        .containsExactly(
            java.util.Map.entry("schema", "pipeline-guard.rollback-report/v1"),
            java.util.Map.entry("severity", "ERROR"),
            java.util.Map.entry("cluster", CLUSTER),
            java.util.Map.entry("service", SERVICE),
            java.util.Map.entry("cause", "REGISTRY_UNREACHABLE"));
    assertThat(report.subject())
        .isEqualTo("Rollback: web (pipeline-guard-dev): No network path to the container registry");
  }

  @Test
  void aFailedDeploymentEcsStillShowsInProgressDuringTheRollbackIsReportedFailed() {
    Incident f =
        new Incident(
            Incident.Kind.ROLLBACK,
            REGION,
            ACCOUNT,
            CLUSTER,
            SERVICE,
            FAILED_ID,
            RESTORED_ID,
            "SERVICE_DEPLOYMENT_IN_PROGRESS",
            "evt",
            "ECS deployment circuit breaker: rolling back to deploymentId " + RESTORED_ID + ".",
            NOW);
    Evidence base = evidence(tasks(3, PULL), List.of());
    Deployment inProgress =
        new Deployment(
            FAILED_ID,
            "ACTIVE",
            FAILED_TD,
            "IN_PROGRESS",
            "ECS deployment " + FAILED_ID + " in progress.",
            CREATED,
            2,
            0,
            3);
    Evidence e =
        new Evidence(
            base.service(),
            inProgress,
            base.restored(),
            RESTORED_ID,
            base.failedTaskDefinition(),
            base.restoredTaskDefinition(),
            base.serviceDeployment(),
            base.stoppedTasks(),
            false,
            null,
            List.of());
    Json failed = Json.parse(build(f, e).message()).get("failedDeployment");
    assertThat(failed.get("rolloutState").text()).isEqualTo("FAILED");
    assertThat(failed.get("rolloutStateReason").text())
        .startsWith("ECS deployment circuit breaker: rolling back");
    assertThat(failed.get("observedRolloutState").text()).isEqualTo("IN_PROGRESS");
  }

  @Test
  void stuckReportIsAWarningWithItsAge() {
    Evidence e =
        new Evidence(
            service(true, failed("IN_PROGRESS")),
            failed("IN_PROGRESS"),
            null,
            null,
            taskDefinition(FAILED_TD, FAILED_IMAGE),
            null,
            null,
            tasks(2, PULL),
            false,
            null,
            List.of());
    Json body = Json.parse(build(stuck(), e).message());
    assertThat(body.get("kind").text()).isEqualTo("deployment-stuck");
    assertThat(body.get("severity").text()).isEqualTo("WARNING");
    assertThat(body.get("restoredDeployment").kind()).isEqualTo(Json.Kind.NULL);
    assertThat(body.path("stuck", "minutes").text()).isEqualTo("12");
    assertThat(body.path("stuck", "thresholdMinutes").text()).isEqualTo("30");
    assertThat(body.path("circuitBreaker", "status").text()).isEqualTo("MONITORING");
    assertThat(body.get("summary").text())
        .contains("has been in progress for 12 min (threshold 30 min)");
    assertThat(build(stuck(), e).subject()).startsWith("Stuck deployment: web");
  }

  @Test
  void withoutEcsAnswersTheReportSaysWhatTheEventSaidAndWhatIsMissing() {
    Evidence e =
        new Evidence(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            false,
            null,
            List.of(
                "DescribeServices failed: ThrottlingException (throttled after retries): deployments and service "
                    + "events were not read",
                "ListTasks failed: ThrottlingException (throttled after retries)"));
    Incident f =
        new Incident(
            Incident.Kind.ROLLBACK,
            REGION,
            ACCOUNT,
            CLUSTER,
            SERVICE,
            FAILED_ID,
            null,
            "SERVICE_DEPLOYMENT_FAILED",
            "evt",
            "ECS deployment circuit breaker: task failed to start.",
            NOW);
    Json body = Json.parse(build(f, e).message());
    assertThat(body.path("failedDeployment", "rolloutState").text()).isEqualTo("FAILED");
    assertThat(body.path("failedDeployment", "rolloutStateReason").text())
        .contains("task failed to start");
    assertThat(body.path("cause", "code").text()).isEqualTo("UNKNOWN");
    assertThat(body.path("evidence", "gaps").texts())
        .hasSize(2)
        .allMatch(g -> g.contains("throttled"));
    assertThat(body.get("circuitBreaker").kind()).isEqualTo(Json.Kind.NULL);
    assertThat(body.get("summary").text()).contains("failed (no rollback)");
  }

  @Test
  void namesTheTaskDefinitionsSecretsWhenTheReasonDoesNot() {
    String reason =
        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
            + "retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): "
            + "retrieved secret from Secrets Manager did not contain json key password";
    Evidence base = evidence(tasks(2, reason), List.of());
    Evidence e =
        new Evidence(
            base.service(),
            base.failed(),
            base.restored(),
            base.restoredDeploymentId(),
            taskDefinition(
                FAILED_TD,
                FAILED_IMAGE,
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf:password::"),
            base.restoredTaskDefinition(),
            base.serviceDeployment(),
            base.stoppedTasks(),
            false,
            null,
            List.of());
    Json body = Json.parse(build(rollback(), e).message());
    assertThat(body.path("cause", "code").text()).isEqualTo("SECRETS_UNAVAILABLE");
    assertThat(body.path("cause", "detail").text())
        .contains("json key password".replace("json", "JSON"))
        .contains(
            "task definition references arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf");
  }

  @Test
  void hostileTextBecomesOneLineInSubjectSummaryAndReasons() {
    String hostile =
        "CannotPullContainerError: not found\n<!channel> \u202Eevil\u0007\r\nSubject: x";
    Incident f =
        new Incident(
            Incident.Kind.ROLLBACK,
            REGION,
            ACCOUNT,
            CLUSTER,
            "web\nBcc: x",
            FAILED_ID,
            null,
            "SERVICE_DEPLOYMENT_FAILED",
            "evt",
            null,
            NOW);
    Report report = build(f, evidence(tasks(1, hostile), List.of()));
    assertThat(report.subject()).doesNotContain("\n", "\r", "\u0007", "\u202E");
    Json body = Json.parse(report.message());
    assertThat(body.get("summary").text()).doesNotContain("\n");
    String reason = body.path("evidence", "reasons").at(0).get("reason").text();
    assertThat(reason).doesNotContain("\n", "\r", "\u0007", "\u202E").contains("<!channel>");
  }

  @Test
  void tightensTheLimitsUntilTheMessageFits() {
    List<StoppedTask> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      tasks.addAll(
          tasks(
              1,
              "CannotPullContainerError: variant "
                  + "ab".repeat(i + 1)
                  + " not found: "
                  + "\u00e9\u4e2d\ud83d\ude00".repeat(3_000)));
    }
    Evidence e = evidence(tasks, List.of());
    RootCause rc = RootCause.analyze(tasks, List.of());
    Report roomy = ReportBuilder.build(rollback(), e, rc, NOW, 30);
    Report tight = ReportBuilder.build(rollback(), e, rc, NOW, 30, 12_000);
    assertThat(roomy.sizeBytes()).isLessThan(ReportContract.SNS_MAX_BYTES);
    assertThat(tight.sizeBytes()).isLessThan(12_000).isLessThan(roomy.sizeBytes());
    assertThat(Json.parse(tight.message()).path("evidence", "reasons").elements())
        .hasSizeLessThan(10);
  }

  @Property(tries = 60)
  void everyReportFitsSnsAndHasAValidSubject(
      @ForAll @StringLength(max = 12_000) String reason,
      @ForAll @StringLength(max = 300) String service,
      @ForAll @IntRange(min = 0, max = 40) int tasks) {
    Incident f =
        new Incident(
            Incident.Kind.ROLLBACK,
            REGION,
            ACCOUNT,
            CLUSTER,
            service,
            FAILED_ID,
            RESTORED_ID,
            "SERVICE_DEPLOYMENT_FAILED",
            "evt",
            reason,
            NOW);
    List<StoppedTask> stopped = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      stopped.addAll(tasks(1, reason + i));
    }
    Report report = build(f, evidence(stopped, List.of(reason)));
    assertThat(report.sizeBytes() + Text.utf8Length(report.subject()))
        .isLessThan(ReportContract.SNS_MAX_BYTES);
    assertThat(report.subject().length()).isLessThan(100);
    assertThat(report.subject().chars()).noneMatch(c -> Character.isISOControl(c));
    assertThat(report.attributes().values()).allMatch(v -> !v.isEmpty());
    Json body = Json.parse(report.message());
    assertThat(body.get("summary").text().length()).isLessThanOrEqualTo(300);
  }
}
