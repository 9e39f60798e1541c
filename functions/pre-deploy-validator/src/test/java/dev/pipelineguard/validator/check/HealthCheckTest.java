package dev.pipelineguard.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.HttpAnswer;
import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TargetHealth;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.CheckStatus;
import dev.pipelineguard.validator.result.FailureType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
  private static final String TG =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-tg/0123456789abcdef";
  private static final ValidatorParameters PARAMS =
      ValidatorParameters.parse(
          "{\"cluster\":\"prod\",\"service\":\"orders-api\",\"healthUrl\":\"https://orders.example.com/health?token=abc\"}");
  private static final ValidatorParameters NO_URL =
      ValidatorParameters.parse("{\"cluster\":\"prod\",\"service\":\"orders-api\"}");

  private static ServiceState.Deployment primary(String rollout, int running) {
    return new ServiceState.Deployment(
        "ecs-svc/1111",
        "PRIMARY",
        "td:7",
        rollout,
        rollout == null
            ? null
            : "ECS deployment ecs-svc/1111 " + rollout.toLowerCase(Locale.ROOT) + ".",
        2,
        running,
        2 - running,
        0);
  }

  private static ServiceState service(
      String status, int running, ServiceState.Deployment... deployments) {
    return new ServiceState(
        "arn:svc",
        status,
        2,
        running,
        2 - running,
        "td:7",
        List.of(deployments),
        List.of(TG),
        List.of("(service orders-api) has reached a steady state."));
  }

  private static Map<String, Fetched<List<TargetHealth>>> targets(TargetHealth... targets) {
    Map<String, Fetched<List<TargetHealth>>> out = new LinkedHashMap<>();
    out.put(TG, Fetched.of(List.of(targets)));
    return out;
  }

  private static TargetHealth healthy(String ip) {
    return new TargetHealth(ip, 8080, "healthy", null, null);
  }

  @Test
  void passesForASettledHealthyService() {
    CheckResult r =
        HealthCheck.evaluate(
            PARAMS,
            Fetched.of(Optional.of(service("ACTIVE", 2, primary("COMPLETED", 2)))),
            targets(healthy("10.0.1.10"), healthy("10.0.2.11")),
            HttpAnswer.status(200, 42));

    assertThat(r.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(r.summary())
        .contains("COMPLETED")
        .contains("2 of 2 task(s) running")
        .contains("2 healthy target(s)")
        .contains("healthUrl answered 200 in 42 ms");
  }

  @Test
  void aRolloutInProgressIsPendingWithWhatWasSeen() {
    CheckResult r =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.of(
                Optional.of(
                    service(
                        "ACTIVE",
                        1,
                        primary("IN_PROGRESS", 1),
                        new ServiceState.Deployment(
                            "ecs-svc/0000", "ACTIVE", "td:6", "COMPLETED", null, 2, 1, 0, 0)))),
            targets(
                healthy("10.0.1.10"),
                new TargetHealth("10.0.2.11", 8080, "initial", "Elb.RegistrationInProgress", null)),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.PENDING);
    assertThat(r.summary()).contains("still settling").contains("IN_PROGRESS (1 of 2 running)");
    assertThat(r.details())
        .anyMatch(d -> d.contains("1 older deployment(s) still ACTIVE"))
        .anyMatch(d -> d.contains("1 of 2 desired task(s) running"))
        .anyMatch(
            d -> d.contains("1 target(s) in 'orders-tg' still in their initial health checks"));
  }

  @Test
  void aFailedRolloutFailsAtOnce() {
    CheckResult r =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.of(
                Optional.of(
                    service(
                        "ACTIVE",
                        0,
                        new ServiceState.Deployment(
                            "ecs-svc/1111",
                            "PRIMARY",
                            "td:7",
                            "FAILED",
                            "ECS deployment circuit breaker: tasks failed to start.",
                            2,
                            0,
                            0,
                            3)))),
            targets(),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.failureType()).isEqualTo(FailureType.JOB_FAILED);
    assertThat(r.details().get(0))
        .contains("FAILED: ECS deployment circuit breaker: tasks failed to start.");
  }

  @Test
  void unhealthyTargetsOfASettledServiceFailWithTheirReasons() {
    CheckResult r =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.of(Optional.of(service("ACTIVE", 2, primary("COMPLETED", 2)))),
            targets(
                healthy("10.0.1.10"),
                new TargetHealth(
                    "10.0.2.11",
                    8080,
                    "unhealthy",
                    "Target.ResponseCodeMismatch",
                    "Health checks failed with these codes: [502]")),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.details())
        .first()
        .asString()
        .isEqualTo(
            "target 10.0.2.11:8080 in 'orders-tg' is unhealthy "
                + "(Target.ResponseCodeMismatch: Health checks failed with these codes: [502])");
    assertThat(r.details())
        .anyMatch(d -> d.startsWith("service event: (service orders-api) has reached"));
  }

  @Test
  void unhealthyTargetsWhileSettlingAreStillPending() {
    CheckResult r =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.of(Optional.of(service("ACTIVE", 1, primary("IN_PROGRESS", 1)))),
            targets(new TargetHealth("10.0.2.11", 8080, "unhealthy", "Target.Timeout", null)),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.PENDING);
    assertThat(r.details()).anyMatch(d -> d.contains("is unhealthy (Target.Timeout)"));
  }

  @Test
  void drainingTargetsAreIgnored() {
    CheckResult r =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.of(Optional.of(service("ACTIVE", 2, primary("COMPLETED", 2)))),
            targets(
                healthy("10.0.1.10"),
                new TargetHealth(
                    "10.0.9.9", 8080, "draining", "Target.DeregistrationInProgress", null)),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.PASSED);
  }

  @Test
  void aWrongHealthUrlStatusFailsASettledServiceWithoutShowingTheQuery() {
    CheckResult r =
        HealthCheck.evaluate(
            PARAMS,
            Fetched.of(Optional.of(service("ACTIVE", 2, primary("COMPLETED", 2)))),
            targets(healthy("10.0.1.10")),
            HttpAnswer.status(503, 12));

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.details().get(0))
        .isEqualTo(
            "healthUrl https://orders.example.com/health?… answered 503, expected 200 "
                + "(redirects are not followed)");
    assertThat(String.join(" ", r.details())).doesNotContain("token=abc");
  }

  @Test
  void aHealthUrlThatDoesNotAnswerFails() {
    CheckResult r =
        HealthCheck.evaluate(
            PARAMS,
            Fetched.of(Optional.of(service("ACTIVE", 2, primary("COMPLETED", 2)))),
            targets(healthy("10.0.1.10")),
            HttpAnswer.error("no answer within 5000 ms", 5001));

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.details().get(0)).contains("did not answer: no answer within 5000 ms");
  }

  @Test
  void aRefusedHealthUrlIsAConfigurationErrorWhateverTheServiceSays() {
    CheckResult r =
        HealthCheck.evaluate(
            PARAMS,
            Fetched.of(Optional.of(service("ACTIVE", 2, primary("IN_PROGRESS", 1)))),
            targets(healthy("10.0.1.10")),
            HttpAnswer.refused(
                "orders.example.com resolves to 169.254.169.254, a link-local "
                    + "address (169.254.0.0/16: the instance metadata service and the ECS credentials endpoint)",
                1));

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.failureType()).isEqualTo(FailureType.CONFIGURATION_ERROR);
    assertThat(r.summary())
        .isEqualTo(
            "healthUrl https://orders.example.com/health?… is not called: orders.example.com "
                + "resolves to 169.254.169.254, a link-local address (169.254.0.0/16: the instance metadata service and the ECS "
                + "credentials endpoint)");
    assertThat(r.fix()).contains("never calls link-local or instance metadata addresses");
  }

  @Test
  void aMissingServiceOrClusterIsAConfigurationError() {
    CheckResult missing =
        HealthCheck.evaluate(NO_URL, Fetched.of(Optional.empty()), Map.of(), null);
    CheckResult noCluster =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.failed(
                new AwsCallException(
                    AwsCallException.Kind.NOT_FOUND,
                    "ecs:DescribeServices",
                    "ClusterNotFoundException",
                    "Cluster not found.",
                    null)),
            Map.of(),
            null);

    assertThat(missing.failureType()).isEqualTo(FailureType.CONFIGURATION_ERROR);
    assertThat(missing.summary()).contains("'orders-api' in cluster 'prod' does not exist");
    assertThat(noCluster.failureType()).isEqualTo(FailureType.CONFIGURATION_ERROR);
    assertThat(noCluster.summary()).isEqualTo("cluster 'prod' does not exist");
  }

  @Test
  void accessDeniedIsAPermissionErrorAndThrottlingIsPending() {
    CheckResult denied =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.failed(
                new AwsCallException(
                    AwsCallException.Kind.ACCESS_DENIED,
                    "ecs:DescribeServices",
                    "AccessDeniedException",
                    "not authorized",
                    null)),
            Map.of(),
            null);
    CheckResult throttled =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.failed(
                new AwsCallException(
                    AwsCallException.Kind.THROTTLED,
                    "ecs:DescribeServices",
                    "ThrottlingException",
                    "Rate exceeded",
                    null)),
            Map.of(),
            null);

    assertThat(denied.failureType()).isEqualTo(FailureType.PERMISSION_ERROR);
    assertThat(throttled.status()).isEqualTo(CheckStatus.PENDING);
  }

  @Test
  void aDrainingServiceFails() {
    CheckResult r =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.of(Optional.of(service("DRAINING", 2, primary("COMPLETED", 2)))),
            targets(healthy("10.0.1.10")),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.details().get(0)).contains("is DRAINING, not ACTIVE");
  }

  @Test
  void withoutRolloutStateRunningEqualsDesiredIsEnough() {
    CheckResult r =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.of(Optional.of(service("ACTIVE", 2, primary(null, 2)))),
            targets(healthy("10.0.1.10")),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(r.summary()).contains("rollout state not reported");
  }

  @Test
  void aTargetGroupWithNoTargetsYetIsPending() {
    CheckResult r =
        HealthCheck.evaluate(
            NO_URL,
            Fetched.of(Optional.of(service("ACTIVE", 2, primary("COMPLETED", 2)))),
            targets(),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.PENDING);
    assertThat(r.summary()).contains("no target registered in 'orders-tg' yet");
  }

  @Test
  void redactsQueryAndUserInfoFromUrls() {
    assertThat(
            HealthCheck.redact(
                URI.create("https://user:pw@h.example.com:8443/p/health?key=s3cret")))
        .isEqualTo("https://h.example.com:8443/p/health?…");
  }
}
