package dev.pipelineguard.watcher.evidence;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which deployment failed and which one ECS rolled back to, read from DescribeServices. Pure.
 *
 * <p>During a circuit-breaker rollback the PRIMARY deployment runs the previous task definition
 * with the reason "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/N." and the
 * failed deployment is ACTIVE (or DRAINING) with rollout state FAILED, or still IN_PROGRESS for a
 * minute or two. Whether the PRIMARY keeps the old id is not documented, so the id rolled back to
 * is read from the reason text.
 */
public final class Rollbacks {
  private static final Pattern ROLLING_BACK =
      Pattern.compile(
          "rolling back to deploymentid (ecs-svc/[0-9A-Za-z]+)", Pattern.CASE_INSENSITIVE);

  private Rollbacks() {}

  /**
   * Whether a SERVICE_DEPLOYMENT_IN_PROGRESS reason is a circuit-breaker rollback, also when the id
   * it names is not an {@code ecs-svc/} id (the ECS guide's sample says "deploymentId
   * deploymentID."): the same test as the template's EventBridge rule, a reason starting "ECS
   * deployment circuit breaker: rolling back".
   */
  public static boolean isRollback(String reason) {
    return reason != null
        && (rolledBackTo(reason) != null
            || reason
                .strip()
                .toLowerCase(java.util.Locale.ROOT)
                .startsWith("ecs deployment circuit breaker: rolling back"));
  }

  /** The deployment id a "rolling back to deploymentId ..." reason names, or null. */
  public static String rolledBackTo(String reason) {
    if (reason == null) {
      return null;
    }
    Matcher m = ROLLING_BACK.matcher(reason);
    return m.find() ? m.group(1) : null;
  }

  /**
   * The failed deployment behind a rollback event: the event's own deployment when ECS shows it
   * FAILED, else the newest non-PRIMARY deployment other than the one rolled back to, FAILED first.
   */
  public static Optional<Deployment> failedDeployment(
      ServiceSnapshot service, String eventDeploymentId, String restoredId) {
    Optional<Deployment> named = service.deployment(eventDeploymentId);
    if (named.isPresent() && named.get().rolloutIs("FAILED")) {
      return named;
    }
    Comparator<Deployment> newest =
        Comparator.comparing(
            Deployment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()));
    return service.deployments().stream()
        .filter(d -> !d.isPrimary())
        .filter(d -> restoredId == null || !restoredId.equals(d.id()))
        .filter(d -> !"INACTIVE".equals(d.status()))
        .max(Comparator.comparing((Deployment d) -> d.rolloutIs("FAILED")).thenComparing(newest));
  }

  /**
   * The deployment serving after {@code failedId} failed: the PRIMARY when it is rolling back, or
   * when the service rolls back on failure and the PRIMARY is another deployment.
   */
  static Optional<Deployment> restoredDeployment(
      ServiceSnapshot service, String failedId, String restoredId) {
    if (restoredId != null) {
      Optional<Deployment> named = service.deployment(restoredId);
      if (named.isPresent() && !named.get().id().equals(failedId)) {
        return named;
      }
    }
    Optional<Deployment> primary = service.primary().filter(p -> !p.id().equals(failedId));
    if (primary.isEmpty()) {
      return Optional.empty();
    }
    boolean rollingBack = rolledBackTo(primary.get().rolloutStateReason()) != null;
    if (rollingBack
        || restoredId != null
        || Boolean.TRUE.equals(service.circuitBreakerRollback())) {
      return primary;
    }
    return Optional.empty();
  }
}
