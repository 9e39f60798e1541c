package dev.pipelineguard.notifier.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportContract;
import dev.pipelineguard.common.report.ReportHeader;
import dev.pipelineguard.notifier.enrich.Enrichment;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.Decision;
import dev.pipelineguard.validator.result.FailureType;
import dev.pipelineguard.validator.result.ValidationReport;
import dev.pipelineguard.watcher.diagnosis.RootCause;
import dev.pipelineguard.watcher.evidence.Deployment;
import dev.pipelineguard.watcher.evidence.Evidence;
import dev.pipelineguard.watcher.evidence.Incident;
import dev.pipelineguard.watcher.evidence.PipelineExecution;
import dev.pipelineguard.watcher.evidence.StoppedTask;
import dev.pipelineguard.watcher.report.ReportBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report contract end to end: what the real writers (the validator's {@link ValidationReport},
 * the watcher's {@link ReportBuilder}) publish, the notifier reads back field for field, from the
 * SNS event Lambda hands it. A field renamed, dropped or moved on one side fails here.
 */
class ReportContractTest {
  static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
  static final String REGION = "eu-west-1";
  static final String ACCOUNT = "123456789012";
  final MessageFormats formats = new MessageFormats(FormatContext.of("prod"));

  @Test
  void theValidatorsReportReadsBackFieldForField() {
    ValidatorParameters params =
        ValidatorParameters.parse(
            "{\"cluster\":\"prod-cluster\",\"service\":\"orders-api\",\"pipeline\":\"orders-pipeline\"}");
    Decision.Fail fail =
        new Decision.Fail(
            FailureType.JOB_FAILED,
            "blocked",
            List.of(
                CheckResult.failed(
                    CheckId.IMAGE,
                    FailureType.JOB_FAILED,
                    "image orders-api:abc123 is not in ECR",
                    List.of("repository orders-api has no tag abc123"),
                    "Push orders-api:abc123 before deploying"),
                CheckResult.passed(CheckId.SECRETS, "2 secrets readable", List.of()),
                CheckResult.skipped(CheckId.HEALTH, "no healthUrl")));
    Report report =
        ValidationReport.forChecks(
            params,
            "job-42",
            fail,
            new ValidationReport.Origin(REGION, ACCOUNT, NOW, "/aws/lambda/pre-deploy-validator"));

    Json body = Json.parse(report.message());
    ReportHeader header = ReportHeader.read(body);
    assertThat(header.schema()).isEqualTo(ReportContract.VALIDATION_V1);
    assertThat(header.kind()).isEqualTo(ReportContract.KIND_BLOCKED);
    assertThat(header.severity()).isEqualTo(ReportContract.ERROR);
    assertThat(header.region()).isEqualTo(REGION);
    assertThat(header.account()).isEqualTo(ACCOUNT);
    assertThat(header.cluster()).isEqualTo("prod-cluster");
    assertThat(header.service()).isEqualTo("orders-api");
    assertThat(header.summary()).isEqualTo("Deployment of orders-api blocked: image check failed");
    assertThat(header.detectedAt()).isEqualTo(NOW.toString());
    assertThat(header.links()).containsOnlyKeys("service", "pipeline", "logs");
    assertThat(report.attributes())
        .containsEntry(ReportContract.SCHEMA, header.schema())
        .containsEntry(ReportContract.SEVERITY, header.severity())
        .containsEntry(ReportContract.KIND, header.kind())
        .containsEntry(ReportContract.CLUSTER, header.cluster())
        .containsEntry(ReportContract.SERVICE, header.service());

    Notice notice = read(report);
    assertThat(notice.kind()).isEqualTo("report.validation." + ReportContract.KIND_BLOCKED);
    assertThat(notice.category()).isEqualTo(Category.FAILURE);
    assertThat(notice.routeKeys())
        .containsExactly(
            "pipeline:orders-pipeline", "service:prod-cluster/orders-api", "service:orders-api");
    assertThat(notice.dedupeKeys()).containsExactly("report/validation/job-42");
    String slack = notice.render(Enrichment.NONE).json();
    assertThat(slack)
        .contains(
            "Deployment blocked: orders-pipeline",
            header.summary(),
            "orders-api",
            "prod-cluster",
            "job-42",
            FailureType.JOB_FAILED.apiName(),
            "image orders-api:abc123 is not in ECR",
            "repository orders-api has no tag abc123",
            "Push orders-api:abc123 before deploying",
            CheckId.SECRETS.id(),
            CheckId.HEALTH.id(),
            REGION,
            ACCOUNT);
    for (String link : header.links().values()) {
      assertThat(slack).contains(mrkdwnEscaped(link));
    }
  }

  @Test
  void theWatchersReportReadsBackFieldForField() {
    Incident incident =
        new Incident(
            Incident.Kind.ROLLBACK,
            REGION,
            ACCOUNT,
            "prod-cluster",
            "orders-api",
            "ecs-svc/1111",
            "ecs-svc/0000",
            "SERVICE_DEPLOYMENT_FAILED",
            "event-1",
            "circuit breaker",
            NOW);
    String failedTd = "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task-definition/orders-api:43";
    String restoredTd = "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task-definition/orders-api:42";
    Deployment failed =
        new Deployment(
            "ecs-svc/1111",
            "ACTIVE",
            failedTd,
            "FAILED",
            "circuit breaker",
            NOW.minusSeconds(600),
            2,
            0,
            3);
    Deployment restored =
        new Deployment(
            "ecs-svc/0000",
            "PRIMARY",
            restoredTd,
            "COMPLETED",
            null,
            NOW.minusSeconds(86_400),
            2,
            2,
            0);
    String reason =
        "CannotPullContainerError: pull image manifest has been retried 5 time(s): "
            + "failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api:bad: not found";
    List<StoppedTask> tasks =
        List.of(
            new StoppedTask(
                "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task/prod-cluster/aaaa1111",
                failedTd,
                "TaskFailedToStart",
                reason,
                NOW.minusSeconds(300),
                List.of()),
            new StoppedTask(
                "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task/prod-cluster/bbbb2222",
                failedTd,
                "TaskFailedToStart",
                reason,
                NOW.minusSeconds(200),
                List.of()));
    Evidence evidence =
        new Evidence(
            null,
            failed,
            restored,
            "ecs-svc/0000",
            null,
            null,
            null,
            tasks,
            false,
            new PipelineExecution(
                "orders-pipeline",
                "exec-1234",
                "Succeeded",
                "https://"
                    + REGION
                    + ".console.aws.amazon.com/codesuite/codepipeline/pipelines/orders-pipeline/"
                    + "executions/exec-1234/timeline?region="
                    + REGION),
            List.of());
    RootCause rootCause = RootCause.analyze(tasks, List.of());
    Report report = ReportBuilder.build(incident, evidence, rootCause, NOW, 30);

    Json body = Json.parse(report.message());
    ReportHeader header = ReportHeader.read(body);
    assertThat(header.schema()).isEqualTo(ReportContract.ROLLBACK_V1);
    assertThat(header.kind()).isEqualTo(ReportContract.KIND_ROLLBACK);
    assertThat(header.severity()).isEqualTo(ReportContract.ERROR);
    assertThat(header.region()).isEqualTo(REGION);
    assertThat(header.account()).isEqualTo(ACCOUNT);
    assertThat(header.cluster()).isEqualTo("prod-cluster");
    assertThat(header.service()).isEqualTo("orders-api");
    assertThat(header.summary())
        .isEqualTo(
            "orders-api: deployment ecs-svc/1111 (orders-api:43) failed and was "
                + "rolled back to ecs-svc/0000: "
                + rootCause.classification().title()
                + " (2 of 2 failed tasks)");
    assertThat(header.detectedAt()).isEqualTo(NOW.toString());
    assertThat(header.links())
        .containsKeys(
            "service", "stoppedTasks", "exampleTask", "failedTaskDefinition", "pipelineExecution");
    assertThat(report.attributes())
        .containsEntry(ReportContract.SCHEMA, header.schema())
        .containsEntry(ReportContract.SEVERITY, header.severity())
        .containsEntry(ReportContract.CLUSTER, header.cluster())
        .containsEntry(ReportContract.SERVICE, header.service())
        .containsEntry(ReportContract.CAUSE, rootCause.classification().cause().name());

    Notice notice = read(report);
    assertThat(notice.kind()).isEqualTo("report.rollback." + ReportContract.KIND_ROLLBACK);
    assertThat(notice.category()).isEqualTo(Category.ROLLBACK);
    assertThat(notice.routeKeys())
        .containsExactly(
            "pipeline:orders-pipeline", "service:prod-cluster/orders-api", "service:orders-api");
    assertThat(notice.dedupeKeys())
        .containsExactly(
            "report/rollback/prod-cluster/orders-api/ecs-svc/1111/" + ReportContract.KIND_ROLLBACK);
    String slack = notice.render(Enrichment.NONE).json();
    assertThat(slack)
        .contains(
            "Rolled back: orders-api",
            rootCause.classification().title(),
            rootCause.classification().cause().name(),
            "ecs-svc/1111",
            "ecs-svc/0000",
            "orders-api:43",
            "orders-api:42",
            "prod-cluster",
            "2× CannotPullContainerError",
            "exec-1234",
            REGION,
            ACCOUNT);
    for (String link : List.of("service", "stoppedTasks", "exampleTask", "failedTaskDefinition")) {
      assertThat(slack).as(link).contains(mrkdwnEscaped(header.links().get(link)));
    }
  }

  /** A URL as Slack's mrkdwn carries it. */
  private static String mrkdwnEscaped(String url) {
    return url.replace("&", "&amp;");
  }

  /**
   * The report as Lambda hands it to the notifier: one SNS record with subject, message and
   * attributes.
   */
  private Notice read(Report report) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    report
        .attributes()
        .forEach((name, value) -> attributes.put(name, Map.of("Type", "String", "Value", value)));
    Map<String, Object> sns = new LinkedHashMap<>();
    sns.put("Type", "Notification");
    sns.put("MessageId", "95df01b4-ee98-5cb9-9903-4c221d41eb5e");
    sns.put("TopicArn", "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":pipeline-guard-reports");
    sns.put("Subject", report.subject());
    sns.put("Message", report.message());
    sns.put("Timestamp", NOW.toString());
    sns.put("MessageAttributes", attributes);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("EventSource", "aws:sns");
    record.put("EventVersion", "1.0");
    record.put("Sns", sns);
    Json event = Json.parse(JsonWriter.write(Map.of("Records", List.of(record))));
    List<Envelope> messages = Envelope.unwrap(event);
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).subject()).isEqualTo(report.subject());
    assertThat(Reports.handles(messages.get(0).body())).isTrue();
    return formats.read(messages.get(0));
  }
}
