package dev.pipelineguard.validator.result;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.Text;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code pipeline-guard.validation-report/v1} report (docs/report-schema.md) about a blocked
 * deployment, with its SNS subject and message attributes. Built from the same check results as
 * the CodePipeline message; never contains a secret value.
 */
public record ValidationReport(String subject, String message, Map<String, String> attributes) {
  public static final String SCHEMA = "pipeline-guard.validation-report/v1";
  public static final String KIND = "deployment-blocked";
  static final int MAX_MESSAGE_BYTES = 250_000;
  private static final int MAX_DETAILS = 50;

  public ValidationReport {
    attributes = Map.copyOf(attributes);
  }

  /** Where and when, for every report. */
  public record Origin(String region, String account, Instant now, String logGroup) {}

  public static ValidationReport forChecks(ValidatorParameters params, String jobId, Decision.Fail fail, Origin origin) {
    List<String> failedNames = fail.checks().stream().filter(c -> c.is(CheckStatus.FAILED)).map(c -> c.check().id()).toList();
    String summary = "Deployment of " + params.serviceName() + " blocked: " + String.join(", ", failedNames)
        + (failedNames.size() == 1 ? " check failed" : " checks failed");
    List<Map<String, Object>> checks = new ArrayList<>();
    for (CheckResult c : fail.checks()) {
      checks.add(check(c));
    }
    return build(params.clusterName(), params.serviceName(), params.pipeline(), jobId, fail.type(), summary, checks,
        origin, MAX_DETAILS);
  }

  public static ValidationReport forParameters(String cluster, String service, List<String> problems, String jobId,
      Origin origin) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("name", "parameters");
    check.put("status", "FAILED");
    check.put("summary", "the action's UserParameters cannot be used");
    check.put("details", problems.stream().map(p -> TextSanitizer.clean(p, 600)).toList());
    check.put("fix", "Fix UserParameters; allowed keys: " + String.join(", ", ValidatorParameters.KEYS));
    cluster = cluster == null ? null : TextSanitizer.clean(cluster, 255);
    service = service == null ? null : TextSanitizer.clean(service, 255);
    return build(cluster, service, null, jobId, FailureType.CONFIGURATION_ERROR,
        "Deployment" + (service == null ? "" : " of " + service) + " blocked: the validator's UserParameters cannot be used",
        List.of(check), origin, MAX_DETAILS);
  }

  private static Map<String, Object> check(CheckResult c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", c.check().id());
    boolean unfinished = c.is(CheckStatus.PENDING);
    out.put("status", unfinished ? "SKIPPED" : c.status().name());
    out.put("summary", (unfinished ? "not finished: " : "") + TextSanitizer.clean(c.summary(), 600));
    out.put("details", c.details().stream().map(d -> TextSanitizer.clean(d, 600)).toList());
    out.put("fix", c.is(CheckStatus.FAILED) ? TextSanitizer.clean(c.fix(), 600) : "");
    return out;
  }

  private static ValidationReport build(String cluster, String service, String pipeline, String jobId, FailureType type,
      String summary, List<Map<String, Object>> checks, Origin origin, int maxDetails) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema", SCHEMA);
    body.put("kind", KIND);
    body.put("severity", "ERROR");
    body.put("region", origin.region());
    body.put("account", origin.account());
    body.put("cluster", cluster);
    body.put("service", service);
    body.put("summary", TextSanitizer.clean(summary, 300));
    body.put("detectedAt", origin.now().toString());
    Map<String, Object> links = new LinkedHashMap<>();
    if (cluster != null && service != null) {
      links.put("service", AwsConsole.ecsService(origin.region(), cluster, service));
    }
    if (pipeline != null) {
      links.put("pipeline", AwsConsole.pipeline(origin.region(), pipeline));
    }
    if (origin.logGroup() != null) {
      links.put("logs", AwsConsole.cloudWatchLogGroup(origin.region(), origin.logGroup()));
    }
    body.put("links", links);
    body.put("jobId", jobId);
    body.put("pipeline", pipeline);
    body.put("failureType", type.apiName());
    List<Map<String, Object>> limited = new ArrayList<>();
    for (Map<String, Object> check : checks) {
      Map<String, Object> copy = new LinkedHashMap<>(check);
      @SuppressWarnings("unchecked") // every check's details is put as a List<String>
      List<String> details = (List<String>) copy.get("details");
      if (details.size() > maxDetails) {
        List<String> cut = new ArrayList<>(details.subList(0, maxDetails));
        cut.add("… and " + (details.size() - maxDetails) + " more");
        copy.put("details", cut);
      }
      limited.add(copy);
    }
    body.put("checks", limited);
    String message = JsonWriter.write(body);
    if (Text.utf8Length(message) > MAX_MESSAGE_BYTES && maxDetails > 1) {
      return build(cluster, service, pipeline, jobId, type, summary, checks, origin, maxDetails / 5);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("schema", SCHEMA);
    attributes.put("severity", "ERROR");
    attributes.put("kind", KIND);
    if (cluster != null && !cluster.isBlank()) {
      attributes.put("cluster", cluster);
    }
    if (service != null && !service.isBlank()) {
      attributes.put("service", service);
    }
    String subject = Text.truncate(Text.oneLine("Deployment blocked: " + (service == null ? "unknown service" : service)
        + (cluster == null ? "" : " (" + cluster + ")")), 99);
    return new ValidationReport(subject, message, attributes);
  }
}
