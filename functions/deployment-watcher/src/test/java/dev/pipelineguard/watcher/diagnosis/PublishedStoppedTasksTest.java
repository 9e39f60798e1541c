package dev.pipelineguard.watcher.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.EcsStubs;
import dev.pipelineguard.emulation.PublishedEvents;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.watcher.aws.DescribedTasks;
import dev.pipelineguard.watcher.aws.EcsDeploymentReader;
import dev.pipelineguard.watcher.evidence.DeploymentReader;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The published stopped tasks of {@code events/published/} read through DescribeTasks (WireMock, in
 * the documented JSON shape) get the cause {@code expectations.json} names.
 */
class PublishedStoppedTasksTest {
  static WireMockServer wiremock;
  static EcsClient ecs;

  @BeforeAll
  static void ecs() {
    wiremock = AwsJsonStubs.start();
    TestAws.route("Ecs", wiremock);
    ecs = AwsSdk.build(EcsClient.builder(), TestAws.settings());
  }

  @AfterAll
  static void stop() {
    ecs.close();
    TestAws.unroute("Ecs");
    wiremock.stop();
  }

  @BeforeEach
  void reset() {
    wiremock.resetAll();
  }

  static Stream<PublishedEvents.Entry> watcherEvents() {
    return PublishedEvents.with("watcher").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("watcherEvents")
  void classifiesAPublishedStoppedTaskReadThroughDescribeTasks(PublishedEvents.Entry entry) {
    Json expected = entry.watcher();
    if (!expected.get("classify_as").isString()) {
      return;
    }
    Json event = Envelope.unwrap(entry.payload()).get(0).body();
    Json detail = event.get("detail");
    Map<String, Object> task = DescribedTasks.of(detail);
    String cluster = lastSegment(detail.get("clusterArn").text());
    String service = detail.get("group").text().replaceFirst("^service:", "");
    String startedBy = detail.get("startedBy").text();
    new EcsStubs(wiremock, cluster).stoppedTasks(List.of(task));

    DeploymentReader.StoppedTasks read =
        new EcsDeploymentReader(ecs).stoppedTasks(cluster, service, startedBy, 100, () -> true);
    assertThat(read.tasks()).hasSize(1);
    ReasonClassifier.TaskVerdict verdict = ReasonClassifier.classifyTask(read.tasks().get(0));
    assertThat(verdict.classification().cause().name())
        .isEqualTo(expected.get("classify_as").text());
    RootCause rootCause = RootCause.analyze(read.tasks(), List.of());
    String evidence =
        rootCause.reasons() + " " + rootCause.exitCodes() + " " + verdict.classification().detail();
    for (String must : expected.get("evidence_must_contain").texts()) {
      assertThat(evidence).contains(must);
    }
    // The failing container is named, not the sidecar that exited cleanly.
    assertThat(verdict.classification().detail()).contains("container app exited with code 2");
  }

  private static String lastSegment(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
