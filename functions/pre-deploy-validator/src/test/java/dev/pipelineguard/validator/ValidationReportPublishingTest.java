package dev.pipelineguard.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.SnsInbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With REPORT_TOPIC_ARN set, a blocked deployment also publishes one validation report (and only
 * then).
 */
class ValidationReportPublishingTest {
  private static Harness harness;

  @BeforeAll
  static void start() {
    harness = new Harness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private record Topic(String arn, SnsInbox inbox, PreDeployValidatorHandler handler) {}

  private static Topic topic() {
    String arn = Moto.sns().createTopic(b -> b.name(Moto.unique("reports"))).topicArn();
    SnsInbox inbox = SnsInbox.subscribe(Moto.sns(), Moto.sqs(), arn);
    return new Topic(arn, inbox, Harness.handler(harness.publishingTo(arn)));
  }

  @Test
  void aBlockedDeploymentPublishesOneReportInTheDocumentedSchema() {
    Topic topic = topic();
    DeploymentFixture d =
        DeploymentFixture.withEnvironment(harness.aws, Map.of("DB_PASSWORD", "hunter2"));
    DeploymentFixture.Job job = d.job(d.parameters(""));

    Json out = Harness.invoke(topic.handler(), job.bytes());

    List<Json> messages = topic.inbox().receive(1, Duration.ofSeconds(5));
    assertThat(messages).hasSize(1);
    assertThat(out.get("reportPublished").bool()).hasValue(true);
    Json envelope = messages.get(0);
    assertThat(envelope.get("Subject").text())
        .isEqualTo("Deployment blocked: orders-api (" + d.cluster + ")");
    Json attributes = envelope.get("MessageAttributes");
    assertThat(attributes.path("schema", "Value").text())
        .isEqualTo("pipeline-guard.validation-report/v1");
    assertThat(attributes.path("severity", "Value").text()).isEqualTo("ERROR");
    assertThat(attributes.path("kind", "Value").text()).isEqualTo("deployment-blocked");
    assertThat(attributes.path("cluster", "Value").text()).isEqualTo(d.cluster);
    assertThat(attributes.path("service", "Value").text()).isEqualTo("orders-api");

    Json report = Json.parse(envelope.get("Message").text());
    assertThat(report.get("schema").text()).isEqualTo("pipeline-guard.validation-report/v1");
    assertThat(report.get("kind").text()).isEqualTo("deployment-blocked");
    assertThat(report.get("jobId").text()).isEqualTo(job.id());
    assertThat(report.get("pipeline").text()).isEqualTo("orders-pipeline");
    assertThat(report.get("failureType").text()).isEqualTo("JobFailed");
    assertThat(report.get("region").text()).isEqualTo("us-east-1");
    assertThat(report.get("account").text()).isEqualTo("123456789012");
    assertThat(report.get("summary").text())
        .isEqualTo("Deployment of orders-api blocked: plaintext-secrets check failed");
    assertThat(report.get("detectedAt").text()).isNotBlank();
    assertThat(report.path("links", "service").text())
        .startsWith("https://console.aws.amazon.com/ecs/v2/clusters/");
    assertThat(report.path("links", "pipeline").text())
        .contains("/codepipeline/pipelines/orders-pipeline/");
    assertThat(report.get("checks").elements())
        .extracting(c -> c.get("name").text() + "=" + c.get("status").text())
        .containsExactly(
            "artifact=PASSED",
            "image=PASSED",
            "secrets=PASSED",
            "plaintext-secrets=FAILED",
            "health=PASSED");
    assertThat(report.toString()).doesNotContain("hunter2");
  }

  @Test
  void successAndContinuationPublishNothing() {
    Topic topic = topic();
    DeploymentFixture d = DeploymentFixture.healthy(harness.aws);
    Harness.invoke(topic.handler(), d.job(d.parameters("")).bytes());
    d.stubService("IN_PROGRESS", 1, 2);
    Harness.invoke(topic.handler(), d.job(d.parameters("")).bytes());

    assertThat(topic.inbox().drain()).isEmpty();
  }

  @Test
  void brokenParametersPublishAReportWithWhatCouldBeRead() {
    Topic topic = topic();

    Harness.invoke(topic.handler(), Events.bytes("validator/unknown-parameter.json"));

    Json report =
        Json.parse(topic.inbox().receive(1, Duration.ofSeconds(5)).get(0).get("Message").text());
    assertThat(report.get("failureType").text()).isEqualTo("ConfigurationError");
    assertThat(report.get("cluster").text()).isEqualTo("pipeline-guard-dev");
    assertThat(report.get("checks").at(0).get("name").text()).isEqualTo("parameters");
    assertThat(report.get("checks").at(0).get("details").at(0).text())
        .contains("unknown key \"timeout\"");
  }

  @Test
  void aFailedPublishIsLoggedAndChangesNothingInTheJobResult() {
    String missingTopic = "arn:aws:sns:us-east-1:123456789012:" + Moto.unique("no-such-topic");
    DeploymentFixture d =
        DeploymentFixture.withEnvironment(harness.aws, Map.of("API_TOKEN", "abc"));
    DeploymentFixture.Job job = d.job(d.parameters(""));

    Json out = Harness.invoke(Harness.handler(harness.publishingTo(missingTopic)), job.bytes());

    assertThat(out.get("reportPublished").bool()).hasValue(false);
    assertThat(out.get("outcome").text()).isEqualTo("failed");
    assertThat(harness.reports(job.id()).count()).isEqualTo(1);
  }

  @Test
  void anInvocationThatFindsTheJobAlreadyReportedDoesNotPublishAgain() {
    Topic topic = topic();
    DeploymentFixture d =
        DeploymentFixture.withEnvironment(harness.aws, Map.of("API_TOKEN", "abc"));
    DeploymentFixture.Job job = d.job(d.parameters(""));
    harness.aws.stubFor(
        dev.pipelineguard.emulation.AwsJsonStubs.target(
                dev.pipelineguard.emulation.AwsJsonStubs.CODEPIPELINE + "PutJobFailureResult")
            .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(job.id()))
            .atPriority(1)
            .willReturn(
                dev.pipelineguard.emulation.AwsJsonStubs.error(
                    400, "InvalidJobStateException", "done")));

    Harness.invoke(topic.handler(), job.bytes());

    assertThat(topic.inbox().drain()).isEmpty();
  }
}
