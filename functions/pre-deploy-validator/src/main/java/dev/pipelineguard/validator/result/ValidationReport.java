package dev.pipelineguard.validator.result;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.Text;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportContract;
import dev.pipelineguard.common.report.ReportHeader;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code pipeline-guard.validation-report/v1} report ({@link ReportContract},
 * docs/report-schema.md) about a blocked deployment, with its SNS subject and message attributes.
 * Built from the same check results as the CodePipeline message; never contains a secret value.
 */
public final class ValidationReport {
  private static final int MAX_DETAILS = 50;

  private ValidationReport() {}

  /** Where and when, for every report. */
  public record Origin(String region, String account, Instant now, String logGroup) {}

  public static Report forChecks(
      ValidatorParameters params, String jobId, Decision.Fail fail, Origin origin) {
    List<String> failedNames =
        fail.checks().stream()
            .filter(c -> c.is(CheckStatus.FAILED))
            .map(c -> c.check().id())
            .toList();
    String summary =
        "Deployment of "
            + params.serviceName()
            + " blocked: "
            + String.join(", ", failedNames)
            + (failedNames.size() == 1 ? " check failed" : " checks failed");
    List<Map<String, Object>> checks = new ArrayList<>();
    for (CheckResult c : fail.checks()) {
      checks.add(check(c));
    }
    return build(
        params.clusterName(),
        params.serviceName(),
        params.pipeline(),
        jobId,
        fail.type(),
        summary,
        checks,
        origin,
        MAX_DETAILS);
  }

  public static Report forParameters(
      String cluster, String service, List<String> problems, String jobId, Origin origin) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("name", "parameters");
    check.put("status", "FAILED");
    check.put("summary", "the action's UserParameters cannot be used");
    check.put("details", problems.stream().map(p -> TextSanitizer.clean(p, 600)).toList());
    check.put(
        "fix", "Fix UserParameters; allowed keys: " + String.join(", ", ValidatorParameters.KEYS));
    cluster = cluster == null ? null : TextSanitizer.clean(cluster, 255);
    service = service == null ? null : TextSanitizer.clean(service, 255);
    return build(
        cluster,
        service,
        null,
        jobId,
        FailureType.CONFIGURATION_ERROR,
        "Deployment"
            + (service == null ? "" : " of " + service)
            + " blocked: the validator's UserParameters cannot be used",
        List.of(check),
        origin,
        MAX_DETAILS);
  }

  private static Map<String, Object> check(CheckResult c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", c.check().id());
    boolean unfinished = c.is(CheckStatus.PENDING);
    out.put("status", unfinished ? "SKIPPED" : c.status().name());
    out.put(
        "summary", (unfinished ? "not finished: " : "") + TextSanitizer.clean(c.summary(), 600));
    out.put("details", c.details().stream().map(d -> TextSanitizer.clean(d, 600)).toList());
    out.put("fix", c.is(CheckStatus.FAILED) ? TextSanitizer.clean(c.fix(), 600) : "");
    return out;
  }

  private static Report build(
      String cluster,
      String service,
      String pipeline,
      String jobId,
      FailureType type,
      String summary,
      List<Map<String, Object>> checks,
      Origin origin,
      int maxDetails) {
    Map<String, String> links = new LinkedHashMap<>();
    if (cluster != null && service != null) {
      links.put("service", AwsConsole.ecsService(origin.region(), cluster, service));
    }
    if (pipeline != null) {
      links.put("pipeline", AwsConsole.pipeline(origin.region(), pipeline));
    }
    if (origin.logGroup() != null) {
      links.put("logs", AwsConsole.cloudWatchLogGroup(origin.region(), origin.logGroup()));
    }
    Map<String, Object> body =
        new ReportHeader(
                ReportContract.VALIDATION_V1,
                ReportContract.KIND_BLOCKED,
                ReportContract.ERROR,
                origin.region(),
                origin.account(),
                cluster,
                service,
                TextSanitizer.clean(summary, ReportContract.SUMMARY_MAX),
                origin.now().toString(),
                links)
            .body();
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
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(ReportContract.SCHEMA, ReportContract.VALIDATION_V1);
    attributes.put(ReportContract.SEVERITY, ReportContract.ERROR);
    attributes.put(ReportContract.KIND, ReportContract.KIND_BLOCKED);
    if (cluster != null && !cluster.isBlank()) {
      attributes.put(ReportContract.CLUSTER, cluster);
    }
    if (service != null && !service.isBlank()) {
      attributes.put(ReportContract.SERVICE, service);
    }
    String subject =
        Text.truncate(
            Text.oneLine(
                "Deployment blocked: "
                    + (service == null ? "unknown service" : service)
                    + (cluster == null ? "" : " (" + cluster + ")")),
            ReportContract.SUBJECT_MAX);
    Report report = new Report(subject, JsonWriter.write(body), attributes);
    if (!report.fits(ReportContract.SNS_MAX_BYTES) && maxDetails > 1) {
      return build(
          cluster, service, pipeline, jobId, type, summary, checks, origin, maxDetails / 5);
    }
    return report;
  }
}
