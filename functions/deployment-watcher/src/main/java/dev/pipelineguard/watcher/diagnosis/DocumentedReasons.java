package dev.pipelineguard.watcher.diagnosis;

import java.util.ArrayList;
import java.util.List;

/**
 * The stopped-task reasons AWS documents (ECS developer guide troubleshooting pages, the Fargate
 * user guide's error table, AWS Knowledge Center), one row each with the page that documents it, in
 * the order {@link ReasonClassifier} tries them: the first row whose text occurs in a reason
 * decides the cause. The corpus copy of the same texts, with the pages' fixes, is {@code
 * events/published/ecs-stop-reasons.tsv}.
 *
 * <p>A row's text is written as the page shows it, with {@code <placeholders>} for what varies.
 * Matching ignores case and punctuation (colons, quotes, parentheses, curly apostrophes), so {@code
 * "API error (404): repository x not found"} also matches without the colon or in another case; a
 * placeholder matches any text, and the last word of a part may continue ({@code check} matches
 * {@code checks}). It does not matter whether the reason sits on the task ({@code stoppedReason})
 * or on a container ({@code containers[].reason}): both are classified.
 */
final class DocumentedReasons {

  /** How much of the reason text is read beyond the row itself. */
  enum Reading {
    /** The row's cause, as is. */
    AS_DOCUMENTED,
    /**
     * An image pull: the rest of the text may say not found, no network path, access or platform.
     */
    IMAGE_PULL,
    /** Image layers (served from S3) could not be downloaded. */
    IMAGE_LAYERS,
    /** Docker Hub's pull rate limit. */
    RATE_LIMIT,
    /**
     * The shared "unable to pull secrets or registry auth" prefix: registry credentials or secrets.
     */
    REGISTRY_OR_SECRETS,
    /**
     * A Secrets Manager secret or SSM parameter: which one, and not found / access / KMS / network.
     */
    SECRETS,
    /** The awslogs configuration: group missing, region, no path to CloudWatch Logs. */
    LOGS,
    /** The container could not start: command not found, runtime timeout. */
    START,
    /** A load balancer health check: which target group. */
    TARGET_GROUP,
    /** A normal stop: a deployment replacing tasks. */
    REPLACED_BY_DEPLOYMENT,
    /** A normal stop: a user, Spot, the infrastructure. */
    NORMAL_STOP
  }

  /**
   * One documented reason.
   *
   * @param text the reason as documented, {@code <placeholders>} for what varies
   * @param cause what it means; {@code null} for a normal stop
   * @param reading how to read the rest of a matching reason
   * @param page the page that documents it
   */
  record Row(String text, Cause cause, Reading reading, String page) {
    Row {
      if ((cause == null)
          != (reading == Reading.NORMAL_STOP || reading == Reading.REPLACED_BY_DEPLOYMENT)) {
        throw new IllegalArgumentException(
            "a normal stop has no cause, a failure has one: " + text);
      }
    }

    /** The text's literal parts, normalised; placeholders split them. */
    List<String> parts() {
      List<String> parts = new ArrayList<>();
      for (String part : text.split("<[^>]*>|\\{\\{[^}]*}}|…")) {
        String normal = normalize(part);
        if (!normal.isEmpty()) {
          parts.add(normal);
        }
      }
      return parts;
    }
  }

  static final String GUIDE = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/";
  static final String CANNOT_PULL_IMAGE = GUIDE + "task_cannot_pull_image.html";
  static final String RESOURCE_NOT_FOUND = GUIDE + "resource-not-found-error.html";
  static final String RESOURCE_INITIALIZATION = GUIDE + "resource-initialization-error.html";
  static final String CANNOT_START_CONTAINER = GUIDE + "cannot-start-container.html";
  static final String CONTAINER_RUNTIME_ERROR = GUIDE + "container-runtime-error.html";
  static final String OUT_OF_MEMORY = GUIDE + "out-of-memory.html";
  static final String FAILED_TO_START = GUIDE + "failed-to-start-error.html";
  static final String SERVICE_UNHEALTHY = GUIDE + "service-unhealthy-event-messages.html";
  static final String CLASSIC_CONSOLE = GUIDE + "stopped-task-errors-classic-console.html";
  static final String FARGATE_SPOT = GUIDE + "fargate-capacity-providers.html";
  static final String FARGATE_ERROR_CODES =
      "https://docs.aws.amazon.com/AmazonECS/latest/userguide/stopped-task-error-codes.html";
  static final String KC_UNABLE_TO_PULL_SECRETS =
      "https://repost.aws/knowledge-center/ecs-unable-to-pull-secrets";
  static final String KC_OUT_OF_MEMORY =
      "https://repost.aws/knowledge-center/ecs-resolve-outofmemory-errors";
  static final String KC_TASK_STOPPED = "https://repost.aws/knowledge-center/ecs-task-stopped";

  /** The table, most specific first. */
  static final List<Row> ROWS =
      List.of(
          // Normal stops: never a failure.
          normal(
              "Scaling activity initiated by (deployment <deployment-id>)",
              Reading.REPLACED_BY_DEPLOYMENT,
              CLASSIC_CONSOLE),
          normal("Your Spot Task was interrupted.", Reading.NORMAL_STOP, FARGATE_SPOT),
          normal(
              "Host EC2 (instance <id>) <stopped or terminated>",
              Reading.NORMAL_STOP,
              CLASSIC_CONSOLE),
          normal(
              "Container instance deregistration forced by user",
              Reading.NORMAL_STOP,
              CLASSIC_CONSOLE),

          // Memory and health checks.
          row(
              "OutOfMemoryError: Container killed due to memory usage",
              Cause.OUT_OF_MEMORY,
              KC_OUT_OF_MEMORY),
          row("container killed due to memory usage", Cause.OUT_OF_MEMORY, OUT_OF_MEMORY),
          row(
              "Task failed ELB health checks in <(elb elb-name), or (target-group arn) for target groups>",
              Cause.LB_HEALTH_CHECK,
              Reading.TARGET_GROUP,
              CLASSIC_CONSOLE),
          row(
              "(service <service-name>) (task <task-id>) (instance <instance-id>) (port <port-number>) is unhealthy in "
                  + "(target-group <target-group-name>) due to (reason <failure-reason>)",
              Cause.LB_HEALTH_CHECK,
              Reading.TARGET_GROUP,
              SERVICE_UNHEALTHY),
          row(
              "(service <service-name>) (task <task-id>) (port <port-number>) is unhealthy in (target-group "
                  + "<target-group-name>) due to (reason <failure-reason>)",
              Cause.LB_HEALTH_CHECK,
              Reading.TARGET_GROUP,
              SERVICE_UNHEALTHY),
          row("Failed container health checks", Cause.CONTAINER_HEALTH_CHECK, KC_TASK_STOPPED),

          // Secrets and parameters (before the image pull rows: the texts share "pull").
          row(
              "The task cannot pull secrets from AWS Systems Manager Parameter Store. Check your network connection "
                  + "between the task and AWS Systems Manager.",
              Cause.SECRETS_UNAVAILABLE,
              Reading.SECRETS,
              RESOURCE_INITIALIZATION),
          row(
              "The task cannot pull secrets from AWS Systems Manager<…>",
              Cause.SECRETS_UNAVAILABLE,
              Reading.SECRETS,
              RESOURCE_INITIALIZATION),
          row(
              "The task can't pull the secret from Secrets Manager. The task can't retrieve the secret with ARN "
                  + "'<secretARN>' from Secrets Manager. Check whether the secret exists in the specified Region.",
              Cause.SECRETS_UNAVAILABLE,
              Reading.SECRETS,
              RESOURCE_INITIALIZATION),
          row(
              "The task can't retrieve the secret with ARN '<secretARN>' from AWS Secrets Manager. Check whether the "
                  + "secret exists in the specified Region.",
              Cause.SECRETS_UNAVAILABLE,
              Reading.SECRETS,
              RESOURCE_NOT_FOUND),
          row(
              "Fetching secret data from AWS Secrets Manager in region <region>: secret <secretARN>: <error>",
              Cause.SECRETS_UNAVAILABLE,
              Reading.SECRETS,
              RESOURCE_NOT_FOUND),
          row(
              "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval "
                  + "failed: unable to retrieve secret from asm: service call has been retried <n> time(s): failed to fetch "
                  + "secret <secretARN> from secrets manager: <error>",
              Cause.SECRETS_UNAVAILABLE,
              Reading.SECRETS,
              KC_UNABLE_TO_PULL_SECRETS),
          row(
              "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval "
                  + "failed: unable to retrieve secret from asm: service call has been retried",
              Cause.SECRETS_UNAVAILABLE,
              Reading.REGISTRY_OR_SECRETS,
              KC_UNABLE_TO_PULL_SECRETS),
          row(
              "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval "
                  + "failed: unable to retrieve ecr registry auth: service call has been retried <n> time(s): RequestError: "
                  + "send request failed caused by: Post <url>: dial tcp <address>: i/o timeout",
              Cause.REGISTRY_UNREACHABLE,
              Reading.REGISTRY_OR_SECRETS,
              KC_UNABLE_TO_PULL_SECRETS),
          row(
              "ResourceInitializationError: unable to pull secrets or registry auth: pull command failed: : signal: killed",
              Cause.REGISTRY_UNREACHABLE,
              Reading.REGISTRY_OR_SECRETS,
              KC_UNABLE_TO_PULL_SECRETS),

          // Log configuration.
          row(
              "ResourceInitializationError: failed to initialize logging driver: <reason>",
              Cause.LOG_CONFIGURATION,
              Reading.LOGS,
              FARGATE_ERROR_CODES),
          row(
              "The task cannot find the Amazon CloudWatch log group defined in the task definition.",
              Cause.LOG_CONFIGURATION,
              Reading.LOGS,
              RESOURCE_INITIALIZATION),
          row(
              "failed to initialize logging driver",
              Cause.LOG_CONFIGURATION,
              Reading.LOGS,
              RESOURCE_INITIALIZATION),

          // Starting containers, volumes and the runtime.
          row(
              "failed to invoke EFS utils commands to set up EFS volumes",
              Cause.CANNOT_START_CONTAINER,
              Reading.START,
              RESOURCE_INITIALIZATION),
          row(
              "ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting <duration>: <reason>",
              Cause.CANNOT_START_CONTAINER,
              Reading.START,
              FARGATE_ERROR_CODES),
          row(
              "DockerTimeoutError",
              Cause.CANNOT_START_CONTAINER,
              Reading.START,
              FARGATE_ERROR_CODES),
          row(
              "CannotStartContainerError: failed to get container status: <reason>",
              Cause.CANNOT_START_CONTAINER,
              Reading.START,
              CANNOT_START_CONTAINER),
          row(
              "CannotCreateVolumeError",
              Cause.CANNOT_START_CONTAINER,
              Reading.START,
              FARGATE_ERROR_CODES),
          row(
              "CannotStopContainerError: failed sending SIGTERM to container: <reason>",
              Cause.CONTAINER_RUNTIME,
              FARGATE_ERROR_CODES),
          row(
              "CannotInspectContainerError: <reason>",
              Cause.CONTAINER_RUNTIME,
              FARGATE_ERROR_CODES),
          row("ContainerRuntimeError", Cause.CONTAINER_RUNTIME, CONTAINER_RUNTIME_ERROR),
          row("TaskFailedToStart: AGENT", Cause.CONTAINER_RUNTIME, FAILED_TO_START),

          // Image pulls.
          row(
              "write /var/lib/docker/tmp/<blob>: no space left on device",
              Cause.NO_DISK_SPACE,
              CANNOT_PULL_IMAGE),
          row(
              "ERROR: toomanyrequests: Too Many Requests",
              Cause.REGISTRY_AUTH,
              Reading.RATE_LIMIT,
              CANNOT_PULL_IMAGE),
          row(
              "You have reached your pull rate limit.",
              Cause.REGISTRY_AUTH,
              Reading.RATE_LIMIT,
              CANNOT_PULL_IMAGE),
          row(
              "CannotPullContainerError: API error (404): repository <registry>/<repository> not found",
              Cause.IMAGE_NOT_FOUND,
              CANNOT_PULL_IMAGE),
          row(
              "CannotPullContainerError: pull image manifest has been retried <n> time(s): failed to resolve ref",
              Cause.IMAGE_NOT_FOUND,
              Reading.IMAGE_PULL,
              CANNOT_PULL_IMAGE),
          row(
              "ref pull has been retried <n> time(s): failed to copy: <httpReaderSeeker>: failed open",
              Cause.REGISTRY_UNREACHABLE,
              Reading.IMAGE_LAYERS,
              CANNOT_PULL_IMAGE),
          row(
              "pull command failed: panic: runtime error: invalid memory address or nil pointer dereference",
              Cause.REGISTRY_UNREACHABLE,
              Reading.IMAGE_LAYERS,
              CANNOT_PULL_IMAGE),
          row(
              "The task can’t pull the image. Check that the role has the permissions to pull images from the registry.",
              Cause.REGISTRY_AUTH,
              CANNOT_PULL_IMAGE),
          row(
              "The task cannot pull ‘<image-name>’ from the Amazon ECR repository ‘<repository URI>’. There is a "
                  + "connection issue between the task and Amazon ECR. Check your task network configuration.",
              Cause.REGISTRY_UNREACHABLE,
              CANNOT_PULL_IMAGE),
          row(
              "The task can’t pull the image. Check your network configuration",
              Cause.REGISTRY_UNREACHABLE,
              CANNOT_PULL_IMAGE),
          row("pull access denied", Cause.REGISTRY_AUTH, Reading.IMAGE_PULL, CANNOT_PULL_IMAGE),
          row(
              "API error (500): Get <url>: net/http: request canceled while waiting for connection",
              Cause.REGISTRY_UNREACHABLE,
              Reading.IMAGE_PULL,
              CANNOT_PULL_IMAGE),
          row(
              "Error response from daemon: Get <url>: net/http: request canceled while waiting for connection",
              Cause.REGISTRY_UNREACHABLE,
              Reading.IMAGE_PULL,
              CANNOT_PULL_IMAGE),
          row(
              "error pulling image conf",
              Cause.REGISTRY_UNREACHABLE,
              Reading.IMAGE_PULL,
              CANNOT_PULL_IMAGE),
          row(
              "CannotPullContainerError: API error",
              Cause.REGISTRY_UNREACHABLE,
              Reading.IMAGE_PULL,
              CANNOT_PULL_IMAGE),

          // Networking and the task definition.
          row(
              "Unexpected EC2 error while attempting to Create Network Interface with public IP assignment enabled in "
                  + "subnet '<subnet-id>",
              Cause.NETWORK_INTERFACE,
              FAILED_TO_START),
          row(
              "Unable to attach network interface to unused device index",
              Cause.NETWORK_INTERFACE,
              FAILED_TO_START),
          row("InternalError: <reason>", Cause.NETWORK_INTERFACE, FAILED_TO_START),
          row(
              "The selected task definition is not compatible with the selected compute strategy",
              Cause.TASK_DEFINITION_INCOMPATIBLE,
              FAILED_TO_START),

          // Last: short texts that only mean something when nothing more specific matched.
          row(
              "Context canceled",
              Cause.REGISTRY_UNREACHABLE,
              Reading.IMAGE_PULL,
              CANNOT_PULL_IMAGE),
          row(
              "Essential container in task exited",
              Cause.ESSENTIAL_CONTAINER_EXITED,
              CLASSIC_CONSOLE));

  private static final List<List<String>> PARTS = ROWS.stream().map(Row::parts).toList();

  private DocumentedReasons() {}

  /** The first row whose text occurs in {@code reason}, or null. */
  static Row match(String reason) {
    if (reason == null || reason.isBlank()) {
      return null;
    }
    String text = " " + normalize(reason);
    for (int i = 0; i < ROWS.size(); i++) {
      if (occursIn(PARTS.get(i), text)) {
        return ROWS.get(i);
      }
    }
    return null;
  }

  /**
   * Every part in order, each starting at a word: {@code text} is normalised with a leading space.
   */
  private static boolean occursIn(List<String> parts, String text) {
    int from = 0;
    for (String part : parts) {
      int at = text.indexOf(" " + part, from);
      if (at < 0) {
        return false;
      }
      from = at + 1 + part.length();
    }
    return !parts.isEmpty();
  }

  /** Lower case, every run of characters other than letters and digits one space. */
  static String normalize(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean space = true;
    for (int i = 0; i < text.length(); i++) {
      char c = Character.toLowerCase(text.charAt(i)); // non-ASCII letters become separators
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
        space = false;
      } else if (!space) {
        out.append(' ');
        space = true;
      }
    }
    int end = out.length();
    return end > 0 && out.charAt(end - 1) == ' ' ? out.substring(0, end - 1) : out.toString();
  }

  private static Row row(String text, Cause cause, String page) {
    return new Row(text, cause, Reading.AS_DOCUMENTED, page);
  }

  private static Row row(String text, Cause cause, Reading reading, String page) {
    return new Row(text, cause, reading, page);
  }

  private static Row normal(String text, Reading reading, String page) {
    return new Row(text, null, reading, page);
  }
}
