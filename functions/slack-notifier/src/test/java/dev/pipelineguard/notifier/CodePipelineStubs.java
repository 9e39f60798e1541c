package dev.pipelineguard.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
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
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CodePipeline on WireMock, answering GetPipelineExecution and ListActionExecutions from {@code
 * golden/codepipeline/<execution-id>.json} and PipelineExecutionNotFoundException otherwise.
 */
final class CodePipelineStubs {
  static final Path FIXTURES =
      RepoPaths.root().resolve("functions/slack-notifier/src/test/resources/golden/codepipeline");

  private CodePipelineStubs() {}

  static void install(WireMockServer server) {
    server.stubFor(
        post(urlEqualTo("/"))
            .atPriority(100)
            .willReturn(
                AwsJsonStubs.error(
                    400, "PipelineExecutionNotFoundException", "Pipeline execution not found")));
    for (Path file : fixtures()) {
      String executionId = file.getFileName().toString().replace(".json", "");
      Json fixture = read(file);
      if (fixture.has("GetPipelineExecution")) {
        server.stubFor(
            AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "GetPipelineExecution")
                .withRequestBody(matchingJsonPath("$.pipelineExecutionId", equalTo(executionId)))
                .willReturn(AwsJsonStubs.ok(fixture.get("GetPipelineExecution").toString())));
      }
      if (fixture.has("ListActionExecutions")) {
        server.stubFor(
            AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListActionExecutions")
                .withRequestBody(
                    matchingJsonPath("$.filter.pipelineExecutionId", equalTo(executionId)))
                .willReturn(AwsJsonStubs.ok(fixture.get("ListActionExecutions").toString())));
      }
    }
  }

  private static List<Path> fixtures() {
    try (Stream<Path> files = Files.list(FIXTURES)) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Json read(Path file) {
    try {
      return Json.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
