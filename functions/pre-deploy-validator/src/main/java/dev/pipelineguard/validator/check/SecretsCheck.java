package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;
import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.model.TextSanitizer;
import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.FailureType;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Check 3: every secret the task will be started with (and every {@code requiredSecrets} entry)
 * exists, is not scheduled for deletion, has the requested version, can be read, and has the
 * requested JSON key. Evidence names references and JSON key names, never values.
 */
final class SecretsCheck {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9_.@+/-]{1,64}");
  private static final int MAX_KEYS_LISTED = 10;

  private SecretsCheck() {}

  /** A reference and every place that uses it, e.g. {@code container 'app' secrets DB_PASSWORD}. */
  record Usage(SecretReference reference, List<String> where) {
    String label() {
      return String.join(
          ", ",
          where.size() <= 3
              ? where
              : List.of(where.get(0), where.get(1), "and " + (where.size() - 2) + " more"));
    }
  }

  /**
   * What the check reads: every secret the task will be started with and every {@code
   * requiredSecrets} entry, each with every place that uses it; or the result when the check is
   * decided without reading any.
   *
   * @param result set when nothing is to be read
   * @param malformed task definition references that cannot be parsed, as detail lines
   * @param note why the task definition's secrets are not among the usages, or null
   */
  record Plan(CheckResult result, List<Usage> usages, List<String> malformed, String note) {
    private static Plan decided(CheckResult result) {
      return new Plan(result, List.of(), List.of(), null);
    }
  }

  /**
   * A task definition that cannot be read is this check's to report when the service exists (the
   * health check reports a service that does not exist or cannot be read: the required secrets are
   * then checked alone, with a note). A read that may pass later makes this check wait.
   */
  static Plan plan(TaskDefinitionRead taskDefinition, List<SecretReference> requiredSecrets) {
    String note = null;
    if (!taskDefinition.ok()) {
      if (taskDefinition.mayPassLater()) {
        return Plan.decided(taskDefinition.waiting(CheckId.SECRETS));
      }
      if (taskDefinition.serviceFound()) {
        return Plan.decided(unreadable(taskDefinition));
      }
      note = "the task definition's secrets were not checked: " + taskDefinition.unreadReason();
    }
    Map<SecretReference, List<String>> uses = new LinkedHashMap<>();
    List<String> malformed = new ArrayList<>();
    if (taskDefinition.ok()) {
      for (TaskDefinition.Container container : taskDefinition.value().containers()) {
        for (TaskDefinition.SecretUse use : container.secrets()) {
          String where = "container " + TextSanitizer.quote(container.name()) + " " + use.where();
          SecretReference.Parsed parsed =
              SecretReference.parse(use.valueFrom(), SecretReference.Origin.TASK_DEFINITION);
          if (parsed.reference() == null && ShownReference.meantAsArnOrPath(use.valueFrom())) {
            malformed.add(
                where
                    + ": "
                    + TextSanitizer.quote(use.valueFrom())
                    + " "
                    + parsed.problem()
                    + " -> fix the valueFrom in the task definition");
          } else if (parsed.reference() == null) {
            malformed.add(ShownReference.unparsable(use.valueFrom()).hiddenLine(where, null, null));
          } else {
            uses.computeIfAbsent(parsed.reference(), r -> new ArrayList<>()).add(where);
          }
        }
      }
    }
    for (SecretReference ref : requiredSecrets) {
      uses.computeIfAbsent(ref, r -> new ArrayList<>()).add("requiredSecrets");
    }
    List<Usage> usages = new ArrayList<>();
    uses.forEach(
        (ref, where) -> usages.add(new Usage(ref, List.copyOf(new LinkedHashSet<>(where)))));
    return new Plan(null, usages, malformed, note);
  }

  /** The service exists, its task definition cannot be read. */
  private static CheckResult unreadable(TaskDefinitionRead taskDefinition) {
    String arn = taskDefinition.service().value().orElseThrow().taskDefinitionArn();
    AwsCallException error = taskDefinition.taskDefinition().error();
    if (error.kind() == AwsCallException.Kind.NOT_FOUND) {
      return CheckResult.failed(
          CheckId.SECRETS,
          FailureType.JOB_FAILED,
          "the service's task definition " + TextSanitizer.quote(arn) + " does not exist",
          List.of(error.evidence()),
          "Re-register the task definition or update the service; the deploy action builds on it.");
    }
    return CallFailures.result(
        CheckId.SECRETS,
        error,
        "the service's task definition " + TextSanitizer.quote(arn),
        "Allow the validator ecs:DescribeTaskDefinition.");
  }

  /**
   * @param malformed task definition references that cannot be parsed, as detail lines
   * @param shapes what each version read found, by {@link SecretReference#versionKey()}
   * @param unreadNote why the task definition's secrets were not checked, or null
   */
  static CheckResult evaluate(
      List<Usage> usages,
      List<String> malformed,
      Map<String, Fetched<SecretShape>> shapes,
      String unreadNote) {
    List<String> failures = new ArrayList<>(malformed);
    List<String> waiting = new ArrayList<>();
    int readable = 0;
    FailureType type = malformed.isEmpty() ? null : FailureType.JOB_FAILED;
    for (Usage usage : usages) {
      SecretReference ref = usage.reference();
      ShownReference shown = ShownReference.of(ref);
      String where = usage.label() + ": " + shown.label();
      Fetched<SecretShape> fetched = shapes.get(ref.versionKey());
      if (fetched == null || (fetched.value() == null && fetched.error() == null)) {
        waiting.add(where + ": not read in time");
        continue;
      }
      if (fetched.error() != null) {
        AwsCallException error = fetched.error();
        if (error.transientFailure()) {
          // AWS error messages may quote the reference: one not shown gets only the error code.
          waiting.add(
              shown.shown()
                  ? CallFailures.detail(where, error)
                  : where + ": not answered yet (" + error.errorCode() + ")");
        } else if (error.kind() == AwsCallException.Kind.ACCESS_DENIED) {
          type = FailureType.worst(type, FailureType.PERMISSION_ERROR);
          failures.add(
              shown.shown()
                  ? CallFailures.detail(where, error) + " -> " + grant(ref, error)
                  : shown.hiddenLine(
                      usage.label(),
                      "reading it was denied (" + error.errorCode() + ")",
                      grant(ref, error)));
        } else {
          type = FailureType.worst(type, FailureType.JOB_FAILED);
          failures.add(
              shown.shown()
                  ? CallFailures.detail(where, error)
                  : shown.hiddenLine(
                      usage.label(), "reading it failed (" + error.errorCode() + ")", null));
        }
        continue;
      }
      String problem = problem(ref, fetched.value());
      if (problem == null) {
        readable++;
        continue;
      }
      type = FailureType.worst(type, FailureType.JOB_FAILED);
      if (shown.shown()) {
        failures.add(where + " " + problem);
      } else if (fetched.value().state() == SecretShape.State.NOT_FOUND) {
        failures.add(
            shown.hiddenLine(
                usage.label(), "no SSM parameter has that name", "create the parameter"));
      } else {
        failures.add(shown.hiddenLine(usage.label(), "reading it found: " + problem, null));
      }
    }
    int total = usages.size() + malformed.size();
    if (!failures.isEmpty()) {
      List<String> details = new ArrayList<>(failures);
      details.addAll(waiting);
      if (readable > 0) {
        details.add(readable + " other reference(s) are readable");
      }
      if (unreadNote != null) {
        details.add(unreadNote);
      }
      return CheckResult.failed(
          CheckId.SECRETS,
          type,
          failures.size()
              + " of "
              + total
              + " secret reference(s) would stop the task from starting",
          details,
          "ECS fails the task with ResourceInitializationError when any secret cannot be resolved; fix each reference above.");
    }
    if (!waiting.isEmpty()) {
      return CheckResult.pending(
          CheckId.SECRETS, "waiting to read " + waiting.size() + " secret reference(s)", waiting);
    }
    if (total == 0) {
      return CheckResult.skipped(
          CheckId.SECRETS,
          unreadNote != null
              ? unreadNote
              : "the task definition references no secrets and requiredSecrets is empty");
    }
    List<String> details = new ArrayList<>();
    details.add(readable + " reference(s) exist and are readable (values were read and discarded)");
    if (unreadNote != null) {
      details.add(unreadNote);
    }
    return CheckResult.passed(CheckId.SECRETS, readable + " secret reference(s) readable", details);
  }

  /** What is wrong with a secret that was found, or null. */
  static String problem(SecretReference ref, SecretShape shape) {
    switch (shape.state()) {
      case NOT_FOUND:
        return "does not exist" + notFoundHint(ref);
      case SCHEDULED_FOR_DELETION:
        return "is scheduled for deletion"
            + (shape.deletionDate() == null ? "" : " on " + DAY.format(shape.deletionDate()))
            + " -> restore it: aws secretsmanager restore-secret --secret-id "
            + ref.id();
      case VERSION_NOT_FOUND:
        return "has no version "
            + version(ref)
            + (shape.versionStages().isEmpty()
                ? ""
                : " (staging labels: "
                    + TextSanitizer.clean(String.join(", ", shape.versionStages()), 200)
                    + ")")
            + " -> point the reference at an existing version, or leave version-stage and version-id empty for AWSCURRENT";
      default:
        break;
    }
    if (ref.jsonKey() == null) {
      return null;
    }
    if (shape.binary()) {
      return "is a binary secret, so ECS cannot take the JSON key "
          + TextSanitizer.quote(ref.jsonKey())
          + " from it -> store the value as a JSON string (SecretString)";
    }
    if (shape.jsonKeys() == null) {
      return "is not a JSON object, so ECS cannot take the JSON key "
          + TextSanitizer.quote(ref.jsonKey())
          + " from it -> store {\""
          + TextSanitizer.clean(ref.jsonKey(), 64)
          + "\": ...} or drop the key from the reference";
    }
    if (!shape.jsonKeys().contains(ref.jsonKey())) {
      return "has no JSON key "
          + TextSanitizer.quote(ref.jsonKey())
          + " (its keys: "
          + keys(shape.jsonKeys())
          + ") -> add the key to the secret or fix the reference (keys are case-sensitive)";
    }
    return null;
  }

  private static String notFoundHint(SecretReference ref) {
    if (ref.store() == SecretReference.Store.SSM_PARAMETER) {
      return ref.id().startsWith("arn:")
          ? " -> create the SSM parameter or fix the ARN"
          : " -> create the SSM parameter; in a task definition a plain name is an SSM parameter, "
              + "so a Secrets Manager secret must be given by its ARN";
    }
    if (ref.isPartialArn()) {
      return " -> create the secret or fix the ARN (a partial ARN is ambiguous when the secret's name itself ends "
          + "in a hyphen and six characters: use the full ARN)";
    }
    return " -> create the secret or fix the reference";
  }

  private static String version(SecretReference ref) {
    List<String> parts = new ArrayList<>();
    if (ref.versionStage() != null) {
      parts.add("with staging label " + TextSanitizer.quote(ref.versionStage()));
    }
    if (ref.versionId() != null) {
      parts.add("with id " + TextSanitizer.quote(ref.versionId()));
    }
    return parts.isEmpty() ? "AWSCURRENT" : String.join(" and ", parts);
  }

  private static String keys(List<String> keys) {
    List<String> shown =
        keys.stream().filter(k -> KEY_NAME.matcher(k).matches()).limit(MAX_KEYS_LISTED).toList();
    int hidden = keys.size() - shown.size();
    String listed = shown.isEmpty() ? "none listed" : String.join(", ", shown);
    return keys.isEmpty() ? "none" : listed + (hidden > 0 ? " and " + hidden + " more" : "");
  }

  private static String grant(SecretReference ref, AwsCallException error) {
    if ("DecryptionFailure".equals(error.errorCode()) || error.errorCode().startsWith("KMS")) {
      return "allow kms:Decrypt on the secret's KMS key for the validator (and the task execution role)";
    }
    return ref.store() == SecretReference.Store.SSM_PARAMETER
        ? "allow ssm:GetParameter on it for the validator (template ParameterPrefix) and ssm:GetParameters for the task execution role"
        : "allow secretsmanager:GetSecretValue and DescribeSecret on it for the validator (template SecretsPrefix) "
            + "and GetSecretValue for the task execution role";
  }
}
