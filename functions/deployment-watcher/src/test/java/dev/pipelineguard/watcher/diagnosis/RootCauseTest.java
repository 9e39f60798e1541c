package dev.pipelineguard.watcher.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.watcher.evidence.StoppedTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootCauseTest {
  static final String PULL_TIMEOUT =
      "CannotPullContainerError: pull image manifest has been retried 5 time(s): "
          + "failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:3f9c2e1: failed to do request: "
          + "Head \"https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/web/manifests/3f9c2e1\": dial tcp %s:443: i/o timeout";

  static StoppedTask task(String id, String reason, String at) {
    return new StoppedTask(
        "arn:aws:ecs:us-east-1:123456789012:task/c/" + id,
        "web:42",
        "TaskFailedToStart",
        reason,
        at == null ? null : Instant.parse(at),
        List.of());
  }

  static StoppedTask exited(
      String id, String container, int exitCode, String containerReason, String at) {
    return new StoppedTask(
        "arn:aws:ecs:us-east-1:123456789012:task/c/" + id,
        "web:42",
        "EssentialContainerExited",
        "Essential container in task exited",
        Instant.parse(at),
        List.of(new StoppedTask.ContainerState(container, "img", exitCode, containerReason, null)));
  }

  @Test
  void dominantReasonWinsAndReasonsThatDifferOnlyInAddressesAreGrouped() {
    List<StoppedTask> tasks =
        List.of(
            task("a1", String.format(PULL_TIMEOUT, "10.0.3.17"), "2025-11-20T10:04:00Z"),
            task("a2", String.format(PULL_TIMEOUT, "10.0.4.99"), "2025-11-20T10:08:00Z"),
            task(
                "a3",
                "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:"
                    + "123456789012:targetgroup/web-tg/6d0ecf831eec9f09)",
                "2025-11-20T10:06:00Z"),
            task("a4", String.format(PULL_TIMEOUT, "10.0.5.1"), "2025-11-20T10:12:00Z"));
    RootCause rc = RootCause.analyze(tasks, List.of());
    assertThat(rc.classification().cause()).isEqualTo(Cause.REGISTRY_UNREACHABLE);
    assertThat(rc.stoppedTasks()).isEqualTo(4);
    assertThat(rc.failedTasks()).isEqualTo(4);
    assertThat(rc.causeCount()).isEqualTo(3);
    assertThat(rc.reasons()).hasSize(2);
    assertThat(rc.reasons().get(0).count()).isEqualTo(3);
    assertThat(rc.reasons().get(0).reason())
        .contains("10.0.3.17"); // the first one, as ECS wrote it
    assertThat(rc.reasons().get(1).count()).isEqualTo(1);
    assertThat(rc.examples()).hasSize(3).allMatch(e -> e.startsWith("CannotPullContainerError"));
    assertThat(rc.firstFailureAt()).isEqualTo(Instant.parse("2025-11-20T10:04:00Z"));
    assertThat(rc.lastFailureAt()).isEqualTo(Instant.parse("2025-11-20T10:12:00Z"));
    assertThat(rc.exampleTaskId()).isEqualTo("a1");
  }

  @Test
  void aTieGoesToTheCauseThatFailedFirst() {
    String secret =
        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
            + "retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): "
            + "failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf from secrets "
            + "manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.";
    List<StoppedTask> tasks =
        List.of(
            task("b1", "Task failed container health checks", "2025-11-20T10:09:00Z"),
            task("b2", secret, "2025-11-20T10:05:00Z"));
    assertThat(RootCause.analyze(tasks, List.of()).classification().cause())
        .isEqualTo(Cause.SECRETS_UNAVAILABLE);
  }

  @Test
  void theContainersOomReasonBeatsTheTasksGenericExit() {
    List<StoppedTask> tasks =
        List.of(
            exited(
                "c1",
                "app",
                137,
                "OutOfMemoryError: Container killed due to memory usage",
                "2025-11-20T10:05:00Z"),
            exited(
                "c2",
                "app",
                137,
                "OutOfMemoryError: Container killed due to memory usage",
                "2025-11-20T10:06:00Z"));
    RootCause rc = RootCause.analyze(tasks, List.of());
    assertThat(rc.classification().cause()).isEqualTo(Cause.OUT_OF_MEMORY);
    assertThat(rc.reasons())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason())
                  .isEqualTo("OutOfMemoryError: Container killed due to memory usage");
              assertThat(r.count()).isEqualTo(2);
            });
  }

  @Test
  void normalReplacementsAreCountedButNeverTheCause() {
    List<StoppedTask> tasks =
        List.of(
            task(
                "d1",
                "Scaling activity initiated by (deployment ecs-svc/1957203861194027364)",
                "2025-11-20T10:16:00Z"),
            task(
                "d2",
                "Scaling activity initiated by (deployment ecs-svc/1957203861194027364)",
                "2025-11-20T10:16:01Z"),
            exited("d3", "app", 1, null, "2025-11-20T10:05:00Z"));
    RootCause rc = RootCause.analyze(tasks, List.of());
    assertThat(rc.classification().cause()).isEqualTo(Cause.ESSENTIAL_CONTAINER_EXITED);
    assertThat(rc.classification().detail()).contains("container app exited with code 1");
    assertThat(rc.normalStops()).isEqualTo(2);
    assertThat(rc.failedTasks()).isEqualTo(1);
    assertThat(rc.reasons())
        .singleElement()
        .extracting(RootCause.ReasonCount::reason)
        .isEqualTo("Essential container in task exited (container app, exit code 1)");
  }

  @Test
  void onlyNormalStopsIsUnknownAndSaysSo() {
    RootCause rc =
        RootCause.analyze(
            List.of(
                task(
                    "e1",
                    "Scaling activity initiated by (deployment ecs-svc/1)",
                    "2025-11-20T10:16:00Z")),
            List.of());
    assertThat(rc.classification().cause()).isEqualTo(Cause.UNKNOWN);
    assertThat(rc.classification().detail()).contains("none of the 1 stopped tasks");
    assertThat(rc.reasons()).isEmpty();
  }

  @Test
  void withoutStoppedTasksTheServiceEventsExplainTheFailure() {
    RootCause rc =
        RootCause.analyze(
            List.of(),
            List.of(
                "(service web) has started 1 tasks: (task 1a2b).",
                "(service web) (task 1a2b) (port 8080) is unhealthy in (target-group arn:aws:elasticloadbalancing:"
                    + "us-east-1:123456789012:targetgroup/web-tg/6d0e) due to (reason Health checks failed with these codes: [502])."));
    assertThat(rc.fromServiceEvents()).isTrue();
    assertThat(rc.classification().cause()).isEqualTo(Cause.LB_HEALTH_CHECK);
    assertThat(rc.failedTasks()).isZero();
  }

  @Test
  void noTasksAndNoTellingEventsIsUnknownWithTheExpiryExplained() {
    RootCause rc =
        RootCause.analyze(List.of(), List.of("(service web) has reached a steady state."));
    assertThat(rc.classification().cause()).isEqualTo(Cause.UNKNOWN);
    assertThat(rc.classification().detail()).contains("about an hour");
  }

  @Test
  void unknownOnlyWinsWhenNothingIsRecognised() {
    List<StoppedTask> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tasks.add(task("u" + i, "Something new " + i, "2025-11-20T10:0" + i + ":00Z"));
    }
    tasks.add(task("k", "Task failed container health checks", "2025-11-20T10:09:00Z"));
    RootCause rc = RootCause.analyze(tasks, List.of());
    assertThat(rc.classification().cause()).isEqualTo(Cause.CONTAINER_HEALTH_CHECK);
    assertThat(rc.reasons().get(0).count()).isEqualTo(5); // the reasons still show what dominated
  }

  @Test
  void groupKeyIgnoresIdsAddressesAndRequestIds() {
    assertThat(RootCause.groupKey("dial tcp 10.0.0.1:443: i/o timeout, request id: abc"))
        .isEqualTo(RootCause.groupKey("dial tcp 52.1.2.3:443: i/o timeout, request id: def"));
  }
}
