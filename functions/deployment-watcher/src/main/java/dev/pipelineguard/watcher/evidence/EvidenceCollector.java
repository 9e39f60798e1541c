package dev.pipelineguard.watcher.evidence;

import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.OutsideText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Gathers the evidence for one incident at once: DescribeServices, the service deployment, the
 * stopped tasks started by the deployment and both task definitions. Each read that fails becomes a
 * gap in the evidence; the report is still made. Calls: at most 2 x ceil(tasks / 100) + 7. A gap is
 * our sentence around quoted pieces ({@link OutsideText}): the reader's exceptions quote their
 * error codes, the names are quoted here.
 */
public final class EvidenceCollector {
  static final int MAX_TASKS = 1000;
  public static final String OUT_OF_TIME = "not read, to publish before the function times out: ";

  private final DeploymentReader ecs;
  private final ExecutionLookup executions;
  private final Log log;

  public EvidenceCollector(DeploymentReader ecs, ExecutionLookup executions, Log log) {
    this.ecs = ecs;
    this.executions = executions;
    this.log = log;
  }

  /**
   * @param known a DescribeServices answer already read for this incident, or null
   * @param timeLeft whether there is still time for another read (and then to publish)
   */
  public Evidence collect(Incident incident, ServiceSnapshot known, BooleanSupplier timeLeft) {
    List<String> gaps = new ArrayList<>();
    ServiceSnapshot service = known;
    if (service == null) {
      try {
        service = ecs.describeService(incident.cluster(), incident.service());
      } catch (EcsReadException e) {
        gaps.add(e.getMessage() + ": deployments and service events were not read");
      }
    }

    Deployment failed = null;
    Deployment restored = null;
    String restoredId = incident.restoredDeploymentId();
    if (service != null) {
      failed = service.deployment(incident.deploymentId()).orElse(null);
      if (failed == null) {
        gaps.add(
            "DescribeServices no longer lists deployment "
                + OutsideText.quote(incident.deploymentId()));
      }
      if (incident.kind() == Incident.Kind.ROLLBACK) {
        String named =
            restoredId != null
                ? restoredId
                : service
                    .primary()
                    .map(p -> Rollbacks.rolledBackTo(p.rolloutStateReason()))
                    .orElse(null);
        restored =
            Rollbacks.restoredDeployment(service, incident.deploymentId(), named).orElse(null);
        restoredId = named != null ? named : restored == null ? null : restored.id();
      }
    }

    ServiceDeploymentInfo serviceDeployment = null;
    if (!timeLeft.getAsBoolean()) {
      gaps.add(OUT_OF_TIME + "the service deployment, stopped tasks and task definitions");
      return new Evidence(
          service, failed, restored, restoredId, null, null, null, List.of(), false, null, gaps);
    }
    try {
      DeploymentReader.ServiceDeploymentLookup lookup =
          ecs.serviceDeployment(
              incident.cluster(),
              incident.service(),
              service == null ? null : service.currentServiceDeployment(),
              failed != null && failed.createdAt() != null
                  ? failed.createdAt()
                  : incident.eventTime(),
              timeLeft);
      serviceDeployment = lookup.deployment();
      if (lookup.note() != null) {
        gaps.add(lookup.note());
      }
    } catch (EcsReadException e) {
      gaps.add(e.getMessage() + ": circuit breaker count and threshold were not read");
    }

    List<StoppedTask> tasks = List.of();
    boolean truncated = false;
    if (!timeLeft.getAsBoolean()) {
      gaps.add(OUT_OF_TIME + "the stopped tasks and task definitions");
      return new Evidence(
          service,
          failed,
          restored,
          restoredId,
          null,
          null,
          serviceDeployment,
          tasks,
          false,
          null,
          gaps);
    }
    try {
      DeploymentReader.StoppedTasks read =
          ecs.stoppedTasks(
              incident.cluster(), incident.service(), incident.deploymentId(), MAX_TASKS, timeLeft);
      tasks = read.tasks();
      truncated = read.truncated();
      if (truncated) {
        gaps.add("only the first " + tasks.size() + " stopped tasks were read");
      }
      for (String note : read.notes()) {
        log.info(
            "stopped_tasks_note",
            "deploymentId",
            OutsideText.quote(incident.deploymentId()),
            "note",
            note);
      }
    } catch (EcsReadException e) {
      gaps.add(e.getMessage() + ": the stopped tasks were not read, so the cause may be unknown");
    }

    if (!timeLeft.getAsBoolean()) {
      gaps.add(OUT_OF_TIME + "the task definitions");
      return new Evidence(
          service,
          failed,
          restored,
          restoredId,
          null,
          null,
          serviceDeployment,
          tasks,
          truncated,
          null,
          gaps);
    }
    String failedTdArn =
        failed != null
            ? failed.taskDefinition()
            : tasks.stream()
                .map(StoppedTask::taskDefinitionArn)
                .filter(a -> a != null)
                .findFirst()
                .orElse(null);
    TaskDefinitionInfo failedTd = taskDefinition(failedTdArn, gaps);
    TaskDefinitionInfo restoredTd = null;
    if (restored != null && restored.taskDefinition() != null) {
      if (restored.taskDefinition().equals(failedTdArn)) {
        restoredTd = failedTd;
      } else if (!timeLeft.getAsBoolean()) {
        gaps.add(OUT_OF_TIME + "the restored task definition");
      } else {
        restoredTd = taskDefinition(restored.taskDefinition(), gaps);
      }
    }

    PipelineExecution execution = null;
    if (executions != null && !timeLeft.getAsBoolean()) {
      gaps.add(OUT_OF_TIME + "the pipeline execution");
    } else if (executions != null) {
      List<String> images = failedTd != null ? failedTd.images() : StoppedTask.images(tasks);
      try {
        Optional<PipelineExecution> found = executions.find(images);
        execution = found.orElse(null);
      } catch (ExecutionLookup.LookupException e) {
        gaps.add(e.getMessage() + ": the pipeline execution was not linked");
      }
    }
    return new Evidence(
        service,
        failed,
        restored,
        restoredId,
        failedTd,
        restoredTd,
        serviceDeployment,
        tasks,
        truncated,
        execution,
        gaps);
  }

  private TaskDefinitionInfo taskDefinition(String arn, List<String> gaps) {
    if (arn == null) {
      return null;
    }
    try {
      return ecs.taskDefinition(arn);
    } catch (EcsReadException e) {
      gaps.add(
          e.getMessage()
              + " for "
              + OutsideText.quote(TaskDefinitions.shortName(arn))
              + ": its images were not read");
      return null;
    }
  }
}
