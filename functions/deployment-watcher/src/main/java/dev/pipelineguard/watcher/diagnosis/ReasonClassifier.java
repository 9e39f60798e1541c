package dev.pipelineguard.watcher.diagnosis;

import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.watcher.evidence.StoppedTask;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ECS stopped-task reasons (the stopped-task error catalogue: CannotPullContainerError,
 * ResourceInitializationError, OutOfMemoryError ...) and says what they mean. Pure: text in, {@link
 * Classification} out. The reasons AWS documents are a table ({@link DocumentedReasons}): the first
 * row found in a text names the cause, and the rest of the text refines it (which secret, which
 * host, which exit code). Wording AWS does not document but real tasks show (newer agent texts,
 * Docker daemon errors) is read after the table, case-insensitively on substrings, because the
 * prefixes change with the Fargate platform version and the tails carry request ids and addresses.
 *
 * <p>The classifier reads the raw text; what it names in a detail (a secret's name, a host, a
 * container) is quoted ({@link OutsideText#quote}) as it is put in.
 */
final class ReasonClassifier {

  private static final List<String> NETWORK_MARKERS =
      List.of(
          "i/o timeout",
          "connection refused",
          "no such host",
          "network is unreachable",
          "no route to host",
          "request canceled while waiting for connection",
          "client.timeout exceeded",
          "context deadline exceeded",
          "requestcanceled",
          "tls handshake timeout",
          "connection reset by peer",
          "context canceled",
          "please check your task network configuration",
          "connection issue between the task",
          "check your network connection");
  private static final List<String> ACCESS_MARKERS =
      List.of(
          "accessdenied",
          "access denied",
          "not authorized",
          "unauthorized",
          "403 forbidden",
          "forbidden",
          "no basic auth credentials",
          "authorization token has expired",
          "denied:");
  private static final List<String> NOT_FOUND_MARKERS =
      List.of(
          ": not found",
          "manifest unknown",
          "name unknown",
          "repository does not exist",
          "requested image not found",
          "not found: manifest",
          "manifest for ");

  private static final Pattern SECRET_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:([A-Za-z0-9/_+=.@-]+)");
  private static final Pattern PARAMETER_ARN =
      Pattern.compile("arn:aws[a-z-]*:ssm:[a-z0-9-]+:\\d{12}:parameter(/[A-Za-z0-9/_.-]+)");
  private static final Pattern INVALID_PARAMETERS =
      Pattern.compile(
          "invalid ssm parameters?:?\\s*([A-Za-z0-9/_.,\\s-]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern JSON_KEY =
      Pattern.compile("did not contain json key\\s+([A-Za-z0-9_.-]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern TARGET_GROUP = Pattern.compile("targetgroup/([A-Za-z0-9-]+)/");
  private static final Pattern DEPLOYMENT = Pattern.compile("\\(deployment (ecs-svc/\\d+)\\)");
  private static final Pattern URL_HOST =
      Pattern.compile(
          "(?:head|get|post|put)\\s+\"?https?://([A-Za-z0-9.-]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern LOOKUP_HOST =
      Pattern.compile("lookup ([A-Za-z0-9.-]+)", Pattern.CASE_INSENSITIVE);

  private static final String NORMAL_STOP = "stopped by a user, Spot or infrastructure maintenance";

  private ReasonClassifier() {}

  /** What one reason text means; {@link Cause#UNKNOWN} when nothing matches. */
  static Classification classify(String text) {
    if (text == null || text.isBlank()) {
      return Classification.of(Cause.UNKNOWN).detailed("ECS gave no reason");
    }
    String t = text.toLowerCase(Locale.ROOT);
    DocumentedReasons.Row row = DocumentedReasons.match(text);
    return row != null ? documented(row, text, t) : observed(text, t);
  }

  /** A documented reason: the row's cause, refined by what the rest of the text says. */
  private static Classification documented(DocumentedReasons.Row row, String text, String t) {
    switch (row.reading()) {
      case REPLACED_BY_DEPLOYMENT:
        return replacedByDeployment(text);
      case NORMAL_STOP:
        return Classification.benign(NORMAL_STOP);
      case IMAGE_PULL:
        return imagePull(text, t, row.cause());
      case IMAGE_LAYERS:
        return imageLayers(text, t);
      case RATE_LIMIT:
        return rateLimit();
      case REGISTRY_OR_SECRETS:
        return secretsOrRegistryAuth(text, t);
      case SECRETS:
        return secrets(text, t, isSsmOnly(t), containsAny(t, NETWORK_MARKERS));
      case LOGS:
        return logConfiguration(t);
      case START:
        return cannotStart(t);
      case TARGET_GROUP:
        return loadBalancer(text);
      default:
        return Classification.of(row.cause());
    }
  }

  /** Wording real tasks show that the pages do not document verbatim. */
  private static Classification observed(String text, String t) {
    // Normal stops: a deployment replacing tasks, a user, Spot, maintenance.
    if (t.startsWith("task stopped by user")
        || t.contains("spotinterruption")
        || t.contains("performing maintenance on the underlying infrastructure")
        || t.contains("task is being retired")
        || t.contains("terminationnotice")) {
      return Classification.benign(NORMAL_STOP);
    }

    if (t.contains("outofmemoryerror")
        || t.contains("container killed due to memory usage")
        || t.contains("oomkilled")
        || t.contains("out of memory")) {
      return Classification.of(Cause.OUT_OF_MEMORY);
    }
    if (t.contains("health checks failed with these codes")) {
      return loadBalancer(text);
    }
    if (t.contains("container health check failed")) {
      return Classification.of(Cause.CONTAINER_HEALTH_CHECK);
    }
    if (isPlatformMismatch(t)) {
      return Classification.of(Cause.PLATFORM_MISMATCH);
    }
    if (t.contains("cannotpullcontainererror")
        || t.contains("pull image manifest")
        || t.contains("failed to resolve ref")) {
      return imagePull(text, t, null);
    }
    if (t.contains("unable to pull secrets or registry auth")) {
      return secretsOrRegistryAuth(text, t);
    }
    if (t.contains("failed to validate logger args")
        || t.contains("logging driver")
        || t.contains("log group")
        || t.contains("awslogs")
        || t.contains("cloudwatch log stream")) {
      return logConfiguration(t);
    }
    if (t.contains("failed to download env files") || t.contains("environment file")) {
      Classification c =
          Classification.of(Cause.SECRETS_UNAVAILABLE)
              .titled("Environment files could not be downloaded")
              .hinted(
                  "Check the environmentFiles S3 objects exist and the task execution role may s3:GetObject them "
                      + "(and s3:GetBucketLocation); tasks in private subnets need the S3 gateway endpoint or a NAT.");
      return c;
    }
    if (t.contains("cannotstartcontainererror")
        || t.contains("cannotcreatecontainererror")
        || t.contains("executable file not found")
        || t.contains("oci runtime create failed")
        || t.contains("could not transition to running")) {
      return cannotStart(t);
    }
    if (t.contains("resourceinitializationerror")) {
      return Classification.of(Cause.UNKNOWN).titled("Task resources could not be initialised");
    }
    return Classification.of(Cause.UNKNOWN);
  }

  private static Classification replacedByDeployment(String text) {
    Matcher m = DEPLOYMENT.matcher(text);
    return Classification.benign(
        m.find() ? "replaced by deployment " + m.group(1) : "replaced by a scaling activity");
  }

  private static boolean isPlatformMismatch(String t) {
    return t.contains("exec format error")
        || t.contains("descriptor matching platform")
        || t.contains("no matching manifest for");
  }

  private static boolean isSsmOnly(String t) {
    boolean secretsManager =
        t.contains("secret from asm")
            || t.contains("secrets from asm")
            || t.contains("secrets manager")
            || t.contains("secretsmanager");
    return !secretsManager
        && (t.contains("from ssm")
            || t.contains("ssm parameter")
            || t.contains("ssm:getparameters")
            || t.contains("systems manager"));
  }

  private static Classification loadBalancer(String text) {
    Matcher m = TARGET_GROUP.matcher(text);
    Classification c = Classification.of(Cause.LB_HEALTH_CHECK);
    return m.find() ? c.detailed("target group " + OutsideText.quote(m.group(1))) : c;
  }

  private static Classification logConfiguration(String t) {
    Classification c = Classification.of(Cause.LOG_CONFIGURATION);
    if (t.contains("connection issue") || containsAny(t, NETWORK_MARKERS)) {
      return c.detailed("the awslogs log group is missing or CloudWatch Logs could not be reached");
    }
    if (t.contains("does not exist")
        || t.contains("resourcenotfoundexception")
        || t.contains("cannot find")) {
      return c.detailed("the awslogs log group does not exist");
    }
    if (t.contains("awslogs-region")) {
      return c.detailed("the awslogs-region option is missing or wrong");
    }
    return c;
  }

  private static Classification cannotStart(String t) {
    Classification c = Classification.of(Cause.CANNOT_START_CONTAINER);
    if (t.contains("executable file not found")) {
      return c.detailed("the entrypoint or command does not exist in the image");
    }
    if (t.contains("timed out") || t.contains("timeouterror")) {
      return c.detailed("the container runtime timed out starting the container");
    }
    if (t.contains("efs")) {
      return c.detailed("the EFS volume could not be mounted")
          .hinted(
              "Give the file system a mount target in each of the task's Availability Zones, allow NFS "
                  + "(TCP 2049) from the task's security group, and enable DNS resolution in the VPC.");
    }
    return c;
  }

  private static Classification rateLimit() {
    return Classification.of(Cause.REGISTRY_AUTH)
        .titled("Registry rate limit reached")
        .hinted(
            "Pull through an authenticated account (repositoryCredentials) or mirror the image into ECR "
                + "(ECR pull-through cache): anonymous Docker Hub pulls are rate limited.");
  }

  /** Image layers come from S3 (ECR's layer bucket): reaching the registry is not enough. */
  private static Classification imageLayers(String text, String t) {
    String why =
        containsAny(t, NETWORK_MARKERS)
            ? unreachable(text, t, "S3")
            : t.contains("unexpected status code")
                ? "S3 answered with an unexpected status code"
                : "the download failed";
    return Classification.of(Cause.REGISTRY_UNREACHABLE)
        .detailed("the image layers are served from S3 and " + why)
        .hinted(
            "Add the S3 gateway VPC endpoint to the task subnets' route tables (ECR serves layers from S3), "
                + "next to the ecr.api and ecr.dkr interface endpoints, or route through a NAT; "
                + "allow security-group egress on TCP 443 and, with an endpoint policy, the ECR layer bucket.");
  }

  /**
   * An image pull failure: what the rest of the text says wins (platform, rate limit, no network
   * path, not found, access); otherwise {@code documented}, or UNKNOWN when the text is not
   * documented.
   */
  private static Classification imagePull(String text, String t, Cause documented) {
    if (isPlatformMismatch(t)) {
      return Classification.of(Cause.PLATFORM_MISMATCH);
    }
    if (t.contains("toomanyrequests")
        || t.contains("pull rate limit")
        || t.contains("too many requests")) {
      return rateLimit();
    }
    if (containsAny(t, NETWORK_MARKERS)) {
      if (t.contains("httpreadseeker")
          || t.contains("httpreaderseeker")
          || t.contains("starport-layer-bucket")
          || t.contains(".s3.")
          || t.contains("s3.amazonaws.com")) {
        return imageLayers(text, t);
      }
      return Classification.of(Cause.REGISTRY_UNREACHABLE)
          .detailed(unreachable(text, t, "the registry"));
    }
    if (t.contains("pull access denied") && t.contains("repository does not exist")) {
      return Classification.of(Cause.IMAGE_NOT_FOUND)
          .detailed("the repository does not exist, or it is private and needs credentials");
    }
    if (containsAny(t, NOT_FOUND_MARKERS)) {
      return Classification.of(Cause.IMAGE_NOT_FOUND);
    }
    if (containsAny(t, ACCESS_MARKERS)) {
      return Classification.of(Cause.REGISTRY_AUTH);
    }
    return documented != null
        ? Classification.of(documented)
        : Classification.of(Cause.UNKNOWN).titled("Image pull failed");
  }

  private static Classification secretsOrRegistryAuth(String text, String t) {
    boolean secretsManager =
        t.contains("secret from asm")
            || t.contains("secrets from asm")
            || t.contains("secrets manager")
            || t.contains("secretsmanager");
    boolean ssm =
        t.contains("from ssm")
            || t.contains("ssm parameter")
            || t.contains("ssm:getparameters")
            || t.contains("systems manager");
    boolean ecr =
        t.contains("ecr registry auth")
            || t.contains("ecr:getauthorizationtoken")
            || t.contains("api.ecr.");
    boolean network = containsAny(t, NETWORK_MARKERS);
    // The shared prefix "unable to pull secrets or registry auth" covers both: read on.
    if (secretsManager || ssm) {
      return secrets(text, t, ssm && !secretsManager, network);
    }
    if (ecr) {
      if (network) {
        return Classification.of(Cause.REGISTRY_UNREACHABLE)
            .detailed(
                "the registry credentials could not be fetched: "
                    + unreachable(text, t, "the ECR API (api.ecr)"));
      }
      Classification c = Classification.of(Cause.REGISTRY_AUTH);
      return t.contains("getauthorizationtoken")
          ? c.detailed("the task execution role may not call ecr:GetAuthorizationToken")
          : c;
    }
    if (network || t.contains("signal: killed") || t.contains("pull command failed")) {
      return Classification.of(Cause.REGISTRY_UNREACHABLE)
          .titled("No network path to the registry or secret stores")
          .detailed("ECS could not fetch the registry credentials or secrets before the timeout");
    }
    return Classification.of(Cause.REGISTRY_AUTH)
        .titled("Registry credentials or secrets could not be retrieved");
  }

  private static Classification secrets(String text, String t, boolean ssmOnly, boolean network) {
    Set<String> names = new LinkedHashSet<>();
    secretNames(text).forEach(name -> names.add(OutsideText.quote(name)));
    String which =
        names.isEmpty()
            ? (ssmOnly ? "an SSM parameter" : "a secret")
            : (ssmOnly ? "parameter " : "secret ") + String.join(", ", names);
    Classification c = Classification.of(Cause.SECRETS_UNAVAILABLE);
    Matcher jsonKey = JSON_KEY.matcher(text);
    if (jsonKey.find()) {
      return c.titled("Secret has no such JSON key")
          .detailed(which + " has no JSON key " + OutsideText.quote(jsonKey.group(1)))
          .hinted(
              "Add the key to the secret's JSON value, or fix the key in the task definition's valueFrom "
                  + "(arn:...:secret:name:json-key::).");
    }
    if (t.contains("marked for deletion") || t.contains("scheduled for deletion")) {
      return c.titled("Secret is scheduled for deletion")
          .detailed(which + " is scheduled for deletion")
          .hinted(
              "Restore the secret (aws secretsmanager restore-secret) or point the task definition at its replacement.");
    }
    if (t.contains("resourcenotfoundexception")
        || t.contains("can't find the specified secret")
        || t.contains("invalid ssm parameters")
        || t.contains("invalid ssm parameter")
        || t.contains("parameternotfound")
        || t.contains("check whether the secret exists")) {
      return c.titled(ssmOnly ? "Parameter not found" : "Secret not found")
          .detailed(which + " does not exist")
          .hinted(
              "Create the "
                  + (ssmOnly ? "parameter" : "secret")
                  + " or fix its ARN/name in the task definition (same account and region as the task).");
    }
    if (t.contains("kms")) {
      return c.titled("Secret could not be decrypted")
          .detailed(which + ": KMS refused to decrypt it")
          .hinted(
              "Allow the task execution role kms:Decrypt on the secret's customer managed key (key policy and IAM).");
    }
    if (containsAny(t, ACCESS_MARKERS)) {
      return c.titled("Not allowed to read the secret")
          .detailed(which + ": access denied to the task execution role")
          .hinted(
              "Allow the task execution role "
                  + (ssmOnly ? "ssm:GetParameters" : "secretsmanager:GetSecretValue")
                  + " on it (and kms:Decrypt for a customer managed key).");
    }
    if (network) {
      return c.titled("No network path to " + (ssmOnly ? "SSM" : "Secrets Manager"))
          .detailed(which + ": " + unreachable(text, t, ssmOnly ? "SSM" : "Secrets Manager"))
          .hinted(
              "Give the task subnets a route to "
                  + (ssmOnly ? "SSM: an ssm" : "Secrets Manager: a secretsmanager")
                  + " interface VPC endpoint or a NAT gateway, and allow security-group egress on TCP 443.");
    }
    return c.detailed(which + " could not be retrieved");
  }

  /**
   * "could not reach <host> (i/o timeout)", naming the host and the network error when the text
   * does.
   */
  static String unreachable(String text, String lower, String fallbackHost) {
    Matcher url = URL_HOST.matcher(text);
    Matcher lookup = LOOKUP_HOST.matcher(text);
    String host = url.find() ? url.group(1) : lookup.find() ? lookup.group(1) : fallbackHost;
    String error = null;
    for (String marker : NETWORK_MARKERS) {
      if (lower.contains(marker)) {
        error = marker.equals("requestcanceled") ? "request canceled" : marker;
        break;
      }
    }
    return "could not reach " + OutsideText.quote(host) + (error == null ? "" : " (" + error + ")");
  }

  /** Secret and parameter names found in a reason text, in order, without duplicates. */
  static Set<String> secretNames(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher secret = SECRET_ARN.matcher(text);
    while (secret.find()) {
      names.add(secret.group(1));
    }
    Matcher parameter = PARAMETER_ARN.matcher(text);
    while (parameter.find()) {
      names.add(parameter.group(1));
    }
    Matcher invalid = INVALID_PARAMETERS.matcher(text);
    if (invalid.find()) {
      for (String part : invalid.group(1).split("[,\\s]+")) {
        String name = part.strip();
        if (name.endsWith(".")) {
          name = name.substring(0, name.length() - 1);
        }
        if (!name.isEmpty() && name.length() <= 2048) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /**
   * What one stopped task says: a container's own reason wins over the task's generic one
   * ("Essential container in task exited"), exit codes explain a bare exit, and a task stopped by a
   * deployment's scaling activity is a normal replacement.
   */
  static TaskVerdict classifyTask(StoppedTask task) {
    for (StoppedTask.ContainerState container : task.containers()) {
      if (container.reason() != null && !container.reason().isBlank()) {
        Classification c = classify(container.reason());
        if (c.isSpecific() && c.cause() != Cause.ESSENTIAL_CONTAINER_EXITED) {
          return new TaskVerdict(named(c, container), container.reason());
        }
      }
    }
    String taskReason =
        task.stoppedReason() == null || task.stoppedReason().isBlank()
            ? null
            : task.stoppedReason();
    Classification fromTask =
        taskReason == null ? fromStopCode(task.stopCode()) : classify(taskReason);
    String shown =
        taskReason != null
            ? taskReason
            : task.stopCode() != null
                ? "(no reason; stop code " + task.stopCode() + ")"
                : "(no reason given)";
    if (fromTask.benign()) {
      return new TaskVerdict(fromTask, shown);
    }
    if (fromTask.cause() == Cause.ESSENTIAL_CONTAINER_EXITED || fromTask.cause() == Cause.UNKNOWN) {
      if (fromTask.cause() == Cause.UNKNOWN) {
        for (StoppedTask.ContainerState container : task.containers()) {
          if ("UNHEALTHY".equals(container.healthStatus())) {
            return new TaskVerdict(
                named(Classification.of(Cause.CONTAINER_HEALTH_CHECK), container), shown);
          }
        }
      }
      StoppedTask.ContainerState exited = exitedContainer(task);
      if (exited != null) {
        String who = exited.name() == null ? "container" : "container " + exited.name();
        return new TaskVerdict(
            exitCode(exited), shown + " (" + who + ", exit code " + exited.exitCode() + ")");
      }
    }
    return new TaskVerdict(fromTask, shown);
  }

  /**
   * One task's verdict and the reason text that decided it (a container's reason, or the task's,
   * with the exit code when that is what explains it).
   */
  record TaskVerdict(Classification classification, String reason) {}

  private static Classification fromStopCode(String stopCode) {
    if (stopCode == null) {
      return Classification.of(Cause.UNKNOWN).detailed("ECS gave no reason");
    }
    switch (stopCode) {
      case "UserInitiated":
      case "SpotInterruption":
      case "TerminationNotice":
        return Classification.benign("stopped by a user, Spot or infrastructure maintenance");
      case "EssentialContainerExited":
        return Classification.of(Cause.ESSENTIAL_CONTAINER_EXITED);
      case "TaskFailedToStart":
        return Classification.of(Cause.UNKNOWN).titled("Task failed to start");
      default:
        return Classification.of(Cause.UNKNOWN);
    }
  }

  /** The container that most likely ended the task: a non-zero exit first, then any exit. */
  private static StoppedTask.ContainerState exitedContainer(StoppedTask task) {
    StoppedTask.ContainerState zero = null;
    for (StoppedTask.ContainerState container : task.containers()) {
      if (container.exitCode() != null) {
        if (container.exitCode() != 0) {
          return container;
        }
        if (zero == null) {
          zero = container;
        }
      }
    }
    return zero;
  }

  private static Classification exitCode(StoppedTask.ContainerState container) {
    int code = container.exitCode();
    String who =
        container.name() == null
            ? "the container"
            : "container " + OutsideText.quote(container.name());
    String detail = who + " exited with code " + code + ": " + ExitCodes.meaning(code);
    if (code == 127 || code == 126) {
      // The shell ran but the command is missing or not executable: the image's entrypoint or
      // command is wrong.
      return Classification.of(Cause.CANNOT_START_CONTAINER)
          .titled(
              code == 127
                  ? "Container command not found (exit code 127)"
                  : "Container command not executable (exit code 126)")
          .detailed(detail);
    }
    Classification c =
        Classification.of(Cause.ESSENTIAL_CONTAINER_EXITED)
            .titled("Essential container exited with code " + code)
            .detailed(detail);
    if (code == 137) {
      c =
          c.hinted(
              "Raise the container's memory if it ran out, or make it stop within stopTimeout on SIGTERM; "
                  + "its logs and the task's memory metrics tell which.");
    } else if (code == 139) {
      c =
          c.hinted(
              "Check native libraries and that the image matches the task's CPU architecture "
                  + "(runtimePlatform.cpuArchitecture).");
    }
    return c;
  }

  private static Classification named(Classification c, StoppedTask.ContainerState container) {
    if (container.name() == null || c.detail() != null) {
      return c;
    }
    return c.detailed("container " + OutsideText.quote(container.name()));
  }

  private static boolean containsAny(String text, List<String> markers) {
    for (String marker : markers) {
      if (text.contains(marker)) {
        return true;
      }
    }
    return false;
  }
}
