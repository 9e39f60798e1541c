package dev.pipelineguard.validator.model;

import java.util.regex.Pattern;

/**
 * A reference to a secret as ECS resolves it at task start: a Secrets Manager secret (full or
 * partial ARN, optionally followed by {@code :json-key:version-stage:version-id}, or a name in
 * {@code requiredSecrets}) or an SSM parameter (ARN or name).
 *
 * @param id what to pass as {@code SecretId} / {@code Name}: the ARN without the suffix, or the
 *     name
 * @param region the ARN's region, or {@code null} for a name (the function's region)
 * @param jsonKey the JSON key ECS injects, or {@code null} for the whole value
 * @param versionStage the staging label, or {@code null} (ECS then uses AWSCURRENT)
 * @param versionId the version id, or {@code null}
 * @param text the reference as written: a name, unless a secret was pasted where its name belongs
 *     (see {@link #isPlainParameterName()})
 */
public record SecretReference(
    Store store,
    String id,
    String region,
    String jsonKey,
    String versionStage,
    String versionId,
    String text) {

  /** Where the secret lives. */
  public enum Store {
    SECRETS_MANAGER,
    SSM_PARAMETER
  }

  /** Where a reference was written, which decides how a plain name is read. */
  public enum Origin {
    /** A task definition's {@code valueFrom}: ECS reads a plain name as an SSM parameter. */
    TASK_DEFINITION,
    /**
     * {@code requiredSecrets}: a name starting with {@code /} is an SSM parameter, others are
     * secrets.
     */
    REQUIRED_SECRETS
  }

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.\\-/]{1,2048}");

  /** The six random characters Secrets Manager appends to a secret's ARN. */
  private static final Pattern RANDOM_SUFFIX = Pattern.compile(".*-[A-Za-z0-9]{6}");

  /** Parses a reference or explains what is wrong with it. */
  public static Parsed parse(String text, Origin origin) {
    if (text == null || text.isEmpty()) {
      return Parsed.problem("is empty");
    }
    if (!text.equals(text.strip()) || text.chars().anyMatch(Character::isWhitespace)) {
      return Parsed.problem("contains whitespace");
    }
    if (text.startsWith("arn:")) {
      return parseArn(text);
    }
    if (origin == Origin.TASK_DEFINITION || text.startsWith("/")) {
      if (!PARAMETER_NAME.matcher(text).matches()) {
        return Parsed.problem("is neither an ARN nor a valid SSM parameter name");
      }
      return Parsed.of(
          new SecretReference(Store.SSM_PARAMETER, text, null, null, null, null, text));
    }
    String[] parts = text.split(":", -1);
    if (parts.length > 4) {
      return Parsed.problem("has more than the three suffixes json-key:version-stage:version-id");
    }
    if (!SECRET_NAME.matcher(parts[0]).matches()) {
      return Parsed.problem("is not a valid Secrets Manager secret name");
    }
    return Parsed.of(
        new SecretReference(
            Store.SECRETS_MANAGER,
            parts[0],
            null,
            part(parts, 1),
            part(parts, 2),
            part(parts, 3),
            text));
  }

  private static Parsed parseArn(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length < 6) {
      return Parsed.problem("is not a complete ARN");
    }
    String service = parts[2];
    String region = parts[3];
    if (!parts[1].startsWith("aws")) {
      return Parsed.problem("has an unknown partition");
    }
    if (!REGION.matcher(region).matches()) {
      return Parsed.problem("has no valid region");
    }
    if (!ACCOUNT.matcher(parts[4]).matches()) {
      return Parsed.problem("has no valid 12-digit account id");
    }
    if (service.equals("secretsmanager")) {
      if (!parts[5].equals("secret") || parts.length < 7) {
        return Parsed.problem(
            "is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)");
      }
      if (parts.length > 10) {
        return Parsed.problem("has more than the three suffixes json-key:version-stage:version-id");
      }
      if (!SECRET_NAME.matcher(parts[6]).matches()) {
        return Parsed.problem("has an invalid secret name");
      }
      String id =
          String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6]);
      return Parsed.of(
          new SecretReference(
              Store.SECRETS_MANAGER,
              id,
              region,
              part(parts, 7),
              part(parts, 8),
              part(parts, 9),
              text));
    }
    if (service.equals("ssm")) {
      String resource = String.join(":", java.util.Arrays.copyOfRange(parts, 5, parts.length));
      if (!resource.startsWith("parameter/") || resource.length() == "parameter/".length()) {
        return Parsed.problem(
            "is not an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)");
      }
      return Parsed.of(
          new SecretReference(Store.SSM_PARAMETER, text, region, null, null, null, text));
    }
    return Parsed.problem("is not a Secrets Manager or SSM Parameter Store ARN");
  }

  private static String part(String[] parts, int index) {
    return index < parts.length && !parts[index].isEmpty() ? parts[index] : null;
  }

  /** The staging label ECS asks for: the one named, or AWSCURRENT when neither label nor id is. */
  String effectiveStage() {
    if (versionStage != null) {
      return versionStage;
    }
    return versionId == null ? "AWSCURRENT" : null;
  }

  /**
   * A task definition's plain name (no ARN, no leading {@code /}), which ECS reads as an SSM
   * parameter name: where a secret pasted into {@code valueFrom} ends up.
   */
  public boolean isPlainParameterName() {
    return store == Store.SSM_PARAMETER && !id.startsWith("arn:") && !id.startsWith("/");
  }

  /** A partial ARN (no random suffix) of a secret: resolvable, but ambiguous for some names. */
  public boolean isPartialArn() {
    if (store != Store.SECRETS_MANAGER || !id.startsWith("arn:")) {
      return false;
    }
    String name = id.substring(id.lastIndexOf(':') + 1);
    return !RANDOM_SUFFIX.matcher(name).matches();
  }

  /** The value ECS reads: the secret version, regardless of which JSON key is taken from it. */
  public String versionKey() {
    return store + "|" + id + "|" + region + "|" + effectiveStage() + "|" + versionId;
  }

  /** A reference or a reason it cannot be one. */
  public record Parsed(SecretReference reference, String problem) {
    static Parsed of(SecretReference reference) {
      return new Parsed(reference, null);
    }

    static Parsed problem(String problem) {
      return new Parsed(null, problem);
    }
  }
}
