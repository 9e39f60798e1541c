package dev.pipelineguard.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CodePipeline on WireMock for app mode: what CodePipeline answers about the demo's failing run
 * ({@code appmode/failing-run-codepipeline.json}, shaped as botocore's codepipeline model says),
 * PipelineExecutionNotFoundException for other executions. Everything that is not CodePipeline
 * (DynamoDB, Secrets Manager) is proxied to moto, so one WireMock sees every AWS request.
 */
final class AppModeStubs {
  static final Path FIXTURE =
      RepoPaths.root()
          .resolve(
              "functions/slack-notifier/src/test/resources/appmode/failing-run-codepipeline.json");
  static final String EXECUTION = "8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01";

  private AppModeStubs() {}

  static Json fixture() {
    try {
      return Json.parse(Files.readAllBytes(FIXTURE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void install(WireMockServer server, java.net.URI moto) {
    Json fixture = fixture();
    AwsJsonStubs.proxyUnmatchedTo(server, moto);
    server.stubFor(
        post(urlEqualTo("/"))
            .atPriority(50)
            .withHeader("X-Amz-Target", matching("CodePipeline_20150709\\..*"))
            .willReturn(
                AwsJsonStubs.error(
                    400, "PipelineExecutionNotFoundException", "Pipeline execution not found")));
    server.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "GetPipeline")
            .atPriority(10)
            .withRequestBody(matchingJsonPath("$.name", matching("pipeline-guard-dev-pipeline")))
            .willReturn(AwsJsonStubs.ok(fixture.get("GetPipeline").toString())));
    server.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "GetPipelineExecution")
            .atPriority(10)
            .withRequestBody(matchingJsonPath("$.pipelineExecutionId", matching(EXECUTION)))
            .willReturn(AwsJsonStubs.ok(fixture.get("GetPipelineExecution").toString())));
    server.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListPipelineExecutions")
            .atPriority(10)
            .withRequestBody(
                matchingJsonPath("$.pipelineName", matching("pipeline-guard-dev-pipeline")))
            .willReturn(AwsJsonStubs.ok(fixture.get("ListPipelineExecutions").toString())));
    // One execution's actions (filtered), or the pipeline's recent ones (unfiltered): the same
    // here.
    server.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListActionExecutions")
            .atPriority(10)
            .withRequestBody(matchingJsonPath("$.filter.pipelineExecutionId", matching(EXECUTION)))
            .willReturn(AwsJsonStubs.ok(fixture.get("ListActionExecutions").toString())));
    server.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListActionExecutions")
            .atPriority(10)
            .withRequestBody(notContaining("\"filter\""))
            .willReturn(AwsJsonStubs.ok(fixture.get("ListActionExecutions").toString())));
  }
}
