package dev.pipelineguard.watcher.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbacksTest {
  static final String OLD = "ecs-svc/1957203861194027364";
  static final String BAD = "ecs-svc/4820150927361184571";

  static Deployment deployment(
      String id, String status, String td, String state, String reason, String created) {
    return new Deployment(id, status, td, state, reason, Instant.parse(created), 2, 0, 0);
  }

  static ServiceSnapshot service(Boolean rollback, Deployment... deployments) {
    return new ServiceSnapshot(
        "arn:aws:ecs:us-east-1:123456789012:service/c/web",
        "web",
        List.of(deployments),
        List.of(),
        true,
        rollback,
        null);
  }

  @Test
  void readsTheDeploymentRolledBackToFromTheReason() {
    assertThat(
            Rollbacks.rolledBackTo(
                "ECS deployment circuit breaker: rolling back to deploymentId " + OLD + "."))
        .isEqualTo(OLD);
    assertThat(Rollbacks.rolledBackTo("ECS deployment " + OLD + " in progress.")).isNull();
    assertThat(Rollbacks.rolledBackTo(null)).isNull();
  }

  @Test
  void findsTheFailedDeploymentWhileItIsStillInProgressDuringTheRollback() {
    // Observed: the failed deployment stays IN_PROGRESS for a minute or two after the rollback
    // starts.
    ServiceSnapshot s =
        service(
            true,
            deployment(
                OLD,
                "PRIMARY",
                "web:41",
                "IN_PROGRESS",
                "ECS deployment circuit breaker: rolling back to deploymentId " + OLD + ".",
                "2025-11-20T10:15:39Z"),
            deployment(
                BAD,
                "ACTIVE",
                "web:42",
                "IN_PROGRESS",
                "ECS deployment " + BAD + " in progress.",
                "2025-11-20T10:03:11Z"));
    assertThat(Rollbacks.failedDeployment(s, OLD, OLD))
        .get()
        .extracting(Deployment::id)
        .isEqualTo(BAD);
  }

  @Test
  void prefersTheDeploymentEcsMarksFailed() {
    ServiceSnapshot s =
        service(
            true,
            deployment(
                "ecs-svc/9",
                "PRIMARY",
                "web:43",
                "IN_PROGRESS",
                "rolling back to deploymentId " + OLD,
                "2025-11-20T10:20:00Z"),
            deployment(
                "ecs-svc/8",
                "ACTIVE",
                "web:44",
                "IN_PROGRESS",
                "in progress",
                "2025-11-20T10:19:00Z"),
            deployment(
                BAD,
                "DRAINING",
                "web:42",
                "FAILED",
                "ECS deployment circuit breaker: tasks failed to start.",
                "2025-11-20T10:03:11Z"));
    assertThat(Rollbacks.failedDeployment(s, "ecs-svc/9", OLD))
        .get()
        .extracting(Deployment::id)
        .isEqualTo(BAD);
  }

  @Test
  void takesTheEventsOwnDeploymentWhenEcsShowsItFailed() {
    ServiceSnapshot s =
        service(
            true,
            deployment(
                OLD, "PRIMARY", "web:41", "IN_PROGRESS", "rolling back", "2025-11-20T10:15:39Z"),
            deployment(BAD, "ACTIVE", "web:42", "FAILED", "failed", "2025-11-20T10:03:11Z"));
    assertThat(Rollbacks.failedDeployment(s, BAD, OLD))
        .get()
        .extracting(Deployment::id)
        .isEqualTo(BAD);
  }

  @Test
  void findsNoFailedDeploymentWhenOnlyThePrimaryIsLeft() {
    ServiceSnapshot s =
        service(
            true,
            deployment(OLD, "PRIMARY", "web:41", "COMPLETED", "completed", "2025-11-20T10:15:39Z"));
    assertThat(Rollbacks.failedDeployment(s, OLD, OLD)).isEmpty();
  }

  @Test
  void restoredIsThePrimaryThatIsRollingBack() {
    ServiceSnapshot s =
        service(
            null,
            deployment(
                "ecs-svc/77",
                "PRIMARY",
                "web:41",
                "IN_PROGRESS",
                "ECS deployment circuit breaker: rolling back to deploymentId " + OLD + ".",
                "2025-11-20T10:15:39Z"),
            deployment(BAD, "ACTIVE", "web:42", "FAILED", "failed", "2025-11-20T10:03:11Z"));
    assertThat(Rollbacks.restoredDeployment(s, BAD, null))
        .get()
        .extracting(Deployment::id)
        .isEqualTo("ecs-svc/77");
  }

  @Test
  void noRestoredDeploymentWhenTheFailedOneIsStillPrimary() {
    ServiceSnapshot s =
        service(
            false,
            deployment(BAD, "PRIMARY", "web:42", "FAILED", "failed", "2025-11-20T10:03:11Z"));
    assertThat(Rollbacks.restoredDeployment(s, BAD, null)).isEmpty();
  }

  @Test
  void aNewerDeploymentIsNotMistakenForARollbackWhenRollbackIsOff() {
    ServiceSnapshot s =
        service(
            false,
            deployment(
                "ecs-svc/99",
                "PRIMARY",
                "web:43",
                "IN_PROGRESS",
                "ECS deployment ecs-svc/99 in progress.",
                "2025-11-20T10:30:00Z"),
            deployment(BAD, "ACTIVE", "web:42", "FAILED", "failed", "2025-11-20T10:03:11Z"));
    assertThat(Rollbacks.restoredDeployment(s, BAD, null)).isEmpty();
  }
}
