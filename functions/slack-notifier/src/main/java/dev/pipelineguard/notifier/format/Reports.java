package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Text;
import dev.pipelineguard.common.report.ReportContract;
import dev.pipelineguard.common.report.ReportHeader;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.blockkit.SlackMessage.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the reports of pipeline-guard's own functions ({@link ReportContract},
 * docs/report-schema.md): the deployment watcher's rollback report and the pre-deploy validator's
 * validation report. The common fields are read by {@link ReportHeader}, as they are written. A
 * report with a schema this version does not know still posts its summary, severity and links.
 */
final class Reports {
  static final String ROLLBACK_V1 = ReportContract.ROLLBACK_V1;
  static final String VALIDATION_V1 = ReportContract.VALIDATION_V1;
  private static final int MAX_FAILED_CHECK_SECTIONS = 25;
  private static final int MAX_LINKS = 8;

  /** Characters all failed-check sections of a validation report may use together. */
  private static final int FAILED_CHECKS_BUDGET = 8000;

  private Reports() {}

  static boolean handles(Json body) {
    String schema = Facts.text(body.get(ReportContract.SCHEMA));
    return body.isObject() && schema != null && schema.startsWith(ReportContract.SCHEMA_PREFIX);
  }

  static Notice read(Json report, FormatContext context) {
    String schema = Facts.text(report.get(ReportContract.SCHEMA));
    if (ROLLBACK_V1.equals(schema)) {
      return rollback(report, context);
    }
    if (VALIDATION_V1.equals(schema)) {
      return validation(report, context);
    }
    return unknown(report, context, schema);
  }

  /** What all reports share: the {@link ReportHeader}. */
  private static final class Common {
    final Json report;
    final FormatContext context;
    final ReportHeader header;
    final String kind;
    final boolean error;
    final String region;
    final String account;
    final String cluster;
    final String service;
    final String summary;
    final String detectedAt;

    Common(Json report, FormatContext context) {
      this.report = report;
      this.context = context;
      this.header = ReportHeader.read(report);
      this.kind = header.kind();
      this.error = !ReportContract.WARNING.equals(Facts.upper(header.severity()));
      this.region = header.region();
      this.account = header.account();
      this.cluster = header.cluster();
      this.service = header.service();
      this.summary = header.summary();
      this.detectedAt = header.detectedAt();
    }

    Severity severity() {
      return error ? Severity.FAILURE : Severity.WARNING;
    }

    Category severityCategory() {
      return error ? Category.FAILURE : Category.WARNING;
    }

    String serviceLabel() {
      return Facts.orDefault(service, "unknown service");
    }

    String serviceUrl() {
      return region == null || cluster == null || service == null
          ? null
          : AwsConsole.ecsService(region, cluster, service);
    }

    List<String> routeKeys(String pipeline) {
      List<String> keys = new ArrayList<>();
      if (pipeline != null) {
        keys.add("pipeline:" + pipeline);
      }
      if (service != null) {
        if (cluster != null) {
          keys.add("service:" + cluster + "/" + service);
        }
        keys.add("service:" + service);
      }
      return keys;
    }

    List<Field> serviceFields() {
      List<Field> fields = new ArrayList<>();
      fields.add(
          Field.of("Service", service == null ? Mrkdwn.EMPTY : Mrkdwn.link(serviceUrl(), service)));
      fields.add(Field.of("Cluster", Mrkdwn.line(cluster, 200)));
      return fields;
    }

    /**
     * Console links of the report; other hosts are left out (a report must not carry arbitrary
     * links).
     */
    List<Mrkdwn> links() {
      List<Mrkdwn> out = new ArrayList<>();
      for (Map.Entry<String, String> link : header.links().entrySet()) {
        String url = link.getValue();
        if (out.size() < MAX_LINKS && Facts.isConsoleUrl(url)) {
          out.add(Mrkdwn.link(url, Facts.humanize(Facts.shortId(link.getKey(), 40))));
        }
      }
      return out;
    }

    List<Mrkdwn> footer() {
      return Facts.footer(context, region, account, detectedAt, List.of());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // pipeline-guard.rollback-report/v1

  private static Notice rollback(Json report, FormatContext context) {
    Common common = new Common(report, context);
    Category category =
        ReportContract.KIND_ROLLBACK.equals(common.kind)
            ? Category.ROLLBACK
            : common.severityCategory();
    String failedId = Facts.text(report.path("failedDeployment", "id"));
    String pipeline = Facts.text(report.path("pipelineExecution", "pipeline"));
    return Notice.post(
            "report.rollback." + Facts.orDefault(common.kind, "unknown"),
            category,
            found -> renderRollback(common))
        .routes(common.routeKeys(pipeline))
        .dedupe(
            List.of(
                "report/rollback/"
                    + Facts.orDefault(common.cluster, "-")
                    + "/"
                    + Facts.orDefault(common.service, "-")
                    + "/"
                    + Facts.orDefault(failedId, "-")
                    + "/"
                    + Facts.orDefault(common.kind, "-")));
  }

  private static SlackMessage renderRollback(Common common) {
    Json report = common.report;
    Json cause = report.get("cause");
    String causeTitle = Facts.text(cause.get("title"));
    boolean stuck = ReportContract.KIND_STUCK.equals(common.kind);
    boolean rollback = ReportContract.KIND_ROLLBACK.equals(common.kind);
    String emoji = rollback ? ":rewind:" : stuck ? ":hourglass_flowing_sand:" : ":rotating_light:";
    String what =
        rollback
            ? rollbackState(report.get("restoredDeployment"))
            : stuck
                ? "Deployment stuck"
                : Facts.humanize(Facts.orDefault(common.kind, "deployment report"));
    String title =
        what + ": " + common.serviceLabel() + (causeTitle == null ? "" : " — " + causeTitle);
    SlackMessage.Builder message =
        SlackMessage.builder(common.severity())
            .title(emoji, title)
            .fallback(title + (common.summary == null ? "" : ". " + common.summary));

    message.section(Mrkdwn.text(common.summary, 600));
    message.section(cause(cause));

    Json failed = report.get("failedDeployment");
    Json restored = report.get("restoredDeployment");
    List<Field> fields = common.serviceFields();
    fields.add(Field.of("Failed deployment", deployment(common.region, failed)));
    if (rollback || restored.isObject()) {
      fields.add(
          Field.of(
              "Restored deployment",
              restored.isObject()
                  ? deployment(common.region, restored)
                  : Mrkdwn.markup(":warning: none: no completed deployment to return to")));
    }
    fields.add(Field.of("Circuit breaker", circuitBreaker(report.get("circuitBreaker"))));
    Json evidence = report.get("evidence");
    fields.add(
        Field.of(
            "Stopped tasks",
            Mrkdwn.line(
                evidence.get("stoppedTasks").wholeNumber().map(String::valueOf).orElse(null))));
    fields.add(Field.of("Failures", failureWindow(evidence)));
    fields.add(
        Field.of("Pipeline", pipelineExecution(common.region, report.get("pipelineExecution"))));
    message.fields(fields);

    message.section(images(failed, restored));
    List<String> reasons = reasonTexts(evidence);
    message.section(reasons(evidence, reasons));
    message.section(exitCodes(evidence.get("exitCodes")));
    message.section(examples(evidence.get("examples"), reasons));
    message.section(serviceEvents(evidence.get("serviceEvents")));
    message.context(common.links());
    message.footer(common.footer());
    return message.build();
  }

  /**
   * What became of the rollback: ECS sets the restored deployment back to IN_PROGRESS until it is
   * steady again, so "Rolled back" only once it is COMPLETED.
   */
  static String rollbackState(Json restored) {
    if (!restored.isObject()) {
      return "Deployment failed, no rollback";
    }
    switch (Facts.upper(restored.get("rolloutState").text())) {
      case "COMPLETED":
        return "Rolled back";
      case "FAILED":
        return "Rollback failed";
      default:
        return "Rolling back";
    }
  }

  private static Mrkdwn cause(Json cause) {
    String title = Facts.text(cause.get("title"));
    String code = Facts.text(cause.get("code"));
    String hint = Facts.text(cause.get("hint"));
    String detail = Facts.text(cause.get("detail"));
    if (title == null && code == null && hint == null) {
      return Mrkdwn.EMPTY;
    }
    Mrkdwn out =
        Mrkdwn.markup("*Cause:* ").then(Mrkdwn.line(Facts.orDefault(title, "unknown"), 200));
    if (code != null) {
      out = out.then(" ").then(Mrkdwn.code(code, 60));
    }
    if (hint != null) {
      out = out.then("\n:bulb: *Fix:* ").then(Mrkdwn.text(hint, 1000));
    }
    if (detail != null) {
      out = out.then("\n").then(Mrkdwn.quote(detail, 4, 800));
    }
    return out;
  }

  /** {@code ecs-svc/123 · orders-api:42} with the task definition linked. */
  private static Mrkdwn deployment(String region, Json deployment) {
    String id = Facts.text(deployment.get("id"));
    String taskDefinition = Facts.text(deployment.get("taskDefinition"));
    Mrkdwn td =
        taskDefinition == null
            ? Mrkdwn.EMPTY
            : Mrkdwn.link(
                region == null ? null : ConsoleLinks.taskDefinition(region, taskDefinition),
                ConsoleLinks.taskDefinitionName(taskDefinition));
    return Mrkdwn.join(Facts.SEPARATOR, Mrkdwn.code(id, 100), td);
  }

  private static Mrkdwn circuitBreaker(Json breaker) {
    if (!breaker.isObject()) {
      return Mrkdwn.EMPTY;
    }
    String count = breaker.get("failureCount").wholeNumber().map(String::valueOf).orElse(null);
    String threshold = breaker.get("threshold").wholeNumber().map(String::valueOf).orElse(null);
    String status = Facts.text(breaker.get("status"));
    Mrkdwn counts =
        count == null
            ? Mrkdwn.EMPTY
            : Mrkdwn.line(count + (threshold == null ? "" : " of " + threshold) + " failed tasks");
    return Mrkdwn.join(Facts.SEPARATOR, counts, Mrkdwn.code(status, 40));
  }

  private static Mrkdwn failureWindow(Json evidence) {
    String first = Facts.utc(Facts.text(evidence.get("firstFailureAt")));
    String last = Facts.utc(Facts.text(evidence.get("lastFailureAt")));
    if (first == null) {
      return Mrkdwn.line(last);
    }
    if (last == null || last.equals(first)) {
      return Mrkdwn.line(first);
    }
    return Mrkdwn.line(first + " → " + last.substring(last.indexOf(' ') + 1));
  }

  private static Mrkdwn pipelineExecution(String region, Json execution) {
    if (!execution.isObject()) {
      return Mrkdwn.EMPTY;
    }
    String pipeline = Facts.text(execution.get("pipeline"));
    String executionId = Facts.text(execution.get("executionId"));
    String link = Facts.text(execution.get("link"));
    if (!Facts.isConsoleUrl(link)) {
      link =
          region == null || pipeline == null || executionId == null
              ? null
              : AwsConsole.pipelineExecution(region, pipeline, executionId);
    }
    Mrkdwn label = Mrkdwn.line(Facts.orDefault(pipeline, "execution"), 200);
    if (executionId != null) {
      label = label.then(" ").then(Mrkdwn.code(Facts.shortId(executionId, 8), 20));
    }
    return Mrkdwn.link(link, label);
  }

  private static Mrkdwn images(Json failed, Json restored) {
    List<String> before = imageNames(restored.get("images"));
    List<String> after = imageNames(failed.get("images"));
    if (before.isEmpty() && after.isEmpty()) {
      return Mrkdwn.EMPTY;
    }
    Mrkdwn out = Mrkdwn.markup("*Images*");
    for (String image : after) {
      out = out.then("\n:x: failed: ").then(Mrkdwn.code(image, 300));
    }
    for (String image : before) {
      out = out.then("\n:leftwards_arrow_with_hook: restored: ").then(Mrkdwn.code(image, 300));
    }
    return out;
  }

  private static List<String> imageNames(Json images) {
    List<String> out = new ArrayList<>();
    for (Json image : images.elements()) {
      String name =
          image.isObject()
              ? Facts.first(
                  Facts.text(image.get("image")),
                  Facts.text(image.get("uri")),
                  Facts.text(image.get("name")))
              : Facts.text(image);
      if (name != null && out.size() < 3) {
        out.add(name);
      }
    }
    return out;
  }

  private static final int MAX_REASONS = 5;

  /** The distinct reason texts shown, in the report's order (most frequent first). */
  private static List<String> reasonTexts(Json evidence) {
    List<String> out = new ArrayList<>();
    for (Json reason : evidence.get("reasons").elements()) {
      String text = reason.isObject() ? Facts.text(reason.get("reason")) : Facts.text(reason);
      if (text != null && out.size() < MAX_REASONS && !out.contains(oneSpaced(text))) {
        out.add(oneSpaced(text));
      }
    }
    return out;
  }

  /** Each distinct reason once, with how many tasks stopped with it. */
  private static Mrkdwn reasons(Json evidence, List<String> shown) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Json reason : evidence.get("reasons").elements()) {
      String text = reason.isObject() ? Facts.text(reason.get("reason")) : Facts.text(reason);
      if (text != null && shown.contains(oneSpaced(text))) {
        counts.merge(oneSpaced(text), reason.get("count").wholeNumber().orElse(0L), Long::sum);
      }
    }
    List<String> lines = new ArrayList<>();
    counts.forEach(
        (text, count) -> lines.add((count > 0 ? count + "× " : "") + Facts.excerpt(text, 400)));
    if (lines.isEmpty()) {
      return Mrkdwn.EMPTY;
    }
    String stopped =
        evidence
            .get("stoppedTasks")
            .wholeNumber()
            .map(n -> " (" + n + " stopped " + (n == 1 ? "task" : "tasks") + ")")
            .orElse("");
    return Mrkdwn.markup("*What the stopped tasks said*" + stopped + "\n")
        .then(Mrkdwn.codeBlock(String.join("\n", lines), 1800));
  }

  /**
   * Full example texts, only those that say more than a reason line already does (other ids, a
   * longer text).
   */
  private static Mrkdwn examples(Json examples, List<String> reasons) {
    List<String> shown = new ArrayList<>();
    for (Json example : examples.elements()) {
      String text = example.isObject() ? exampleText(example) : Facts.text(example);
      if (text != null
          && shown.size() < 2
          && !repeats(oneSpaced(text), reasons)
          && !shown.contains(text)) {
        shown.add(text);
      }
    }
    if (shown.isEmpty()) {
      return Mrkdwn.EMPTY;
    }
    return Mrkdwn.markup(shown.size() == 1 ? "*Example*\n" : "*Examples*\n")
        .then(Mrkdwn.codeBlock(String.join("\n\n", shown), 1200));
  }

  /**
   * Whether {@code example} is a reason already shown (cut or not), perhaps with its task named in
   * front.
   */
  private static boolean repeats(String example, List<String> reasons) {
    for (String reason : reasons) {
      String whole =
          reason.endsWith(Text.ELLIPSIS) ? reason.substring(0, reason.length() - 1) : reason;
      if (example.equals(reason) || (!whole.isEmpty() && example.contains(whole))) {
        return true;
      }
    }
    return false;
  }

  private static String oneSpaced(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  /** {@code app exited 137 (3 tasks): killed (SIGKILL) ...}, one line per container and code. */
  private static Mrkdwn exitCodes(Json exitCodes) {
    List<String> lines = new ArrayList<>();
    for (Json code : exitCodes.elements()) {
      Long exit = code.get("exitCode").wholeNumber().orElse(null);
      if (exit == null || lines.size() == 5) {
        continue;
      }
      String container = Facts.orDefault(Facts.text(code.get("container")), "container");
      long count = code.get("count").wholeNumber().orElse(0L);
      String meaning = Facts.text(code.get("meaning"));
      lines.add(
          Facts.excerpt(container, 60)
              + ": exit code "
              + exit
              + (count > 0 ? " (" + count + (count == 1 ? " task)" : " tasks)") : "")
              + (meaning == null ? "" : " — " + Facts.excerpt(meaning, 200)));
    }
    if (lines.isEmpty()) {
      return Mrkdwn.EMPTY;
    }
    return Mrkdwn.markup("*Exit codes*\n").then(Mrkdwn.codeBlock(String.join("\n", lines), 1200));
  }

  /** An example given as an object: its task and reason, in that order, when present. */
  private static String exampleText(Json example) {
    String task =
        Facts.first(
            Facts.text(example.get("taskId")),
            Facts.lastSegment(Facts.text(example.get("taskArn"))));
    String reason =
        Facts.first(
            Facts.text(example.get("reason")),
            Facts.text(example.get("stoppedReason")),
            Facts.text(example.get("message")));
    String container = Facts.text(example.get("containerReason"));
    List<String> parts = new ArrayList<>();
    if (task != null) {
      parts.add("task " + task + ":");
    }
    if (reason != null) {
      parts.add(reason);
    }
    if (container != null) {
      parts.add(container);
    }
    return parts.isEmpty() ? null : String.join(" ", parts);
  }

  private static Mrkdwn serviceEvents(Json events) {
    List<String> lines = new ArrayList<>();
    for (Json event : events.elements()) {
      String text = event.isObject() ? Facts.text(event.get("message")) : Facts.text(event);
      if (text != null && lines.size() < 3) {
        String at = event.isObject() ? Facts.utc(Facts.text(event.get("createdAt"))) : null;
        lines.add(
            (at == null ? "" : at.substring(at.indexOf(' ') + 1) + " ") + Facts.excerpt(text, 300));
      }
    }
    if (lines.isEmpty()) {
      return Mrkdwn.EMPTY;
    }
    return Mrkdwn.markup("*Service events*\n")
        .then(Mrkdwn.quote(String.join("\n", lines), 3, 1000));
  }

  // ---------------------------------------------------------------------------------------------
  // pipeline-guard.validation-report/v1

  private static Notice validation(Json report, FormatContext context) {
    Common common = new Common(report, context);
    String pipeline = Facts.text(report.get("pipeline"));
    String jobId = Facts.text(report.get("jobId"));
    return Notice.post(
            "report.validation." + Facts.orDefault(common.kind, "unknown"),
            common.severityCategory(),
            found -> renderValidation(common, pipeline, jobId))
        .routes(common.routeKeys(pipeline))
        .dedupe(jobId == null ? List.of() : List.of("report/validation/" + jobId));
  }

  private static SlackMessage renderValidation(Common common, String pipeline, String jobId) {
    Json report = common.report;
    String subject = Facts.first(pipeline, common.service, "unknown pipeline");
    String title = "Deployment blocked: " + subject;
    List<Json> failed = new ArrayList<>();
    List<Json> skipped = new ArrayList<>();
    List<Json> passed = new ArrayList<>();
    for (Json check : report.get("checks").elements()) {
      String status = Facts.upper(check.get("status").text());
      if (status.equals("PASSED")) {
        passed.add(check);
      } else if (status.equals("SKIPPED")) {
        skipped.add(check);
      } else {
        failed.add(check);
      }
    }
    String fallback =
        title
            + (failed.isEmpty()
                ? ""
                : " — "
                    + failed.size()
                    + " failed "
                    + (failed.size() == 1 ? "check" : "checks")
                    + ": "
                    + checkNames(failed, 120));
    SlackMessage.Builder message =
        SlackMessage.builder(common.severity())
            .title(common.error ? ":no_entry:" : ":warning:", title)
            .fallback(fallback);
    message.section(Mrkdwn.text(common.summary, 600));

    List<Field> fields = new ArrayList<>();
    fields.add(
        Field.of(
            "Pipeline",
            pipeline == null
                ? Mrkdwn.EMPTY
                : Mrkdwn.link(
                    common.region == null ? null : AwsConsole.pipeline(common.region, pipeline),
                    pipeline)));
    fields.addAll(common.serviceFields());
    fields.add(
        Field.of(
            "Reported to CodePipeline as", Mrkdwn.code(Facts.text(report.get("failureType")), 60)));
    fields.add(Field.of("Job", Mrkdwn.code(jobId, 60)));
    message.fields(fields);

    int shown = Math.min(failed.size(), MAX_FAILED_CHECK_SECTIONS);
    // many failing checks share the message's text budget: each gets less room, none is dropped
    int perCheck =
        Math.max(
            250,
            Math.min(SlackMessage.SECTION_TEXT_MAX, FAILED_CHECKS_BUDGET / Math.max(1, shown)));
    for (int i = 0; i < shown; i++) {
      message.section(failedCheck(failed.get(i)).cut(perCheck));
    }
    if (failed.size() > MAX_FAILED_CHECK_SECTIONS) {
      List<Json> rest = failed.subList(MAX_FAILED_CHECK_SECTIONS, failed.size());
      message.section(
          Mrkdwn.markup(":x: *" + rest.size() + " more failed checks:* ")
              .then(Mrkdwn.line(checkNames(rest, 2000), 2500)));
    }
    if (failed.isEmpty()) {
      message.section(
          Mrkdwn.markup(
              "_No check is marked FAILED; the job's details in CodePipeline say more._"));
    }
    List<Mrkdwn> small = new ArrayList<>();
    if (!skipped.isEmpty()) {
      small.add(
          Mrkdwn.markup(":fast_forward: Skipped: ")
              .then(Mrkdwn.line(checkNames(skipped, 800), 900)));
    }
    if (!passed.isEmpty()) {
      small.add(
          Mrkdwn.markup(":white_check_mark: " + passed.size() + " passed: ")
              .then(Mrkdwn.line(checkNames(passed, 800), 900)));
    }
    message.context(small);
    message.context(common.links());
    message.footer(common.footer());
    return message.build();
  }

  private static Mrkdwn failedCheck(Json check) {
    Mrkdwn out =
        Mrkdwn.markup(":x: ")
            .then(
                Mrkdwn.bold(Facts.orDefault(Facts.text(check.get("name")), "unnamed check"), 150));
    String summary = Facts.text(check.get("summary"));
    if (summary != null) {
      out = out.then(" — ").then(Mrkdwn.text(summary, 600));
    }
    List<Json> details = check.get("details").elements();
    int shown = 0;
    for (Json detail : details) {
      String text = detail.isObject() ? keyValues(detail) : Facts.text(detail);
      if (text == null) {
        continue;
      }
      if (shown == 5) {
        out = out.then("\n• …and " + (details.size() - shown) + " more");
        break;
      }
      out = out.then("\n• ").then(Mrkdwn.text(text, 300));
      shown++;
    }
    String fix = Facts.text(check.get("fix"));
    if (fix != null) {
      out = out.then("\n:bulb: *Fix:* ").then(Mrkdwn.text(fix, 800));
    }
    return out;
  }

  /** An object detail as {@code key: value, ...} of its scalar members: never a JSON dump. */
  private static String keyValues(Json object) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Json> member : object.fields().entrySet()) {
      String value = member.getValue().textOr(null);
      if (value != null && parts.size() < 6) {
        parts.add(member.getKey() + ": " + value);
      }
    }
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  private static String checkNames(List<Json> checks, int max) {
    List<String> names = new ArrayList<>();
    for (Json check : checks) {
      names.add(Facts.orDefault(Facts.text(check.get("name")), "unnamed check"));
    }
    String joined = String.join(", ", names);
    return Facts.excerpt(joined, max);
  }

  // ---------------------------------------------------------------------------------------------

  private static Notice unknown(Json report, FormatContext context, String schema) {
    Common common = new Common(report, context);
    Category category =
        report.has(ReportContract.SEVERITY) ? common.severityCategory() : Category.OTHER;
    return Notice.post(
            "report.unknown-schema",
            category,
            found -> {
              SlackMessage.Builder message =
                  SlackMessage.builder(
                          report.has(ReportContract.SEVERITY)
                              ? common.severity()
                              : Severity.NEUTRAL)
                      .title(
                          ":grey_question:",
                          "pipeline-guard report: "
                              + Facts.orDefault(
                                  Facts.humanize(common.kind), common.serviceLabel()));
              message.section(Mrkdwn.text(common.summary, 600));
              List<Field> fields = common.serviceFields();
              fields.add(Field.of("Schema", Mrkdwn.code(schema, 100)));
              message.fields(fields);
              message.context(
                  List.of(
                      Mrkdwn.markup(
                          "_This notifier does not know this report version; only its summary is shown._")));
              message.context(common.links());
              message.footer(common.footer());
              return message.build();
            })
        .routes(common.routeKeys(Facts.text(report.get("pipeline"))));
  }
}
