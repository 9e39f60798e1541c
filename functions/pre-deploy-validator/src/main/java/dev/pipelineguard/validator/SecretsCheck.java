package dev.pipelineguard.validator;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Check 3: every secret the task will be started with (and every {@code requiredSecrets} entry)
 * exists, is not scheduled for deletion, has the requested version, can be read, and has the
 * requested JSON key. Evidence names references and JSON key names, never values.
 */
final class SecretsCheck {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9_.@+/-]{1,64}");
  private static final int MAX_KEYS_LISTED = 10;

  private SecretsCheck() {}

  /** A reference and every place that uses it, e.g. {@code container 'app' secrets DB_PASSWORD}. */
  record Usage(SecretReference reference, List<String> where) {
    String label() {
      return String.join(", ", where.size() <= 3 ? where : List.of(where.get(0), where.get(1),
          "and " + (where.size() - 2) + " more"));
    }
  }

  /**
   * @param malformed     task definition references that cannot be parsed, as detail lines
   * @param shapes        what each version read found, by {@link SecretReference#versionKey()}
   * @param unreadNote    why the task definition's secrets were not checked, or null
   */
  static CheckResult evaluate(List<Usage> usages, List<String> malformed, Map<String, Fetched<SecretShape>> shapes,
      String unreadNote) {
    List<String> failures = new ArrayList<>(malformed);
    List<String> waiting = new ArrayList<>();
    int readable = 0;
    FailureType type = malformed.isEmpty() ? null : FailureType.JOB_FAILED;
    for (Usage usage : usages) {
      SecretReference ref = usage.reference();
      String where = usage.label() + ": " + Evidence.clean(ref.text(), 400);
      Fetched<SecretShape> fetched = shapes.get(ref.versionKey());
      if (fetched == null || fetched.value() == null && fetched.error() == null) {
        waiting.add(where + ": not read in time");
        continue;
      }
      if (fetched.error() != null) {
        AwsCallException error = fetched.error();
        if (error.transientFailure()) {
          waiting.add(CallFailures.detail(where, error));
        } else if (error.kind() == AwsCallException.Kind.ACCESS_DENIED) {
          type = FailureType.worst(type, FailureType.PERMISSION_ERROR);
          failures.add(CallFailures.detail(where, error) + " -> " + grant(ref, error));
        } else {
          type = FailureType.worst(type, FailureType.JOB_FAILED);
          failures.add(CallFailures.detail(where, error));
        }
        continue;
      }
      String problem = problem(ref, fetched.value());
      if (problem != null) {
        type = FailureType.worst(type, FailureType.JOB_FAILED);
        failures.add(where + " " + problem);
      } else {
        readable++;
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
      return CheckResult.failed(CheckId.SECRETS, type, failures.size() + " of " + total
          + " secret reference(s) would stop the task from starting", details,
          "ECS fails the task with ResourceInitializationError when any secret cannot be resolved; fix each reference above.");
    }
    if (!waiting.isEmpty()) {
      return CheckResult.pending(CheckId.SECRETS, "waiting to read " + waiting.size() + " secret reference(s)", waiting);
    }
    if (total == 0) {
      return CheckResult.skipped(CheckId.SECRETS, unreadNote != null ? unreadNote
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
        return "is scheduled for deletion" + (shape.deletionDate() == null ? "" : " on " + DAY.format(shape.deletionDate()))
            + " -> restore it: aws secretsmanager restore-secret --secret-id " + ref.id();
      case VERSION_NOT_FOUND:
        return "has no version " + version(ref)
            + (shape.versionStages().isEmpty() ? "" : " (staging labels: " + Evidence.clean(String.join(", ",
                shape.versionStages()), 200) + ")")
            + " -> point the reference at an existing version, or leave version-stage and version-id empty for AWSCURRENT";
      default:
        break;
    }
    if (ref.jsonKey() == null) {
      return null;
    }
    if (shape.binary()) {
      return "is a binary secret, so ECS cannot take the JSON key " + Evidence.quote(ref.jsonKey())
          + " from it -> store the value as a JSON string (SecretString)";
    }
    if (shape.jsonKeys() == null) {
      return "is not a JSON object, so ECS cannot take the JSON key " + Evidence.quote(ref.jsonKey())
          + " from it -> store {\"" + Evidence.clean(ref.jsonKey(), 64) + "\": ...} or drop the key from the reference";
    }
    if (!shape.jsonKeys().contains(ref.jsonKey())) {
      return "has no JSON key " + Evidence.quote(ref.jsonKey()) + " (its keys: " + keys(shape.jsonKeys())
          + ") -> add the key to the secret or fix the reference (keys are case-sensitive)";
    }
    return null;
  }

  private static String notFoundHint(SecretReference ref) {
    if (ref.store() == SecretReference.Store.SSM_PARAMETER) {
      return ref.id().startsWith("arn:") ? " -> create the SSM parameter or fix the ARN"
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
      parts.add("with staging label " + Evidence.quote(ref.versionStage()));
    }
    if (ref.versionId() != null) {
      parts.add("with id " + Evidence.quote(ref.versionId()));
    }
    return parts.isEmpty() ? "AWSCURRENT" : String.join(" and ", parts);
  }

  private static String keys(List<String> keys) {
    List<String> shown = keys.stream().filter(k -> KEY_NAME.matcher(k).matches()).limit(MAX_KEYS_LISTED).toList();
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
