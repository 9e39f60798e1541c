package dev.pipelineguard.validator;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.pipelineguard.emulation.AwsJsonStubs.ECS;
import static dev.pipelineguard.emulation.AwsJsonStubs.ok;
import static dev.pipelineguard.emulation.AwsJsonStubs.target;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.Events;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * One service to deploy, set up for real in moto (secrets, image, task definition, target group,
 * artifact zip), with its DescribeServices answer (rollout state) stubbed in WireMock, and job
 * events built from the raw sample event (so every test carries the sample's credentials).
 */
final class DeploymentFixture {
  final String cluster = Moto.unique("cluster");
  final String service = "orders-api";
  final String repository = Moto.unique("orders");

  /** The image imagedefinitions.json deploys. */
  final String imageUri;

  /**
   * The image the service runs now (the task definition's); the same as imageUri unless a test says
   * otherwise.
   */
  final String runningImageUri;

  final String secretName = Moto.unique("app/db");
  final String secretArn;
  final String parameterName = "/" + Moto.unique("app") + "/feature-flags";
  final String targetGroupArn;
  final String taskDefinitionArn;
  final String bucket = Moto.unique("artifacts");
  final String key = "pipe/BuildOutpu/" + Moto.unique("a");
  private final WireMockServer aws;

  private DeploymentFixture(
      WireMockServer aws,
      Map<String, String> environment,
      Map<String, String> secrets,
      String imageDefinitions,
      String runningTag) {
    this.aws = aws;
    this.imageUri = Moto.image(repository, "abc1234");
    this.runningImageUri = runningTag == null ? imageUri : Moto.image(repository, runningTag);
    this.secretArn =
        Moto.secret(secretName, "{\"username\":\"orders\",\"password\":\"" + SECRET_VALUE + "\"}");
    Moto.parameter(parameterName, "flags");
    this.targetGroupArn = Moto.targetGroup(Moto.unique("tg"), "10.7.1.10", "10.7.2.11");
    Moto.cluster(cluster);
    Map<String, String> allSecrets = new LinkedHashMap<>();
    allSecrets.put("DB_PASSWORD", secretArn + ":password::");
    allSecrets.put("FEATURE_FLAGS", parameterName);
    allSecrets.putAll(secrets);
    ContainerDefinition app = Moto.container("app", runningImageUri, environment, allSecrets);
    this.taskDefinitionArn = Moto.taskDefinition(Moto.unique("orders"), app);
    Moto.artifact(
        bucket,
        key,
        Moto.zip(
            "imagedefinitions.json",
            imageDefinitions != null
                ? imageDefinitions
                : "[{\"name\":\"app\",\"imageUri\":\"" + imageUri + "\"}]"));
    stubService("COMPLETED", 2, 2);
  }

  /** A value that must never appear in any output. */
  static final String SECRET_VALUE = "pg-test-secret-value-9f8e7d";

  static DeploymentFixture healthy(WireMockServer aws) {
    return new DeploymentFixture(aws, Map.of("LOG_LEVEL", "INFO"), Map.of(), null, null);
  }

  static DeploymentFixture withEnvironment(WireMockServer aws, Map<String, String> environment) {
    return new DeploymentFixture(aws, environment, Map.of(), null, null);
  }

  static DeploymentFixture withSecrets(WireMockServer aws, Map<String, String> secrets) {
    return new DeploymentFixture(aws, Map.of(), secrets, null, null);
  }

  static DeploymentFixture withImageDefinitions(WireMockServer aws, String imageDefinitions) {
    return new DeploymentFixture(aws, Map.of(), Map.of(), imageDefinitions, null);
  }

  /** A healthy service running an older image than the one imagedefinitions.json deploys. */
  static DeploymentFixture replacingTheRunningImage(WireMockServer aws) {
    return new DeploymentFixture(aws, Map.of("LOG_LEVEL", "INFO"), Map.of(), null, "running-0001");
  }

  /**
   * Answers DescribeServices for this cluster with a PRIMARY deployment in {@code rolloutState}.
   */
  void stubService(String rolloutState, int running, int desired) {
    stubService(rolloutState, running, desired, targetGroupArn);
  }

  /** The same, with the service behind another target group. */
  void stubService(String rolloutState, int running, int desired, String targetGroup) {
    Map<String, Object> deployment = new LinkedHashMap<>();
    deployment.put("id", "ecs-svc/1234567890123456789");
    deployment.put("status", "PRIMARY");
    deployment.put("taskDefinition", taskDefinitionArn);
    deployment.put("desiredCount", desired);
    deployment.put("pendingCount", desired - running);
    deployment.put("runningCount", running);
    deployment.put("failedTasks", 0);
    deployment.put("createdAt", 1.7409E9);
    deployment.put("updatedAt", 1.7409E9);
    deployment.put("launchType", "FARGATE");
    deployment.put("rolloutState", rolloutState);
    deployment.put(
        "rolloutStateReason",
        "ECS deployment ecs-svc/1234567890123456789 "
            + rolloutState.toLowerCase(Locale.ROOT)
            + ".");
    Map<String, Object> svc = new LinkedHashMap<>();
    svc.put("serviceArn", "arn:aws:ecs:us-east-1:123456789012:service/" + cluster + "/" + service);
    svc.put("serviceName", service);
    svc.put("clusterArn", "arn:aws:ecs:us-east-1:123456789012:cluster/" + cluster);
    svc.put("status", "ACTIVE");
    svc.put("desiredCount", desired);
    svc.put("runningCount", running);
    svc.put("pendingCount", desired - running);
    svc.put("taskDefinition", taskDefinitionArn);
    svc.put(
        "loadBalancers",
        List.of(
            Map.of("targetGroupArn", targetGroup, "containerName", "app", "containerPort", 8080)));
    svc.put("deployments", List.of(deployment));
    svc.put(
        "events",
        List.of(
            Map.of(
                "id",
                "e1",
                "createdAt",
                1.7409E9,
                "message",
                "(service " + service + ") has reached a steady state.")));
    aws.stubFor(
        target(ECS + "DescribeServices")
            .withRequestBody(matchingJsonPath("$.cluster", equalTo(cluster)))
            .willReturn(
                ok(JsonWriter.write(Map.of("services", List.of(svc), "failures", List.of())))));
  }

  /** UserParameters for this deployment, plus any extra members (JSON without braces). */
  String parameters(String extra) {
    return "{\"cluster\":\""
        + cluster
        + "\",\"service\":\""
        + service
        + "\",\"requiredSecrets\":[\""
        + secretName
        + ":username\"],\"pipeline\":\"orders-pipeline\""
        + (extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  /** A first-invocation job event for this deployment. */
  Job job(String userParameters) {
    return new Job(UUID.randomUUID().toString(), userParameters, null, bucket, key);
  }

  Job continuation(String userParameters, String token) {
    return new Job(UUID.randomUUID().toString(), userParameters, token, bucket, key);
  }

  /** A job event: the raw sample with its id, parameters, artifact location and token replaced. */
  record Job(String id, String userParameters, String token, String bucket, String key) {
    byte[] bytes() {
      return bytes(true);
    }

    byte[] bytes(boolean withArtifact) {
      @SuppressWarnings(
          "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
      Map<String, Object> root =
          (Map<String, Object>) Events.json("validator/first-invocation.json").toPlain();
      @SuppressWarnings(
          "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
      Map<String, Object> job = (Map<String, Object>) root.get("CodePipeline.job");
      job.put("id", id);
      @SuppressWarnings(
          "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
      Map<String, Object> data = (Map<String, Object>) job.get("data");
      @SuppressWarnings(
          "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
      Map<String, Object> configuration =
          (Map<String, Object>)
              ((Map<String, Object>) data.get("actionConfiguration")).get("configuration");
      configuration.put("UserParameters", userParameters);
      if (withArtifact && bucket != null) {
        @SuppressWarnings(
            "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
        Map<String, Object> artifact =
            (Map<String, Object>) ((List<Object>) data.get("inputArtifacts")).get(0);
        @SuppressWarnings(
            "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
        Map<String, Object> s3 =
            (Map<String, Object>)
                ((Map<String, Object>) artifact.get("location")).get("s3Location");
        s3.put("bucketName", bucket);
        s3.put("objectKey", key);
      } else {
        data.put("inputArtifacts", new ArrayList<>());
      }
      if (token != null) {
        data.put("continuationToken", token);
      }
      return JsonWriter.write(root).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The sample event's artifact credentials, which must never leak. */
  static List<String> sampleCredentials() {
    Json creds =
        Events.json("validator/first-invocation.json")
            .path("CodePipeline.job", "data", "artifactCredentials");
    return List.of(
        creds.get("accessKeyId").text(),
        creds.get("secretAccessKey").text(),
        creds.get("sessionToken").text());
  }
}
