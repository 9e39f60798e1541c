package dev.pipelineguard.watcher.evidence;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The ECS reads behind a report. Implementations throw {@link EcsReadException} when a call fails
 * after retries; the collector turns that into a gap in the report, not a lost report.
 */
public interface DeploymentReader {

  /** DescribeServices for one service. */
  ServiceSnapshot describeService(String cluster, String service);

  /**
   * ListServices (paginated) up to {@code max} service ARNs; each page after the first only if
   * {@code timeLeft}.
   */
  List<String> listServices(String cluster, int max, BooleanSupplier timeLeft);

  /** DescribeServices for up to 10 services at a time; missing services are left out. */
  List<ServiceSnapshot> describeServices(String cluster, List<String> services);

  /**
   * The service deployment (ListServiceDeployments / DescribeServiceDeployments) that matches the
   * rolling-update deployment created at {@code createdAt}; the second call only if {@code
   * timeLeft}.
   */
  ServiceDeploymentLookup serviceDeployment(
      String cluster,
      String service,
      String currentServiceDeploymentArn,
      Instant createdAt,
      BooleanSupplier timeLeft);

  /**
   * STOPPED tasks whose {@code startedBy} is {@code deploymentId}: ListTasks (paginated) and
   * DescribeTasks in batches of 100, at most {@code max} tasks. Each call after the first is made
   * only if {@code timeLeft}; otherwise what was read so far is returned, truncated.
   */
  StoppedTasks stoppedTasks(
      String cluster, String service, String deploymentId, int max, BooleanSupplier timeLeft);

  /** DescribeTaskDefinition. */
  TaskDefinitionInfo taskDefinition(String taskDefinition);

  /**
   * A service deployment, or why there is none ({@code note}, e.g. MISSING for old deployments).
   */
  record ServiceDeploymentLookup(ServiceDeploymentInfo deployment, String note) {}

  /** Stopped tasks read, whether more were left unread, and notes on how they were found. */
  record StoppedTasks(List<StoppedTask> tasks, boolean truncated, List<String> notes) {
    public StoppedTasks {
      tasks = List.copyOf(tasks);
      notes = List.copyOf(notes);
    }
  }
}
