package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.HttpAnswer;
import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TargetHealth;
import dev.pipelineguard.validator.model.TextSanitizer;
import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.FailureType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Check 5: the service the deployment replaces is healthy and settled: ACTIVE, one PRIMARY
 * deployment whose rollout COMPLETED, as many tasks running as desired, no unhealthy targets, and
 * the health URL answering as expected. While it is still settling the check is PENDING; problems
 * seen while settling only fail the check once the service has settled (or the time is up).
 */
final class HealthCheck {
  private static final Set<String> BAD_TARGET_STATES = Set.of("unhealthy", "unavailable", "unused");
  private static final Set<String> DRAINING = Set.of("draining", "unhealthy.draining");
  private static final int EVENTS_SHOWN = 3;
  private static final int TARGETS_SHOWN = 10;

  private HealthCheck() {}

  static CheckResult evaluate(
      ValidatorParameters params,
      Fetched<Optional<ServiceState>> service,
      Map<String, Fetched<List<TargetHealth>>> targetGroups,
      HttpAnswer health) {
    String name =
        "service "
            + TextSanitizer.quote(params.serviceName())
            + " in cluster "
            + TextSanitizer.quote(params.clusterName());
    if (health != null && health.refused()) {
      return CheckResult.failed(
          CheckId.HEALTH,
          FailureType.CONFIGURATION_ERROR,
          "healthUrl "
              + redact(params.healthUrl())
              + " is not called: "
              + TextSanitizer.clean(health.error(), 300),
          List.of(),
          "Point healthUrl at the service itself (its load balancer, or a private address in the VPC); the validator "
              + "never calls link-local or instance metadata addresses.");
    }
    if (service.error() != null) {
      AwsCallException error = service.error();
      if (error.kind() == AwsCallException.Kind.NOT_FOUND) {
        return CheckResult.failed(
            CheckId.HEALTH,
            FailureType.CONFIGURATION_ERROR,
            "cluster " + TextSanitizer.quote(params.clusterName()) + " does not exist",
            List.of(error.evidence()),
            fixNames());
      }
      return CallFailures.result(
          CheckId.HEALTH,
          error,
          name,
          "Allow the validator ecs:DescribeServices on the service (template ClusterName).");
    }
    if (service.value() == null) {
      return CheckResult.pending(CheckId.HEALTH, name + " was not read in time", List.of());
    }
    if (service.value().isEmpty()) {
      return CheckResult.failed(
          CheckId.HEALTH,
          FailureType.CONFIGURATION_ERROR,
          name + " does not exist",
          List.of("DescribeServices reports it MISSING"),
          fixNames());
    }
    ServiceState s = service.value().get();
    List<String> broken = new ArrayList<>();
    List<String> settling = new ArrayList<>();
    List<String> unhealthy = new ArrayList<>();
    List<String> facts = new ArrayList<>();
    FailureType type = null;

    if (!"ACTIVE".equals(s.status())) {
      broken.add(name + " is " + TextSanitizer.clean(s.status(), 40) + ", not ACTIVE");
      type = FailureType.JOB_FAILED;
    }
    List<ServiceState.Deployment> primaries =
        s.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).toList();
    ServiceState.Deployment primary = primaries.isEmpty() ? null : primaries.get(0);
    if (primary == null) {
      settling.add("no PRIMARY deployment");
    } else {
      String id = TextSanitizer.clean(primary.id(), 80);
      String rollout = primary.rolloutState();
      if ("FAILED".equals(rollout)) {
        type = FailureType.worst(type, FailureType.JOB_FAILED);
        broken.add(
            "the current deployment "
                + id
                + " FAILED"
                + (primary.rolloutStateReason() == null
                    ? ""
                    : ": " + TextSanitizer.clean(primary.rolloutStateReason()))
                + " -> the service is broken now; find the cause (stopped tasks, service events) before deploying over it");
      } else if ("IN_PROGRESS".equals(rollout)) {
        settling.add(
            "deployment "
                + id
                + " is IN_PROGRESS ("
                + primary.runningCount()
                + " of "
                + primary.desiredCount()
                + " running"
                + (primary.failedTasks() > 0 ? ", " + primary.failedTasks() + " failed tasks" : "")
                + ")");
      } else if (rollout != null && !"COMPLETED".equals(rollout)) {
        settling.add("deployment " + id + " rollout state is " + TextSanitizer.clean(rollout, 40));
      } else {
        facts.add(
            "deployment "
                + id
                + (rollout == null ? " (rollout state not reported)" : " COMPLETED"));
      }
    }
    if (primaries.size() > 1) {
      settling.add(primaries.size() + " PRIMARY deployments");
    }
    long older = s.deployments().stream().filter(d -> !"PRIMARY".equals(d.status())).count();
    if (older > 0) {
      settling.add(older + " older deployment(s) still ACTIVE (draining)");
    }
    if (s.runningCount() != s.desiredCount()) {
      settling.add(
          s.runningCount()
              + " of "
              + s.desiredCount()
              + " desired task(s) running"
              + (s.pendingCount() > 0 ? ", " + s.pendingCount() + " pending" : ""));
    } else {
      facts.add(s.runningCount() + " of " + s.desiredCount() + " task(s) running");
    }

    int healthyTargets = 0;
    for (Map.Entry<String, Fetched<List<TargetHealth>>> group : targetGroups.entrySet()) {
      String tg = targetGroupName(group.getKey());
      Fetched<List<TargetHealth>> fetched = group.getValue();
      if (fetched.error() != null) {
        AwsCallException error = fetched.error();
        if (error.transientFailure()) {
          settling.add(CallFailures.detail("target group " + tg, error));
        } else if (error.kind() == AwsCallException.Kind.NOT_FOUND) {
          type = FailureType.worst(type, FailureType.CONFIGURATION_ERROR);
          broken.add(
              "target group " + tg + " of the service does not exist (" + error.evidence() + ")");
        } else {
          type =
              FailureType.worst(
                  type,
                  error.kind() == AwsCallException.Kind.ACCESS_DENIED
                      ? FailureType.PERMISSION_ERROR
                      : FailureType.JOB_FAILED);
          broken.add(
              CallFailures.detail("target group " + tg, error)
                  + (error.kind() == AwsCallException.Kind.ACCESS_DENIED
                      ? " -> allow the validator elasticloadbalancing:DescribeTargetHealth"
                      : ""));
        }
        continue;
      }
      if (fetched.value() == null) {
        settling.add("target group " + tg + " was not read in time");
        continue;
      }
      int registered = 0;
      int initial = 0;
      for (TargetHealth target : fetched.value()) {
        String state = target.state() == null ? "" : target.state();
        if (DRAINING.contains(state)) {
          continue;
        }
        registered++;
        if ("healthy".equals(state)) {
          healthyTargets++;
        } else if ("initial".equals(state)) {
          initial++;
        } else if (BAD_TARGET_STATES.contains(state)) {
          if (unhealthy.size() < TARGETS_SHOWN) {
            unhealthy.add(
                "target "
                    + TextSanitizer.clean(target.label(), 80)
                    + " in "
                    + tg
                    + " is "
                    + state
                    + (target.reason() == null
                        ? ""
                        : " ("
                            + TextSanitizer.clean(target.reason(), 80)
                            + (target.description() == null
                                ? ""
                                : ": " + TextSanitizer.clean(target.description(), 200))
                            + ")"));
          }
        } else {
          settling.add(
              "target "
                  + TextSanitizer.clean(target.label(), 80)
                  + " in "
                  + tg
                  + " is "
                  + TextSanitizer.clean(state, 40));
        }
      }
      if (initial > 0) {
        settling.add(initial + " target(s) in " + tg + " still in their initial health checks");
      }
      if (registered == 0 && s.desiredCount() > 0) {
        settling.add("no target registered in " + tg + " yet");
      }
    }
    if (!targetGroups.isEmpty()) {
      facts.add(healthyTargets + " healthy target(s)");
    }

    if (params.healthUrl() != null) {
      String url = redact(params.healthUrl());
      if (health == null) {
        settling.add("healthUrl " + url + " was not answered in time");
      } else if (health.error() != null) {
        unhealthy.add(
            "healthUrl " + url + " did not answer: " + TextSanitizer.clean(health.error(), 200));
      } else if (health.status() != params.expectedStatus()) {
        unhealthy.add(
            "healthUrl "
                + url
                + " answered "
                + health.status()
                + ", expected "
                + params.expectedStatus()
                + " (redirects are not followed)");
      } else {
        facts.add("healthUrl answered " + health.status() + " in " + health.millis() + " ms");
      }
    }

    List<String> events =
        s.recentEvents().stream()
            .limit(EVENTS_SHOWN)
            .map(e -> "service event: " + TextSanitizer.clean(e))
            .toList();
    if (!broken.isEmpty()) {
      List<String> details = new ArrayList<>(broken);
      details.addAll(unhealthy);
      details.addAll(settling);
      details.addAll(events);
      return CheckResult.failed(
          CheckId.HEALTH,
          type,
          name + " is not in a state to deploy over",
          details,
          "Deploy over a healthy, settled service, so that a failure of this deployment is visible as such.");
    }
    if (settling.isEmpty() && !unhealthy.isEmpty()) {
      List<String> details = new ArrayList<>(unhealthy);
      details.addAll(events);
      return CheckResult.failed(
          CheckId.HEALTH,
          FailureType.JOB_FAILED,
          name + " is settled but unhealthy",
          details,
          "Find why the targets or the health URL fail (target health reasons, service events, task logs), fix it, "
              + "then retry this stage.");
    }
    if (!settling.isEmpty()) {
      List<String> details = new ArrayList<>(settling);
      details.addAll(unhealthy);
      details.addAll(events);
      return CheckResult.pending(
          CheckId.HEALTH,
          name + " is still settling: " + TextSanitizer.clean(settling.get(0), 200),
          details);
    }
    return CheckResult.passed(
        CheckId.HEALTH, name + " is healthy: " + String.join(", ", facts), List.of());
  }

  private static String fixNames() {
    return "Check \"cluster\" and \"service\" in UserParameters: they must name the service the Deploy stage updates.";
  }

  /** The target group's name from its ARN ({@code ...:targetgroup/<name>/<id>}). */
  static String targetGroupName(String arn) {
    int start = arn.indexOf(":targetgroup/");
    if (start < 0) {
      return TextSanitizer.quote(arn);
    }
    String rest = arn.substring(start + ":targetgroup/".length());
    int slash = rest.indexOf('/');
    return TextSanitizer.quote(slash < 0 ? rest : rest.substring(0, slash));
  }

  /** The URL without query or user info, which may carry tokens. */
  static String redact(URI url) {
    StringBuilder out =
        new StringBuilder().append(url.getScheme()).append("://").append(url.getHost());
    if (url.getPort() >= 0) {
      out.append(':').append(url.getPort());
    }
    out.append(url.getRawPath() == null ? "" : url.getRawPath());
    if (url.getRawQuery() != null) {
      out.append("?…");
    }
    return TextSanitizer.clean(out.toString(), 200);
  }
}
