package dev.pipelineguard.emulation;

import static dev.pipelineguard.emulation.EcsStubs.container;
import static dev.pipelineguard.emulation.EcsStubs.deployment;
import static dev.pipelineguard.emulation.EcsStubs.event;
import static dev.pipelineguard.emulation.EcsStubs.taskDefinitionArn;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The scenario of events/watcher/*.json (used by the watcher's tests, bin/demo and bin/bench):
 * service web of pipeline-guard-dev deploys web:42 (image tag 3f9c2e1), whose tasks cannot reach
 * ECR; the circuit breaker rolls back to web:41.
 */
public final class WatcherScenarios {
  public static final String CLUSTER = "pipeline-guard-dev";
  public static final String SERVICE = "web";
  public static final String FAILED_ID = "ecs-svc/4820150927361184571";
  public static final String RESTORED_ID = "ecs-svc/1957203861194027364";
  public static final String FAILED_TD = taskDefinitionArn("web:42");
  public static final String RESTORED_TD = taskDefinitionArn("web:41");
  public static final String REPO =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/pipeline-guard-dev";
  public static final Instant CREATED = Instant.parse("2025-11-20T10:03:11.377Z");
  public static final Instant ROLLBACK_AT = Instant.parse("2025-11-20T10:15:39.511Z");
  public static final String PULL_TIMEOUT =
      "CannotPullContainerError: pull image manifest has been retried 5 time(s): "
          + "failed to resolve ref "
          + REPO
          + ":3f9c2e1: failed to do request: Head \"https://123456789012.dkr.ecr."
          + "us-east-1.amazonaws.com/v2/pipeline-guard-dev/manifests/3f9c2e1\": dial tcp %s:443: i/o timeout";

  public static final String PIPELINE = "pipeline-guard-dev-pipeline";
  public static final String EXECUTION_ID = "3c9d8e2f-6b1a-4f7e-9d3c-2a1b0c9d8e7f";

  private WatcherScenarios() {}

  /**
   * The pipeline's recent executions: the one that built commit 3f9c2e1 is still "in progress" at
   * Deploy.
   */
  public static void pipelineExecutions(WireMockServer wiremock) {
    wiremock.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListPipelineExecutions")
            .willReturn(
                AwsJsonStubs.ok(
                    EcsStubs.map(
                        "pipelineExecutionSummaries",
                        List.of(
                            EcsStubs.map(
                                "pipelineExecutionId",
                                EXECUTION_ID,
                                "status",
                                "InProgress",
                                "startTime",
                                EcsStubs.epoch(Instant.parse("2025-11-20T09:55:20.114Z")),
                                "lastUpdateTime",
                                EcsStubs.epoch(Instant.parse("2025-11-20T10:03:09.870Z")),
                                "sourceRevisions",
                                List.of(
                                    EcsStubs.map(
                                        "actionName",
                                        "Source",
                                        "revisionId",
                                        "3f9c2e1b7d4a8c6e0f2a9b1d3c5e7f9a1b3d5c7e",
                                        "revisionSummary",
                                        "{\"ProviderType\":\"GitHub\",\"CommitMessage\":\"Bump base image\"}")),
                                "trigger",
                                EcsStubs.map("triggerType", "CreatePipeline")),
                            EcsStubs.map(
                                "pipelineExecutionId",
                                "11111111-2222-4333-8444-555555555555",
                                "status",
                                "Succeeded",
                                "startTime",
                                EcsStubs.epoch(Instant.parse("2025-11-19T16:02:00Z")),
                                "sourceRevisions",
                                List.of(
                                    EcsStubs.map(
                                        "actionName",
                                        "Source",
                                        "revisionId",
                                        "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"))))))));
  }

  public static void imagePullRollback(EcsStubs stubs) {
    stubs.describeServices(
        stubs.service(
            SERVICE,
            true,
            List.of(
                deployment(
                    RESTORED_ID,
                    "PRIMARY",
                    RESTORED_TD,
                    "IN_PROGRESS",
                    "ECS deployment circuit breaker: rolling back to deploymentId "
                        + RESTORED_ID
                        + ".",
                    ROLLBACK_AT,
                    2,
                    2,
                    0),
                deployment(
                    FAILED_ID,
                    "ACTIVE",
                    FAILED_TD,
                    "FAILED",
                    "ECS deployment circuit breaker: tasks failed to start.",
                    CREATED,
                    2,
                    0,
                    3)),
            List.of(
                event(
                    Instant.parse("2025-11-20T10:15:40.102Z"),
                    "(service web) rolling back to deployment " + RESTORED_ID + "."),
                event(
                    Instant.parse("2025-11-20T10:15:39.624Z"),
                    "(service web) deployment "
                        + FAILED_ID
                        + " deployment failed: tasks failed to start."),
                event(
                    Instant.parse("2025-11-20T10:13:02.318Z"),
                    "(service web) has started 1 tasks: (task 9d41c7a2e0b84f37a1c5e6d8b2f09a13)."),
                event(
                    Instant.parse("2025-11-20T09:00:00Z"),
                    "(service web) has reached a steady state."))));
    stubs.serviceDeployment(
        "arn:aws:ecs:us-east-1:123456789012:service-deployment/pipeline-guard-dev/web/ejGvqq2ilnbKT9qj0vLJe",
        CREATED,
        "ROLLBACK_IN_PROGRESS",
        "TRIGGERED",
        3,
        3);
    stubs.stoppedTasks(
        List.of(
            pullTask(
                stubs, "5b1e6a0c3f2d4e8b9a7c1d0e2f3a4b5c", "10.0.3.17", "2025-11-20T10:05:02.481Z"),
            pullTask(
                stubs,
                "0c8d2e4f6a1b3c5d7e9f0a2b4c6d8e0f",
                "10.0.4.211",
                "2025-11-20T10:09:47.112Z"),
            pullTask(
                stubs,
                "9d41c7a2e0b84f37a1c5e6d8b2f09a13",
                "10.0.3.17",
                "2025-11-20T10:14:30.905Z")));
    stubs.taskDefinitions(
        EcsStubs.taskDefinition("web:42", REPO + ":3f9c2e1", "/ecs/pipeline-guard-dev", List.of()),
        EcsStubs.taskDefinition("web:41", REPO + ":a1b2c3d", "/ecs/pipeline-guard-dev", List.of()));
  }

  public static Map<String, Object> pullTask(
      EcsStubs stubs, String id, String ip, String stoppedAt) {
    String reason = String.format(PULL_TIMEOUT, ip);
    return stubs.stoppedTask(
        id,
        FAILED_ID,
        FAILED_TD,
        "TaskFailedToStart",
        reason,
        Instant.parse(stoppedAt),
        List.of(container("app", REPO + ":3f9c2e1", null, reason, "UNKNOWN")));
  }
}
