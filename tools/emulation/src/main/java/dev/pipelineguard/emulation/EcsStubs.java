package dev.pipelineguard.emulation;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS answers for WireMock in the documented AWS JSON 1.1 shapes (botocore ecs/2014-11-13: Service,
 * Deployment, ServiceDeployment, Task, Container, TaskDefinition), for what moto's ECS lacks:
 * rollout states, service deployments and stopped tasks with their reasons. Timestamps are epoch
 * seconds, as the JSON protocol sends them.
 */
public final class EcsStubs {
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";

  private final WireMockServer wiremock;
  public final String cluster;

  public EcsStubs(WireMockServer wiremock, String cluster) {
    this.wiremock = wiremock;
    this.cluster = cluster;
  }

  public static String target(String operation) {
    return AwsJsonStubs.ECS + operation;
  }

  public static BigDecimal epoch(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
  }

  public static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        out.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return out;
  }

  public String serviceArn(String service) {
    return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":service/" + cluster + "/" + service;
  }

  public String taskArn(String id) {
    return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task/" + cluster + "/" + id;
  }

  public static String taskDefinitionArn(String familyRevision) {
    return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task-definition/" + familyRevision;
  }

  public static Map<String, Object> deployment(
      String id,
      String status,
      String taskDefinition,
      String rolloutState,
      String reason,
      Instant createdAt,
      int desired,
      int running,
      int failedTasks) {
    return map(
        "id",
        id,
        "status",
        status,
        "taskDefinition",
        taskDefinition,
        "desiredCount",
        desired,
        "pendingCount",
        0,
        "runningCount",
        running,
        "failedTasks",
        failedTasks,
        "createdAt",
        createdAt == null ? null : epoch(createdAt),
        "updatedAt",
        createdAt == null ? null : epoch(createdAt),
        "launchType",
        "FARGATE",
        "platformVersion",
        "1.4.0",
        "platformFamily",
        "Linux",
        "rolloutState",
        rolloutState,
        "rolloutStateReason",
        reason);
  }

  public static Map<String, Object> event(Instant at, String message) {
    return map(
        "id", Integer.toHexString(message.hashCode()), "createdAt", epoch(at), "message", message);
  }

  public Map<String, Object> service(
      String name,
      boolean breaker,
      List<Map<String, Object>> deployments,
      List<Map<String, Object>> events) {
    return map(
        "serviceArn",
        serviceArn(name),
        "serviceName",
        name,
        "clusterArn",
        "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/" + cluster,
        "status",
        "ACTIVE",
        "desiredCount",
        2,
        "runningCount",
        2,
        "pendingCount",
        0,
        "launchType",
        "FARGATE",
        "taskDefinition",
        deployments.isEmpty() ? null : deployments.get(0).get("taskDefinition"),
        "deploymentConfiguration",
        map(
            "deploymentCircuitBreaker",
            map("enable", breaker, "rollback", breaker),
            "maximumPercent",
            200,
            "minimumHealthyPercent",
            100),
        "deployments",
        deployments,
        "events",
        events,
        "deploymentController",
        map("type", "ECS"));
  }

  @SafeVarargs
  public final void describeServices(Map<String, Object>... services) {
    List<Object> list = new ArrayList<>();
    for (Map<String, Object> service : services) {
      list.add(service);
    }
    wiremock.stubFor(
        AwsJsonStubs.target(target("DescribeServices"))
            .willReturn(AwsJsonStubs.ok(map("services", list, "failures", List.of()))));
  }

  public void listServices(List<String> arns) {
    wiremock.stubFor(
        AwsJsonStubs.target(target("ListServices"))
            .willReturn(AwsJsonStubs.ok(map("serviceArns", arns))));
  }

  public void serviceDeployment(
      String arn,
      Instant createdAt,
      String status,
      String breakerStatus,
      int failures,
      int threshold) {
    wiremock.stubFor(
        AwsJsonStubs.target(target("ListServiceDeployments"))
            .willReturn(
                AwsJsonStubs.ok(
                    map(
                        "serviceDeployments",
                        List.of(
                            map(
                                "serviceDeploymentArn",
                                arn,
                                "createdAt",
                                epoch(createdAt),
                                "startedAt",
                                epoch(createdAt),
                                "status",
                                status,
                                "statusReason",
                                "the circuit breaker detected a failure"))))));
    wiremock.stubFor(
        AwsJsonStubs.target(target("DescribeServiceDeployments"))
            .willReturn(
                AwsJsonStubs.ok(
                    map(
                        "serviceDeployments",
                            List.of(
                                map(
                                    "serviceDeploymentArn",
                                    arn,
                                    "createdAt",
                                    epoch(createdAt),
                                    "startedAt",
                                    epoch(createdAt),
                                    "status",
                                    status,
                                    "statusReason",
                                    "the circuit breaker detected a failure",
                                    "deploymentCircuitBreaker",
                                    map(
                                        "status",
                                        breakerStatus,
                                        "failureCount",
                                        failures,
                                        "threshold",
                                        threshold),
                                    "rollback",
                                    map(
                                        "reason",
                                        "circuit breaker",
                                        "startedAt",
                                        epoch(createdAt.plusSeconds(600))))),
                        "failures", List.of()))));
  }

  /**
   * Older services: ListServiceDeployments finds one, DescribeServiceDeployments answers MISSING.
   */
  public void serviceDeploymentMissing(String arn, Instant createdAt) {
    wiremock.stubFor(
        AwsJsonStubs.target(target("ListServiceDeployments"))
            .willReturn(
                AwsJsonStubs.ok(
                    map(
                        "serviceDeployments",
                        List.of(
                            map(
                                "serviceDeploymentArn",
                                arn,
                                "createdAt",
                                epoch(createdAt),
                                "status",
                                "ROLLBACK_SUCCESSFUL"))))));
    wiremock.stubFor(
        AwsJsonStubs.target(target("DescribeServiceDeployments"))
            .willReturn(
                AwsJsonStubs.ok(
                    map(
                        "serviceDeployments",
                        List.of(),
                        "failures",
                        List.of(map("arn", arn, "reason", "MISSING"))))));
  }

  public void noServiceDeployments() {
    wiremock.stubFor(
        AwsJsonStubs.target(target("ListServiceDeployments"))
            .willReturn(AwsJsonStubs.ok(map("serviceDeployments", List.of()))));
  }

  public static Map<String, Object> container(
      String name, String image, Integer exitCode, String reason, String health) {
    return map(
        "name",
        name,
        "image",
        image,
        "lastStatus",
        "STOPPED",
        "exitCode",
        exitCode,
        "reason",
        reason,
        "healthStatus",
        health,
        "cpu",
        "0");
  }

  public Map<String, Object> stoppedTask(
      String id,
      String startedBy,
      String taskDefinition,
      String stopCode,
      String stoppedReason,
      Instant stoppedAt,
      List<Map<String, Object>> containers) {
    List<Map<String, Object>> withArns = new ArrayList<>();
    for (Map<String, Object> c : containers) {
      Map<String, Object> copy = new LinkedHashMap<>(c);
      copy.put("taskArn", taskArn(id));
      copy.put(
          "containerArn",
          "arn:aws:ecs:"
              + REGION
              + ":"
              + ACCOUNT
              + ":container/"
              + cluster
              + "/"
              + id
              + "/"
              + c.get("name"));
      withArns.add(copy);
    }
    return map(
        "taskArn",
        taskArn(id),
        "clusterArn",
        "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/" + cluster,
        "taskDefinitionArn",
        taskDefinition,
        "group",
        "service:web",
        "startedBy",
        startedBy,
        "lastStatus",
        "STOPPED",
        "desiredStatus",
        "STOPPED",
        "launchType",
        "FARGATE",
        "platformVersion",
        "1.4.0",
        "stopCode",
        stopCode,
        "stoppedReason",
        stoppedReason,
        "createdAt",
        stoppedAt == null ? null : epoch(stoppedAt.minusSeconds(90)),
        "stoppingAt",
        stoppedAt == null ? null : epoch(stoppedAt.minusSeconds(5)),
        "stoppedAt",
        stoppedAt == null ? null : epoch(stoppedAt),
        "containers",
        withArns);
  }

  /** ListTasks by startedBy in pages of 100 (nextToken "page-N") and DescribeTasks per batch. */
  public void stoppedTasks(List<Map<String, Object>> tasks) {
    Object startedBy = tasks.isEmpty() ? null : tasks.get(0).get("startedBy");
    listTasks(
        startedBy == null
            ? matchingJsonPath("$.startedBy")
            : matchingJsonPath("$.startedBy", equalTo((String) startedBy)),
        tasks);
    describeTasks(tasks);
  }

  public void listTasks(
      com.github.tomakehurst.wiremock.matching.StringValuePattern filter,
      List<Map<String, Object>> tasks) {
    int pages = Math.max(1, (tasks.size() + 99) / 100);
    for (int p = 0; p < pages; p++) {
      List<Object> arns = new ArrayList<>();
      for (Map<String, Object> t : tasks.subList(p * 100, Math.min(tasks.size(), (p + 1) * 100))) {
        arns.add(t.get("taskArn"));
      }
      Map<String, Object> body =
          map("taskArns", arns, "nextToken", p + 1 < pages ? "page-" + (p + 1) : null);
      var request = AwsJsonStubs.target(target("ListTasks")).withRequestBody(filter);
      // Later pages match on their token first; the first page answers any other request.
      request =
          p == 0
              ? request.atPriority(6)
              : request
                  .withRequestBody(matchingJsonPath("$.nextToken", equalTo("page-" + p)))
                  .atPriority(5);
      wiremock.stubFor(request.willReturn(AwsJsonStubs.ok(body)));
    }
  }

  public void describeTasks(List<Map<String, Object>> tasks) {
    for (int i = 0; i < tasks.size(); i += 100) {
      List<Map<String, Object>> batch = tasks.subList(i, Math.min(tasks.size(), i + 100));
      wiremock.stubFor(
          AwsJsonStubs.target(target("DescribeTasks"))
              .withRequestBody(
                  matchingJsonPath("$.tasks[0]", equalTo((String) batch.get(0).get("taskArn"))))
              .atPriority(5)
              .willReturn(AwsJsonStubs.ok(map("tasks", batch, "failures", List.of()))));
    }
  }

  public static Map<String, Object> taskDefinition(
      String familyRevision, String image, String logGroup, List<String> secrets) {
    List<Object> secretList = new ArrayList<>();
    for (String s : secrets) {
      secretList.add(map("name", "SECRET_" + secretList.size(), "valueFrom", s));
    }
    String family = familyRevision.substring(0, familyRevision.indexOf(':'));
    int revision = Integer.parseInt(familyRevision.substring(familyRevision.indexOf(':') + 1));
    return map(
        "taskDefinitionArn",
        taskDefinitionArn(familyRevision),
        "family",
        family,
        "revision",
        revision,
        "status",
        "ACTIVE",
        "networkMode",
        "awsvpc",
        "requiresCompatibilities",
        List.of("FARGATE"),
        "cpu",
        "256",
        "memory",
        "512",
        "containerDefinitions",
        List.of(
            map(
                "name",
                "app",
                "image",
                image,
                "essential",
                true,
                "portMappings",
                List.of(map("containerPort", 8080, "protocol", "tcp")),
                "logConfiguration",
                logGroup == null
                    ? null
                    : map(
                        "logDriver",
                        "awslogs",
                        "options",
                        map(
                            "awslogs-group",
                            logGroup,
                            "awslogs-region",
                            REGION,
                            "awslogs-stream-prefix",
                            "app")),
                "secrets",
                secretList.isEmpty() ? null : secretList)));
  }

  @SafeVarargs
  public final void taskDefinitions(Map<String, Object>... definitions) {
    for (Map<String, Object> td : definitions) {
      wiremock.stubFor(
          AwsJsonStubs.target(target("DescribeTaskDefinition"))
              .withRequestBody(
                  matchingJsonPath(
                      "$.taskDefinition", equalTo((String) td.get("taskDefinitionArn"))))
              .willReturn(AwsJsonStubs.ok(map("taskDefinition", td, "tags", List.of()))));
    }
  }

  public void fail(String operation, int status, String type, String message) {
    wiremock.stubFor(
        AwsJsonStubs.target(target(operation))
            .atPriority(1)
            .willReturn(AwsJsonStubs.error(status, type, message)));
  }

  public int calls(String operation) {
    return AwsJsonStubs.calls(wiremock, target(operation)).size();
  }

  public int ecsCalls() {
    return (int)
        wiremock.getAllServeEvents().stream()
            .filter(
                e ->
                    e.getRequest().getHeader("X-Amz-Target") != null
                        && e.getRequest().getHeader("X-Amz-Target").startsWith(AwsJsonStubs.ECS))
            .count();
  }
}
