package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.blockkit.SlackMessage.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECS Deployment State Change (started, completed, failed, circuit-breaker rollback), ECS Service
 * Action warnings and errors, and ECS Task State Change (a task that stopped for a failure; routine
 * transitions are {@code info}). ECS can send SERVICE_DEPLOYMENT_* under both detail types: only
 * the Deployment State Change is posted, so one failure is one message.
 */
final class EcsEvents {
  static final String DEPLOYMENT = "ECS Deployment State Change";
  static final String SERVICE_ACTION = "ECS Service Action";
  static final String TASK = "ECS Task State Change";

  /** Stop codes of a task that stopped because something failed (botocore TaskStopCode). */
  private static final Set<String> FAILED_STOPS =
      Set.of("TaskFailedToStart", "EssentialContainerExited");

  private static final int MAX_CONTAINERS = 10;

  /**
   * "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/123." names the target.
   */
  private static final Pattern ROLLBACK_TARGET =
      Pattern.compile(
          "rolling back to (?:deploymentId|deployment)\\s+([A-Za-z0-9/_.-]*[A-Za-z0-9])",
          Pattern.CASE_INSENSITIVE);

  /** What an operator should make of a Service Action event, and where to look. */
  private record Explanation(String title, String hint) {}

  private static final Map<String, Explanation> SERVICE_ACTIONS =
      Map.ofEntries(
          Map.entry(
              "SERVICE_TASK_START_IMPAIRED",
              new Explanation(
                  "Tasks keep failing to start",
                  "ECS cannot start tasks of this service consistently. The stopped tasks name the reason: "
                      + "usually an image that cannot be pulled, an unreadable secret, the log configuration "
                      + "or failing health checks.")),
          Map.entry(
              "SERVICE_TASK_PLACEMENT_FAILURE",
              new Explanation(
                  "Tasks cannot be placed",
                  "ECS found no capacity for the service's tasks (the reason names the missing resource).")),
          Map.entry(
              "SERVICE_TASK_CONFIGURATION_FAILURE",
              new Explanation(
                  "Task configuration failure",
                  "ECS could not start tasks with this configuration, e.g. a tag or network setting it rejects.")),
          Map.entry(
              "SERVICE_DISCOVERY_INSTANCE_UNHEALTHY",
              new Explanation(
                  "Service discovery reports an unhealthy task",
                  "Cloud Map health checks fail for a task of this service.")),
          Map.entry(
              "VPC_LATTICE_TARGET_UNHEALTHY",
              new Explanation(
                  "VPC Lattice reports an unhealthy target",
                  "VPC Lattice health checks fail for a task of this service.")),
          Map.entry(
              "SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED",
              new Explanation(
                  "Daemon placement constraint violated",
                  "A daemon task cannot run where its constraints require.")),
          Map.entry(
              "ECS_OPERATION_THROTTLED",
              new Explanation(
                  "ECS throttled the service scheduler",
                  "ECS API limits slow down this service's deployments and scaling.")),
          Map.entry(
              "SERVICE_DISCOVERY_OPERATION_THROTTLED",
              new Explanation(
                  "Cloud Map throttled the service scheduler",
                  "Cloud Map API limits slow down task registration.")),
          Map.entry("SERVICE_STEADY_STATE", new Explanation("Service in steady state", null)),
          Map.entry("TASKSET_STEADY_STATE", new Explanation("Task set in steady state", null)),
          Map.entry(
              "CAPACITY_PROVIDER_STEADY_STATE",
              new Explanation("Capacity provider in steady state", null)),
          Map.entry(
              "SERVICE_DESIRED_COUNT_UPDATED", new Explanation("Desired count updated", null)),
          Map.entry("TASKS_STOPPED", new Explanation("Tasks stopped", null)));

  private EcsEvents() {}

  static boolean handles(String detailType) {
    return DEPLOYMENT.equals(detailType)
        || SERVICE_ACTION.equals(detailType)
        || TASK.equals(detailType);
  }

  /** Where the service is: from the service ARN in resources, the cluster also from clusterArn. */
  private static final class Service {
    final String arn;
    final String cluster;
    final String name;
    final String region;

    Service(Json body) {
      String found = null;
      for (String resource : body.get("resources").texts()) {
        if (resource.contains(":service/")) {
          found = resource;
          break;
        }
      }
      this.arn = found;
      String[] parts = Facts.clusterAndService(found);
      this.cluster =
          Facts.first(parts[0], Facts.lastSegment(Facts.text(body.path("detail", "clusterArn"))));
      this.name = parts[1];
      this.region = Facts.text(body.get("region"));
    }

    String label() {
      return Facts.orDefault(name, "unknown service");
    }

    String deploymentsUrl() {
      return region == null || cluster == null || name == null
          ? null
          : AwsConsole.ecsService(region, cluster, name);
    }

    String stoppedTasksUrl() {
      return region == null || cluster == null || name == null
          ? null
          : AwsConsole.ecsStoppedTasks(region, cluster, name);
    }

    List<String> routeKeys() {
      List<String> keys = new ArrayList<>();
      if (name != null) {
        if (cluster != null) {
          keys.add("service:" + cluster + "/" + name);
        }
        keys.add("service:" + name);
      }
      return keys;
    }

    List<Field> fields() {
      List<Field> fields = new ArrayList<>();
      fields.add(Field.of("Service", Mrkdwn.link(deploymentsUrl(), label())));
      fields.add(Field.of("Cluster", Mrkdwn.line(cluster, 200)));
      return fields;
    }
  }

  static Notice read(Json body, String detailType, FormatContext context) {
    if (TASK.equals(detailType)) {
      return task(body, context);
    }
    return DEPLOYMENT.equals(detailType) ? deployment(body, context) : serviceAction(body, context);
  }

  // ---------------------------------------------------------------------------------------------

  private static Notice deployment(Json body, FormatContext context) {
    Json detail = body.get("detail");
    Service service = new Service(body);
    String eventName = Facts.upper(detail.get("eventName").text());
    String deploymentId = Facts.text(detail.get("deploymentId"));
    String reason = Facts.text(detail.get("reason"));
    String rollbackTarget = rollbackTarget(reason);
    Notice notice;
    switch (eventName) {
      case "SERVICE_DEPLOYMENT_IN_PROGRESS":
        if (rollbackTarget != null
            || (reason != null
                && reason.toLowerCase(Locale.ROOT).contains("circuit breaker: rolling back"))) {
          notice =
              Notice.post(
                  "ecs.deployment.rollback-started",
                  Category.ROLLBACK,
                  found ->
                      renderRollback(body, context, service, deploymentId, reason, rollbackTarget));
        } else {
          notice =
              Notice.post(
                  "ecs.deployment.in-progress",
                  Category.STARTED,
                  found ->
                      renderDeployment(
                          body,
                          context,
                          service,
                          Severity.INFO,
                          ":arrow_forward:",
                          "Deployment started",
                          deploymentId,
                          reason,
                          false));
        }
        break;
      case "SERVICE_DEPLOYMENT_COMPLETED":
        notice =
            Notice.post(
                "ecs.deployment.completed",
                Category.SUCCESS,
                found ->
                    renderDeployment(
                        body,
                        context,
                        service,
                        Severity.SUCCESS,
                        ":large_green_circle:",
                        "Deployment completed",
                        deploymentId,
                        reason,
                        false));
        break;
      case "SERVICE_DEPLOYMENT_FAILED":
        notice =
            Notice.post(
                "ecs.deployment.failed",
                Category.FAILURE,
                found ->
                    renderDeployment(
                        body,
                        context,
                        service,
                        Severity.FAILURE,
                        ":red_circle:",
                        "Deployment failed",
                        deploymentId,
                        reason,
                        true));
        break;
      default:
        String title = eventName.isEmpty() ? "ECS deployment event" : Facts.humanize(eventName);
        notice =
            Notice.post(
                "ecs.deployment.other",
                Category.INFO,
                found ->
                    renderDeployment(
                        body,
                        context,
                        service,
                        Severity.INFO,
                        ":large_blue_circle:",
                        title,
                        deploymentId,
                        reason,
                        false));
    }
    List<String> dedupe =
        service.arn == null || deploymentId == null
            ? List.of()
            : List.of(
                "ecs-deployment/"
                    + service.arn
                    + "/"
                    + deploymentId
                    + "/"
                    + eventName
                    + "/"
                    + Facts.orDefault(Facts.shortId(reason, 120), "-"));
    return notice.routes(service.routeKeys()).dedupe(dedupe);
  }

  static String rollbackTarget(String reason) {
    if (reason == null) {
      return null;
    }
    Matcher m = ROLLBACK_TARGET.matcher(reason);
    return m.find() ? m.group(1) : null;
  }

  private static SlackMessage renderDeployment(
      Json body,
      FormatContext context,
      Service service,
      Severity severity,
      String emoji,
      String what,
      String deploymentId,
      String reason,
      boolean failed) {
    Json detail = body.get("detail");
    SlackMessage.Builder message =
        SlackMessage.builder(severity)
            .title(emoji, what + ": " + service.label())
            .fallback(what + ": " + service.label() + (reason == null ? "" : " — " + reason));
    List<Field> fields = service.fields();
    fields.add(Field.of("Deployment", Mrkdwn.code(deploymentId, 100)));
    fields.add(Field.of("At", Mrkdwn.line(Facts.utc(Facts.text(detail.get("updatedAt"))))));
    message.fields(fields);
    if (failed) {
      message.section(
          Mrkdwn.markup("*Why:* ")
              .then(Mrkdwn.text(Facts.orDefault(reason, "ECS did not give a reason."), 1500)));
      message.section(
          Mrkdwn.markup(":mag: The stopped tasks name the cause: ")
              .then(Mrkdwn.link(service.stoppedTasksUrl(), "stopped tasks"))
              .then("."));
    } else if (reason != null) {
      message.context(List.of(Mrkdwn.text(reason, 600)));
    }
    message.footer(
        Facts.footer(
            context,
            service.region,
            Facts.text(body.get("account")),
            Facts.text(body.get("time")),
            List.of()));
    return message.build();
  }

  private static SlackMessage renderRollback(
      Json body,
      FormatContext context,
      Service service,
      String deploymentId,
      String reason,
      String target) {
    Json detail = body.get("detail");
    SlackMessage.Builder message =
        SlackMessage.builder(Severity.WARNING)
            .title(":rewind:", "Rolling back: " + service.label())
            .fallback(
                "Rolling back: "
                    + service.label()
                    + (target == null ? "" : " to " + target)
                    + " after the circuit breaker failed the deployment");
    Mrkdwn explanation =
        Mrkdwn.markup(
            "The deployment circuit breaker failed the new deployment; "
                + "ECS is returning the service to ");
    explanation =
        target == null
            ? explanation.then("its last completed deployment.")
            : explanation.then(Mrkdwn.code(target, 100)).then(".");
    message.section(explanation);
    List<Field> fields = service.fields();
    fields.add(Field.of("Rolling back to", Mrkdwn.code(target, 100)));
    if (deploymentId != null && !deploymentId.equals(target)) {
      fields.add(Field.of("Deployment", Mrkdwn.code(deploymentId, 100)));
    }
    fields.add(Field.of("At", Mrkdwn.line(Facts.utc(Facts.text(detail.get("updatedAt"))))));
    message.fields(fields);
    message.section(
        Mrkdwn.markup(":mag: The stopped tasks name the cause: ")
            .then(Mrkdwn.link(service.stoppedTasksUrl(), "stopped tasks"))
            .then("."));
    if (reason != null && target == null) {
      message.context(List.of(Mrkdwn.text(reason, 600)));
    }
    message.footer(
        Facts.footer(
            context,
            service.region,
            Facts.text(body.get("account")),
            Facts.text(body.get("time")),
            List.of()));
    return message.build();
  }

  // ---------------------------------------------------------------------------------------------

  private static Notice serviceAction(Json body, FormatContext context) {
    Json detail = body.get("detail");
    String eventName = Facts.upper(detail.get("eventName").text());
    if (eventName.startsWith("SERVICE_DEPLOYMENT_")) {
      return Notice.skip(
          "ecs.service-action.deployment",
          "ECS sends "
              + eventName
              + " also as an ECS Deployment State Change event; that one is posted");
    }
    String eventType = Facts.upper(detail.get("eventType").text());
    Service service = new Service(body);
    Severity severity;
    Category category;
    String emoji;
    switch (eventType) {
      case "ERROR":
        severity = Severity.FAILURE;
        category = Category.FAILURE;
        emoji = ":red_circle:";
        break;
      case "WARN":
        severity = Severity.WARNING;
        category = Category.WARNING;
        emoji = ":warning:";
        break;
      default:
        severity = Severity.INFO;
        category = Category.INFO;
        emoji = ":large_blue_circle:";
    }
    String kind =
        "ecs.service-action."
            + (eventName.isEmpty()
                ? "unknown"
                : eventName.toLowerCase(Locale.ROOT).replace('_', '-'));
    return Notice.post(
            kind,
            category,
            found ->
                renderServiceAction(body, context, service, severity, emoji, eventName, eventType))
        .routes(service.routeKeys());
  }

  private static SlackMessage renderServiceAction(
      Json body,
      FormatContext context,
      Service service,
      Severity severity,
      String emoji,
      String eventName,
      String eventType) {
    Json detail = body.get("detail");
    Explanation explanation =
        SERVICE_ACTIONS.getOrDefault(
            eventName,
            new Explanation(
                eventName.isEmpty() ? "ECS service event" : Facts.humanize(eventName), null));
    String reason = Facts.text(detail.get("reason"));
    SlackMessage.Builder message =
        SlackMessage.builder(severity)
            .title(emoji, explanation.title() + ": " + service.label())
            .fallback(
                explanation.title()
                    + ": "
                    + service.label()
                    + (reason == null ? "" : " — " + reason));
    if (explanation.hint() != null) {
      message.section(Mrkdwn.markup(explanation.hint()));
    }
    List<Field> fields = service.fields();
    fields.add(
        Field.of(
            "Event",
            Mrkdwn.code(eventName, 100)
                .then(
                    eventType.isEmpty()
                        ? ""
                        : " ("
                            + (eventType.equals("WARN")
                                ? "warning"
                                : eventType.toLowerCase(Locale.ROOT))
                            + ")")));
    fields.add(Field.of("Reason", Mrkdwn.text(reason, 1000)));
    List<String> providers = new ArrayList<>();
    for (String arn : detail.get("capacityProviderArns").texts()) {
      providers.add(Facts.lastSegment(arn));
    }
    fields.add(Field.of("Capacity providers", Mrkdwn.line(String.join(", ", providers), 300)));
    fields.add(Field.of("At", Mrkdwn.line(Facts.utc(Facts.text(detail.get("createdAt"))))));
    message.fields(fields);
    if (severity != Severity.INFO) {
      message.context(
          List.of(
              Mrkdwn.linkIfSafe(service.stoppedTasksUrl(), ":mag: Stopped tasks"),
              Mrkdwn.linkIfSafe(service.deploymentsUrl(), "Deployments")));
    }
    message.footer(
        Facts.footer(
            context,
            service.region,
            Facts.text(body.get("account")),
            Facts.text(body.get("time")),
            List.of()));
    return message.build();
  }

  // ---------------------------------------------------------------------------------------------
  // ECS Task State Change

  /** What a task event says about the task: where it runs, which service, how it stopped. */
  private record Task(
      String arn,
      String id,
      String cluster,
      String region,
      String group,
      String service,
      String lastStatus,
      String desiredStatus,
      String stopCode,
      String stoppedReason,
      String taskDefinition,
      String startedBy,
      Json containers) {

    static Task of(Json body) {
      Json d = body.get("detail");
      String arn = Facts.first(Facts.text(d.get("taskArn")), first(body.get("resources").texts()));
      String group = Facts.text(d.get("group"));
      String service =
          group != null && group.startsWith("service:") ? Facts.clean(group.substring(8)) : null;
      return new Task(
          arn,
          Facts.lastSegment(arn),
          Facts.lastSegment(Facts.text(d.get("clusterArn"))),
          Facts.text(body.get("region")),
          group,
          service,
          Facts.upper(d.get("lastStatus").text()),
          Facts.upper(d.get("desiredStatus").text()),
          Facts.text(d.get("stopCode")),
          Facts.text(d.get("stoppedReason")),
          Facts.text(d.get("taskDefinitionArn")),
          Facts.text(d.get("startedBy")),
          d.get("containers"));
    }

    private static String first(List<String> values) {
      return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Stopped for a failure: failed to start, an essential container exited, health checks; not a
     * user, Spot or scaling.
     */
    boolean stoppedByFailure() {
      if (!"STOPPED".equals(lastStatus)) {
        return false;
      }
      if (stopCode != null) {
        return FAILED_STOPS.contains(stopCode)
            || ("ServiceSchedulerInitiated".equals(stopCode)
                && stoppedReason != null
                && stoppedReason.toLowerCase(Locale.ROOT).contains("health check"));
      }
      return stoppedReason != null
          && stoppedReason.toLowerCase(Locale.ROOT).contains("essential container");
    }

    /**
     * The service, else the task definition ({@code family:revision}), else the group or the task
     * id.
     */
    String label() {
      return Facts.first(
          service, ConsoleLinks.taskDefinitionName(taskDefinition), group, id, "unknown task");
    }

    String taskUrl() {
      return region == null || cluster == null || id == null
          ? null
          : AwsConsole.ecsTask(region, cluster, id);
    }

    List<String> routeKeys() {
      List<String> keys = new ArrayList<>();
      if (service != null) {
        if (cluster != null) {
          keys.add("service:" + cluster + "/" + service);
        }
        keys.add("service:" + service);
      }
      return keys;
    }
  }

  private static Notice task(Json body, FormatContext context) {
    Task task = Task.of(body);
    boolean failed = task.stoppedByFailure();
    String state = task.lastStatus.isEmpty() ? "unknown" : task.lastStatus.toLowerCase(Locale.ROOT);
    String kind =
        failed
            ? "ecs.task.stopped"
            : "STOPPED".equals(task.lastStatus)
                ? "ecs.task.stopped-normally"
                : "ecs.task." + state.replace('_', '-');
    // A stopped task is news once; duplicates of one state change share the task's version.
    String version = body.path("detail", "version").textOr("-");
    List<String> dedupe =
        task.arn == null
            ? List.of()
            : List.of("ecs-task/" + task.arn + "/" + task.lastStatus + "/" + version);
    return Notice.post(
            kind,
            failed ? Category.FAILURE : Category.INFO,
            found -> renderTask(body, context, task, failed))
        .routes(task.routeKeys())
        .dedupe(dedupe);
  }

  private static SlackMessage renderTask(
      Json body, FormatContext context, Task task, boolean failed) {
    Json detail = body.get("detail");
    String title;
    Severity severity;
    String emoji;
    if (failed) {
      title = "Task stopped: " + task.label();
      severity = Severity.FAILURE;
      emoji = ":red_circle:";
    } else if ("STOPPED".equals(task.lastStatus) || "STOPPED".equals(task.desiredStatus)) {
      title =
          ("STOPPED".equals(task.lastStatus) ? "Task stopped: " : "Task stopping: ") + task.label();
      severity = Severity.INFO;
      emoji = ":black_square_for_stop:";
    } else {
      title =
          "Task "
              + Facts.orDefault(task.lastStatus, "changed").toLowerCase(Locale.ROOT)
              + ": "
              + task.label();
      severity = Severity.INFO;
      emoji = ":large_blue_circle:";
    }
    SlackMessage.Builder message =
        SlackMessage.builder(severity)
            .title(emoji, title)
            .fallback(title + (task.stoppedReason == null ? "" : " — " + task.stoppedReason));
    if (task.stopCode != null || task.stoppedReason != null) {
      message.section(
          Mrkdwn.join(
              " ",
              Mrkdwn.markup("*Why:*"),
              Mrkdwn.code(task.stopCode, 60),
              task.stopCode != null && task.stoppedReason != null
                  ? Mrkdwn.markup("—")
                  : Mrkdwn.EMPTY,
              Mrkdwn.text(task.stoppedReason, 1500)));
    }
    message.section(containers(task.containers));
    List<Field> fields = new ArrayList<>();
    fields.add(
        task.service != null
            ? Field.of(
                "Service",
                Mrkdwn.link(
                    task.region == null || task.cluster == null
                        ? null
                        : AwsConsole.ecsService(task.region, task.cluster, task.service),
                    task.service))
            : Field.of("Group", Mrkdwn.line(task.group, 200)));
    fields.add(Field.of("Cluster", Mrkdwn.line(task.cluster, 200)));
    fields.add(Field.of("Task", Mrkdwn.link(task.taskUrl(), Mrkdwn.code(task.id, 100))));
    fields.add(
        Field.of(
            "Task definition",
            task.taskDefinition == null
                ? Mrkdwn.EMPTY
                : Mrkdwn.link(
                    task.region == null
                        ? null
                        : ConsoleLinks.taskDefinition(task.region, task.taskDefinition),
                    ConsoleLinks.taskDefinitionName(task.taskDefinition))));
    fields.add(
        Field.of(
            "Status",
            Mrkdwn.code(task.lastStatus, 30)
                .then(
                    task.desiredStatus.isEmpty() || task.desiredStatus.equals(task.lastStatus)
                        ? Mrkdwn.EMPTY
                        : Mrkdwn.markup(" → ").then(Mrkdwn.code(task.desiredStatus, 30)))));
    fields.add(Field.of("Started by", Mrkdwn.code(task.startedBy, 100)));
    fields.add(
        Field.of(
            "At",
            Mrkdwn.line(
                Facts.utc(
                    Facts.first(
                        Facts.text(detail.get("stoppedAt")),
                        Facts.text(detail.get("updatedAt")))))));
    message.fields(fields);
    // The event carries no log configuration (that is in the task definition), so no CloudWatch
    // link:
    // the task's console page has its containers' logs.
    message.context(
        List.of(
            Mrkdwn.linkIfSafe(task.taskUrl(), ":mag: Task and its logs"),
            Mrkdwn.linkIfSafe(
                task.service == null || task.region == null || task.cluster == null
                    ? null
                    : AwsConsole.ecsStoppedTasks(task.region, task.cluster, task.service),
                "Stopped tasks of the service")));
    message.footer(
        Facts.footer(
            context,
            task.region,
            Facts.text(body.get("account")),
            Facts.text(body.get("time")),
            List.of()));
    return message.build();
  }

  /** One line per container: name, exit code, its own reason and status. */
  private static Mrkdwn containers(Json containers) {
    List<Mrkdwn> lines = new ArrayList<>();
    List<Json> all = containers.elements();
    for (int i = 0; i < all.size() && i < MAX_CONTAINERS; i++) {
      Json c = all.get(i);
      Mrkdwn line =
          Mrkdwn.markup("• ")
              .then(Mrkdwn.code(Facts.orDefault(Facts.text(c.get("name")), "container"), 100));
      Long exit = c.get("exitCode").wholeNumber().orElse(null);
      line =
          exit != null
              ? line.then(" exit code " + exit)
              : line.then(" ")
                  .then(
                      Mrkdwn.line(
                          Facts.orDefault(Facts.text(c.get("lastStatus")), "no exit code")
                              .toLowerCase(Locale.ROOT),
                          40));
      String reason = Facts.text(c.get("reason"));
      if (reason != null) {
        line = line.then(" — ").then(Mrkdwn.text(reason, 500));
      }
      String health = Facts.text(c.get("healthStatus"));
      if ("UNHEALTHY".equals(health)) {
        line = line.then(" (health check UNHEALTHY)");
      }
      lines.add(line);
    }
    if (all.size() > MAX_CONTAINERS) {
      lines.add(Mrkdwn.markup("…and " + (all.size() - MAX_CONTAINERS) + " more containers"));
    }
    return lines.isEmpty()
        ? Mrkdwn.EMPTY
        : Mrkdwn.markup("*Containers*\n").then(Mrkdwn.join("\n", lines));
  }
}
