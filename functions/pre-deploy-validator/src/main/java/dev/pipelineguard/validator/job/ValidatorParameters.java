package dev.pipelineguard.validator.job;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The action's {@code UserParameters}, validated. Every problem is collected, so one failed run
 * tells the user everything to fix.
 *
 * @param healthUrl the URL to GET, or {@code null}
 * @param imageScan the scan thresholds, or {@code null} when scans are not checked
 * @param pipeline the pipeline name (links in reports only), or {@code null}
 */
public record ValidatorParameters(
    String cluster,
    String service,
    List<SecretReference> requiredSecrets,
    URI healthUrl,
    int expectedStatus,
    int timeoutSeconds,
    ScanThresholds imageScan,
    String pipeline) {

  public static final List<String> KEYS =
      List.of(
          "cluster",
          "service",
          "requiredSecrets",
          "healthUrl",
          "expectedStatus",
          "timeoutSeconds",
          "imageScan",
          "pipeline");
  static final List<String> SCAN_KEYS = List.of("maxCritical", "maxHigh");
  static final int DEFAULT_TIMEOUT_SECONDS = 600;
  static final int MAX_TIMEOUT_SECONDS = 3600;
  static final int DEFAULT_EXPECTED_STATUS = 200;
  static final int MAX_REQUIRED_SECRETS = 100;

  private static final Pattern ECS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern CLUSTER_ARN =
      Pattern.compile("arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:cluster/([A-Za-z0-9_-]{1,255})");
  private static final Pattern SERVICE_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:service/(?:[A-Za-z0-9_-]{1,255}/)?([A-Za-z0-9_-]{1,255})");
  private static final Pattern PIPELINE_NAME = Pattern.compile("[A-Za-z0-9.@\\-_]{1,100}");

  public ValidatorParameters {
    requiredSecrets = List.copyOf(requiredSecrets);
  }

  /**
   * Severity limits of an image scan; {@code maxHigh == null} means HIGH findings are not limited.
   */
  public record ScanThresholds(int maxCritical, Integer maxHigh) {}

  /** The cluster's name, also when configured as an ARN. */
  public String clusterName() {
    var m = CLUSTER_ARN.matcher(cluster);
    return m.matches() ? m.group(1) : cluster;
  }

  /** The service's name, also when configured as an ARN. */
  public String serviceName() {
    var m = SERVICE_ARN.matcher(service);
    return m.matches() ? m.group(1) : service;
  }

  /** Parses {@code UserParameters}; throws {@link ParameterException} listing every problem. */
  public static ValidatorParameters parse(String userParameters) {
    if (userParameters == null || userParameters.isBlank()) {
      throw new ParameterException(
          List.of(
              "UserParameters is empty; it must be a JSON object with at least "
                  + "\"cluster\" and \"service\", e.g. {\"cluster\": \"prod\", \"service\": \"orders-api\"}"));
    }
    Json root;
    try {
      root = Json.parse(userParameters);
    } catch (JsonException e) {
      throw new ParameterException(
          List.of("UserParameters is not valid JSON (" + e.getMessage() + ")"));
    }
    if (!root.isObject()) {
      throw new ParameterException(
          List.of("UserParameters must be a JSON object, not " + describe(root)));
    }
    List<String> problems = new ArrayList<>();
    unknownKeys(root, KEYS, "", problems);

    String cluster = requiredName(root, "cluster", CLUSTER_ARN, problems);
    String service = requiredName(root, "service", SERVICE_ARN, problems);
    List<SecretReference> secrets = requiredSecrets(root.get("requiredSecrets"), problems);
    URI healthUrl = healthUrl(root.get("healthUrl"), problems);
    Integer expected = whole(root.get("expectedStatus"), "expectedStatus", 100, 599, problems);
    if (expected != null && healthUrl == null && !root.get("healthUrl").isString()) {
      problems.add(
          "\"expectedStatus\" is set but \"healthUrl\" is not: expectedStatus is the status healthUrl must answer");
    }
    Integer timeout =
        whole(root.get("timeoutSeconds"), "timeoutSeconds", 0, MAX_TIMEOUT_SECONDS, problems);
    ScanThresholds scan = scan(root.get("imageScan"), problems);
    String pipeline = null;
    Json pipelineJson = root.get("pipeline");
    if (!pipelineJson.isAbsent()) {
      pipeline = pipelineJson.text();
      if (!pipelineJson.isString() || !PIPELINE_NAME.matcher(pipeline).matches()) {
        problems.add(
            "\"pipeline\" must be a pipeline name (letters, digits and .@-_, at most 100 characters)");
        pipeline = null;
      }
    }
    if (!problems.isEmpty()) {
      throw new ParameterException(problems);
    }
    return new ValidatorParameters(
        cluster,
        service,
        secrets,
        healthUrl,
        expected == null ? DEFAULT_EXPECTED_STATUS : expected,
        timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout,
        scan,
        pipeline);
  }

  /**
   * Best effort, for reports about parameters that did not parse: the cluster and service if
   * readable.
   */
  public static Optional<String[]> clusterAndService(String userParameters) {
    Json root = Json.parseIfJson(userParameters);
    String cluster = root.get("cluster").text();
    String service = root.get("service").text();
    if (cluster == null && service == null) {
      return Optional.empty();
    }
    return Optional.of(new String[] {cluster, service});
  }

  private static void unknownKeys(
      Json object, List<String> allowed, String prefix, List<String> problems) {
    for (String key : object.fields().keySet()) {
      if (!allowed.contains(key)) {
        String hint =
            suggestion(key, allowed).map(s -> " (did you mean \"" + prefix + s + "\"?)").orElse("");
        problems.add(
            "unknown key \""
                + prefix
                + TextSanitizer.clean(key, 60)
                + "\""
                + hint
                + "; allowed keys: "
                + String.join(", ", allowed));
      }
    }
  }

  /** The allowed key a typo most likely meant: same letters ignoring case, or a near miss. */
  static Optional<String> suggestion(String key, List<String> allowed) {
    String lower = key.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allowed) {
      String c = candidate.toLowerCase(Locale.ROOT);
      int distance =
          c.equals(lower) ? 0 : c.startsWith(lower) || lower.startsWith(c) ? 1 : distance(c, lower);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 4)
        ? Optional.ofNullable(best)
        : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String requiredName(Json root, String key, Pattern arn, List<String> problems) {
    Json value = root.get(key);
    if (value.isAbsent()) {
      problems.add("\"" + key + "\" is required");
      return null;
    }
    String text = value.text();
    if (!value.isString() || text.isBlank()) {
      problems.add("\"" + key + "\" must be a non-empty string");
      return null;
    }
    if (!ECS_NAME.matcher(text).matches() && !arn.matcher(text).matches()) {
      problems.add(
          "\""
              + key
              + "\" must be an ECS "
              + key
              + " name (letters, digits, - and _) or ARN, not "
              + TextSanitizer.quote(text));
      return null;
    }
    return text;
  }

  private static List<SecretReference> requiredSecrets(Json value, List<String> problems) {
    if (value.isAbsent()) {
      return List.of();
    }
    if (!value.isArray()) {
      problems.add(
          "\"requiredSecrets\" must be an array of secret ARNs, secret names or SSM parameter names");
      return List.of();
    }
    if (value.elements().size() > MAX_REQUIRED_SECRETS) {
      problems.add("\"requiredSecrets\" lists more than " + MAX_REQUIRED_SECRETS + " references");
      return List.of();
    }
    Set<SecretReference> out = new LinkedHashSet<>();
    int index = 0;
    for (Json item : value.elements()) {
      if (!item.isString()) {
        problems.add("\"requiredSecrets\"[" + index + "] must be a string");
      } else {
        SecretReference.Parsed parsed =
            SecretReference.parse(item.text(), SecretReference.Origin.REQUIRED_SECRETS);
        if (parsed.reference() == null) {
          // An entry that is no name may be a secret pasted in: only ARNs and paths are quoted
          // back.
          String text = item.text();
          String shown =
              text.startsWith("arn:") || text.startsWith("/")
                  ? TextSanitizer.quote(text)
                  : "(" + text.length() + " characters, not shown)";
          problems.add("\"requiredSecrets\"[" + index + "] " + shown + " " + parsed.problem());
        } else {
          out.add(parsed.reference());
        }
      }
      index++;
    }
    return new ArrayList<>(out);
  }

  private static URI healthUrl(Json value, List<String> problems) {
    if (value.isAbsent()) {
      return null;
    }
    String text = value.text();
    if (!value.isString() || text.isBlank()) {
      problems.add("\"healthUrl\" must be an http:// or https:// URL");
      return null;
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        problems.add("\"healthUrl\" must be an absolute http:// or https:// URL with a host");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add("\"healthUrl\" is not a valid URL");
      return null;
    }
  }

  private static Integer whole(Json value, String key, int min, int max, List<String> problems) {
    if (value.isAbsent()) {
      return null;
    }
    Optional<Long> number = value.isBoolean() ? Optional.empty() : value.wholeNumber();
    if (number.isEmpty() || number.get() < min || number.get() > max) {
      problems.add("\"" + key + "\" must be a whole number from " + min + " to " + max);
      return null;
    }
    return number.get().intValue();
  }

  private static ScanThresholds scan(Json value, List<String> problems) {
    if (value.isAbsent()) {
      return null;
    }
    if (!value.isObject()) {
      problems.add("\"imageScan\" must be an object like {\"maxCritical\": 0, \"maxHigh\": 5}");
      return null;
    }
    unknownKeys(value, SCAN_KEYS, "imageScan.", problems);
    Integer critical =
        whole(value.get("maxCritical"), "imageScan.maxCritical", 0, 100_000, problems);
    Integer high = whole(value.get("maxHigh"), "imageScan.maxHigh", 0, 100_000, problems);
    return new ScanThresholds(critical == null ? 0 : critical, high);
  }

  private static String describe(Json value) {
    switch (value.kind()) {
      case ARRAY:
        return "an array";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      default:
        return "null";
    }
  }
}
