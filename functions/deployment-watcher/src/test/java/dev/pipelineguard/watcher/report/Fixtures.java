package dev.pipelineguard.watcher.report;

import dev.pipelineguard.watcher.evidence.Deployment;
import dev.pipelineguard.watcher.evidence.Evidence;
import dev.pipelineguard.watcher.evidence.Incident;
import dev.pipelineguard.watcher.evidence.ServiceDeploymentInfo;
import dev.pipelineguard.watcher.evidence.ServiceSnapshot;
import dev.pipelineguard.watcher.evidence.StoppedTask;
import dev.pipelineguard.watcher.evidence.TaskDefinitionInfo;
import dev.pipelineguard.watcher.evidence.TaskDefinitions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A failed deployment of service web in pipeline-guard-dev, as the pure tests see it. */
final class Fixtures {
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "123456789012";
  static final String CLUSTER = "pipeline-guard-dev";
  static final String SERVICE = "web";
  static final String FAILED_ID = "ecs-svc/4820150927361184571";
  static final String RESTORED_ID = "ecs-svc/1957203861194027364";
  static final String FAILED_TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:42";
  static final String RESTORED_TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:41";
  static final String FAILED_IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/pipeline-guard-dev:3f9c2e1";
  static final String RESTORED_IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/pipeline-guard-dev:a1b2c3d";
  static final Instant NOW = Instant.parse("2025-11-20T10:16:00Z");
  static final Instant CREATED = Instant.parse("2025-11-20T10:03:11Z");

  private Fixtures() {}

  static Incident rollback() {
    return new Incident(
        Incident.Kind.ROLLBACK,
        REGION,
        ACCOUNT,
        CLUSTER,
        SERVICE,
        FAILED_ID,
        RESTORED_ID,
        "SERVICE_DEPLOYMENT_FAILED",
        "evt-1",
        "ECS deployment circuit breaker: task failed to start.",
        Instant.parse("2025-11-20T10:15:41Z"));
  }

  static Incident stuck() {
    return new Incident(
        Incident.Kind.STUCK,
        REGION,
        ACCOUNT,
        CLUSTER,
        SERVICE,
        FAILED_ID,
        null,
        "SCHEDULED_SCAN",
        "scan-1",
        null,
        NOW);
  }

  static Deployment failed(String state) {
    return new Deployment(
        FAILED_ID,
        "ACTIVE",
        FAILED_TD,
        state,
        "ECS deployment circuit breaker: tasks failed to start.",
        CREATED,
        2,
        0,
        3);
  }

  static Deployment restored() {
    return new Deployment(
        RESTORED_ID,
        "PRIMARY",
        RESTORED_TD,
        "IN_PROGRESS",
        "ECS deployment circuit breaker: rolling back to deploymentId " + RESTORED_ID + ".",
        Instant.parse("2025-10-01T08:00:00Z"),
        2,
        2,
        0);
  }

  static ServiceSnapshot service(Boolean breaker, Deployment... deployments) {
    return new ServiceSnapshot(
        "arn:aws:ecs:us-east-1:123456789012:service/pipeline-guard-dev/web",
        SERVICE,
        List.of(deployments),
        List.of(
            new ServiceSnapshot.Event(
                Instant.parse("2025-11-20T10:15:40Z"),
                "(service web) rolling back to deployment " + RESTORED_ID + "."),
            new ServiceSnapshot.Event(
                Instant.parse("2025-09-01T10:15:40Z"),
                "(service web) has reached a steady state.")),
        breaker,
        breaker,
        null);
  }

  static TaskDefinitionInfo taskDefinition(String arn, String image, String... secrets) {
    return new TaskDefinitionInfo(
        arn,
        "web",
        TaskDefinitions.revision(arn),
        List.of(
            new TaskDefinitionInfo.ContainerSpec(
                image, true, "/ecs/pipeline-guard-dev", List.of(secrets))));
  }

  static List<StoppedTask> tasks(int n, String reason) {
    List<StoppedTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(
          new StoppedTask(
              "arn:aws:ecs:us-east-1:123456789012:task/pipeline-guard-dev/t" + i,
              FAILED_TD,
              "TaskFailedToStart",
              reason,
              CREATED.plusSeconds(60L * (i + 1)),
              List.of(new StoppedTask.ContainerState("app", FAILED_IMAGE, null, reason, null))));
    }
    return tasks;
  }

  static Evidence evidence(List<StoppedTask> tasks, List<String> gaps) {
    return new Evidence(
        service(true, restored(), failed("FAILED")),
        failed("FAILED"),
        restored(),
        RESTORED_ID,
        taskDefinition(FAILED_TD, FAILED_IMAGE),
        taskDefinition(RESTORED_TD, RESTORED_IMAGE),
        new ServiceDeploymentInfo("TRIGGERED", 3, 3),
        tasks,
        false,
        null,
        gaps);
  }
}
