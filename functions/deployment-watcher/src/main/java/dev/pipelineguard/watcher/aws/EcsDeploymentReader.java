package dev.pipelineguard.watcher.aws;

import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.aws.AwsErrors;
import dev.pipelineguard.watcher.evidence.Deployment;
import dev.pipelineguard.watcher.evidence.DeploymentReader;
import dev.pipelineguard.watcher.evidence.EcsReadException;
import dev.pipelineguard.watcher.evidence.EvidenceCollector;
import dev.pipelineguard.watcher.evidence.ServiceDeploymentInfo;
import dev.pipelineguard.watcher.evidence.ServiceSnapshot;
import dev.pipelineguard.watcher.evidence.StoppedTask;
import dev.pipelineguard.watcher.evidence.TaskDefinitionInfo;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * {@link DeploymentReader} on the ECS API. Maps SDK shapes to the watcher's records and SDK
 * failures (after the SDK's own retries) to {@link EcsReadException}, whose message quotes the
 * error code, never the error message (which may quote the request).
 */
public final class EcsDeploymentReader implements DeploymentReader {
  static final int PAGE = 100;

  /** A service deployment and the rolling-update deployment it drives are created together. */
  static final Duration MATCH_WINDOW = Duration.ofMinutes(10);

  private static final Set<String> ROLLBACK_STATES =
      Set.of(
          "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED");

  private final EcsClient ecs;

  public EcsDeploymentReader(EcsClient ecs) {
    this.ecs = ecs;
  }

  @Override
  public ServiceSnapshot describeService(String cluster, String service) {
    List<ServiceSnapshot> found = describeServices(cluster, List.of(service));
    if (found.isEmpty()) {
      throw new EcsReadException(
          "DescribeServices",
          "MISSING (service " + OutsideText.quote(service) + " not found)",
          false,
          null);
    }
    return found.get(0);
  }

  @Override
  public List<String> listServices(String cluster, int max, BooleanSupplier timeLeft) {
    List<String> arns = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var page =
          call(
              "ListServices",
              () -> ecs.listServices(b -> b.cluster(cluster).maxResults(PAGE).nextToken(next)));
      arns.addAll(page.serviceArns());
      token = page.nextToken();
    } while (token != null && arns.size() < max && timeLeft.getAsBoolean());
    return arns.size() > max ? List.copyOf(arns.subList(0, max)) : arns;
  }

  @Override
  public List<ServiceSnapshot> describeServices(String cluster, List<String> services) {
    DescribeServicesResponse response =
        call(
            "DescribeServices",
            () -> ecs.describeServices(b -> b.cluster(cluster).services(services)));
    List<ServiceSnapshot> out = new ArrayList<>();
    for (Service s : response.services()) {
      out.add(snapshot(s));
    }
    return out;
  }

  private static ServiceSnapshot snapshot(Service s) {
    List<Deployment> deployments = new ArrayList<>();
    for (var d : s.deployments()) {
      deployments.add(
          new Deployment(
              d.id(),
              d.status(),
              d.taskDefinition(),
              d.rolloutStateAsString(),
              d.rolloutStateReason(),
              d.createdAt(),
              d.desiredCount(),
              d.runningCount(),
              d.failedTasks()));
    }
    List<ServiceSnapshot.Event> events = new ArrayList<>();
    for (var e : s.events()) {
      events.add(new ServiceSnapshot.Event(e.createdAt(), e.message()));
    }
    var breaker =
        s.deploymentConfiguration() == null
            ? null
            : s.deploymentConfiguration().deploymentCircuitBreaker();
    return new ServiceSnapshot(
        s.serviceArn(),
        s.serviceName(),
        deployments,
        events,
        breaker == null ? null : breaker.enable(),
        breaker == null ? null : breaker.rollback(),
        s.currentServiceDeployment());
  }

  @Override
  public ServiceDeploymentLookup serviceDeployment(
      String cluster,
      String service,
      String currentServiceDeploymentArn,
      Instant createdAt,
      BooleanSupplier timeLeft) {
    String arn;
    try {
      ListServiceDeploymentsResponse page =
          ecs.listServiceDeployments(
              b -> {
                b.cluster(cluster).service(service).maxResults(20);
                if (createdAt != null) {
                  b.createdAt(
                      c ->
                          c.after(createdAt.minus(MATCH_WINDOW))
                              .before(createdAt.plus(MATCH_WINDOW)));
                }
              });
      arn = closest(page.serviceDeployments(), createdAt);
    } catch (SdkException | UncheckedIOException e) {
      if (AwsErrors.isThrottling(e) || currentServiceDeploymentArn == null) {
        return new ServiceDeploymentLookup(
            null,
            "ListServiceDeployments failed: "
                + code(e)
                + ": circuit breaker count and threshold were not read");
      }
      arn = null;
    }
    if (arn == null) {
      arn = currentServiceDeploymentArn;
    }
    if (arn == null) {
      return new ServiceDeploymentLookup(
          null,
          "no service deployment matches this deployment "
              + "(services deployed before 2024-10-25 have none): circuit breaker threshold not read");
    }
    if (!timeLeft.getAsBoolean()) {
      return new ServiceDeploymentLookup(
          null,
          EvidenceCollector.OUT_OF_TIME
              + "DescribeServiceDeployments: "
              + "circuit breaker count and threshold");
    }
    String chosen = arn;
    DescribeServiceDeploymentsResponse described;
    try {
      described = ecs.describeServiceDeployments(b -> b.serviceDeploymentArns(chosen));
    } catch (SdkException | UncheckedIOException e) {
      return new ServiceDeploymentLookup(
          null,
          "DescribeServiceDeployments failed: "
              + code(e)
              + ": circuit breaker count and threshold were not read");
    }
    if (described.serviceDeployments().isEmpty()) {
      String reason =
          described.failures().isEmpty()
              ? "no answer"
              : OutsideText.quote(described.failures().get(0).reason(), 200);
      return new ServiceDeploymentLookup(
          null,
          "service deployment "
              + reason
              + " (deployments before 2024-10-25 have no record): circuit breaker threshold not read");
    }
    ServiceDeployment d = described.serviceDeployments().get(0);
    var breaker = d.deploymentCircuitBreaker();
    return new ServiceDeploymentLookup(
        new ServiceDeploymentInfo(
            breaker == null ? null : breaker.statusAsString(),
            breaker == null ? null : breaker.failureCount(),
            breaker == null ? null : breaker.threshold()),
        null);
  }

  /**
   * The service deployment created nearest {@code createdAt} (rollbacks first), within the window.
   */
  static String closest(List<ServiceDeploymentBrief> briefs, Instant createdAt) {
    Comparator<ServiceDeploymentBrief> byRollback =
        Comparator.comparing(b -> !ROLLBACK_STATES.contains(b.statusAsString()));
    Comparator<ServiceDeploymentBrief> byDistance =
        Comparator.comparing(
            b ->
                b.createdAt() == null || createdAt == null
                    ? Duration.ofDays(365)
                    : Duration.between(b.createdAt(), createdAt).abs());
    return briefs.stream()
        .filter(
            b ->
                createdAt == null
                    || b.createdAt() == null
                    || Duration.between(b.createdAt(), createdAt).abs().compareTo(MATCH_WINDOW)
                        <= 0)
        .min(byDistance.thenComparing(byRollback))
        .map(ServiceDeploymentBrief::serviceDeploymentArn)
        .orElse(null);
  }

  @Override
  public StoppedTasks stoppedTasks(
      String cluster, String service, String deploymentId, int max, BooleanSupplier timeLeft) {
    List<String> notes = new ArrayList<>();
    Listed listed = null;
    try {
      // startedBy is documented as an exclusive filter; with desiredStatus it is accepted in
      // practice, and answered with InvalidParameterException where it is not.
      listed =
          listTaskArns(
              b -> b.cluster(cluster).startedBy(deploymentId).desiredStatus(DesiredStatus.STOPPED),
              max,
              timeLeft);
    } catch (EcsReadException e) {
      if (!(e.getCause() instanceof InvalidParameterException)) {
        throw e;
      }
      notes.add(
          "ListTasks refused startedBy with desiredStatus; listed the service's stopped tasks instead");
    }
    boolean byService = listed == null;
    if (listed != null && listed.arns().isEmpty()) {
      notes.add("no stopped task listed by startedBy; listed the service's stopped tasks instead");
      byService = true;
    }
    if (byService && !timeLeft.getAsBoolean()) {
      notes.add("out of time before listing the service's stopped tasks");
      return new StoppedTasks(List.of(), true, notes);
    }
    if (byService) {
      listed =
          listTaskArns(
              b -> b.cluster(cluster).serviceName(service).desiredStatus(DesiredStatus.STOPPED),
              max,
              timeLeft);
    }
    List<StoppedTask> tasks = new ArrayList<>();
    int missing = 0;
    boolean truncated = listed.truncated();
    List<String> arns = listed.arns();
    for (int i = 0; i < arns.size(); i += PAGE) {
      if (!timeLeft.getAsBoolean()) {
        notes.add("out of time after describing " + i + " of " + arns.size() + " listed tasks");
        truncated = true;
        break;
      }
      List<String> batch = arns.subList(i, Math.min(i + PAGE, arns.size()));
      DescribeTasksResponse described =
          call("DescribeTasks", () -> ecs.describeTasks(b -> b.cluster(cluster).tasks(batch)));
      missing += described.failures().size();
      for (Task t : described.tasks()) {
        // Listed by service: keep the deployment's own tasks. Listed by startedBy: trust ECS's
        // filter.
        if (deploymentId.equals(t.startedBy()) || (!byService && t.startedBy() == null)) {
          tasks.add(task(t));
        }
      }
    }
    if (missing > 0) {
      notes.add(
          missing
              + " listed tasks were no longer described (stopped tasks expire after about an hour)");
    }
    return new StoppedTasks(tasks, truncated, notes);
  }

  private record Listed(List<String> arns, boolean truncated) {}

  /** The first page always; each further page only if {@code timeLeft} (else truncated). */
  private Listed listTaskArns(
      Consumer<ListTasksRequest.Builder> filter, int max, BooleanSupplier timeLeft) {
    List<String> arns = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListTasksResponse page =
          call(
              "ListTasks",
              () ->
                  ecs.listTasks(
                      b -> {
                        filter.accept(b);
                        b.maxResults(PAGE).nextToken(next);
                      }));
      arns.addAll(page.taskArns());
      token = page.nextToken();
    } while (token != null && arns.size() < max && timeLeft.getAsBoolean());
    boolean truncated = token != null || arns.size() > max;
    return new Listed(arns.size() > max ? List.copyOf(arns.subList(0, max)) : arns, truncated);
  }

  private static StoppedTask task(Task t) {
    List<StoppedTask.ContainerState> containers = new ArrayList<>();
    for (var c : t.containers()) {
      containers.add(
          new StoppedTask.ContainerState(
              c.name(), c.image(), c.exitCode(), c.reason(), c.healthStatusAsString()));
    }
    Instant stoppedAt =
        t.stoppedAt() != null
            ? t.stoppedAt()
            : t.executionStoppedAt() != null ? t.executionStoppedAt() : t.stoppingAt();
    return new StoppedTask(
        t.taskArn(),
        t.taskDefinitionArn(),
        t.stopCodeAsString(),
        t.stoppedReason(),
        stoppedAt,
        containers);
  }

  @Override
  public TaskDefinitionInfo taskDefinition(String taskDefinition) {
    TaskDefinition td =
        call(
                "DescribeTaskDefinition",
                () -> ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinition)))
            .taskDefinition();
    List<TaskDefinitionInfo.ContainerSpec> containers = new ArrayList<>();
    for (ContainerDefinition c : td.containerDefinitions()) {
      String logGroup =
          c.logConfiguration() == null
                  || !"awslogs".equals(c.logConfiguration().logDriverAsString())
              ? null
              : c.logConfiguration().options().get("awslogs-group");
      List<String> secrets = new ArrayList<>();
      c.secrets().forEach(s -> secrets.add(s.valueFrom()));
      containers.add(
          new TaskDefinitionInfo.ContainerSpec(c.image(), c.essential(), logGroup, secrets));
    }
    return new TaskDefinitionInfo(td.taskDefinitionArn(), td.family(), td.revision(), containers);
  }

  private static <T> T call(String operation, java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException | UncheckedIOException e) {
      throw new EcsReadException(operation, code(e), AwsErrors.isThrottling(e), e);
    }
  }

  /**
   * The AWS error code (quoted: it is what the endpoint answered), or which client-side failure.
   * The url-connection client of SDK 2.40.2 lets some I/O failures (a reset while connecting) out
   * as UncheckedIOException, unretried (aws-sdk-java-v2 #7347 fixes that later): those are no
   * answer either.
   */
  private static String code(RuntimeException e) {
    String code = AwsErrors.code(e);
    if (code != null) {
      return OutsideText.quote(code, 100);
    }
    return AwsErrors.isNoAnswer(e)
        ? "no answer (" + AwsErrors.unwrap(e).getClass().getSimpleName() + ")"
        : e.getClass().getSimpleName();
  }
}
