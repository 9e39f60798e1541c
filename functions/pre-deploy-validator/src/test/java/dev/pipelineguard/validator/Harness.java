package dev.pipelineguard.validator;

import static dev.pipelineguard.emulation.AwsJsonStubs.CODEPIPELINE;
import static dev.pipelineguard.emulation.AwsJsonStubs.ok;
import static dev.pipelineguard.emulation.AwsJsonStubs.target;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.emulation.TestContext;
import dev.pipelineguard.validator.aws.CodePipelineJobResultReporter;
import dev.pipelineguard.validator.aws.EcrImageRegistry;
import dev.pipelineguard.validator.aws.EcsServiceReader;
import dev.pipelineguard.validator.aws.ElbTargetHealthReader;
import dev.pipelineguard.validator.aws.HttpHealthProbe;
import dev.pipelineguard.validator.aws.ReportTopic;
import dev.pipelineguard.validator.aws.S3ArtifactReader;
import dev.pipelineguard.validator.aws.SecretsManagerSecretStore;
import dev.pipelineguard.validator.aws.SsmSecretStore;
import dev.pipelineguard.validator.check.CheckRunner;
import dev.pipelineguard.validator.check.SecretStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The validator wired to real emulator-backed adapters: moto for what it supports, one WireMock
 * ("aws") in front of it for ECS, ECR, Secrets Manager and CodePipeline, which answers stubbed
 * calls (rollout states, scan states, throttling, job results) and proxies the rest to moto.
 */
final class Harness implements AutoCloseable {
  final MotoServer moto;
  final WireMockServer aws;
  final ExecutorService executor = Executors.newFixedThreadPool(CheckRunner.THREADS);

  /**
   * The production adapters over the emulators (their clients are built on first use, after the
   * routing above); tests replace single ports.
   */
  final Wiring real;

  Harness() {
    moto = Moto.start();
    aws = AwsJsonStubs.start();
    AwsJsonStubs.proxyUnmatchedTo(aws, moto.endpoint());
    for (String service : List.of("Ecs", "Ecr", "SecretsManager", "CodePipeline")) {
      TestAws.route(service, aws);
    }
    stubJobResults();
    AwsSdk.Settings settings = TestAws.settings();
    real =
        new Wiring(
            new ValidatorConfig(TestAws.REGION, null, "/aws/lambda/pre-deploy-validator"),
            new EcsServiceReader(settings),
            new EcrImageRegistry(settings),
            SecretStore.routed(
                new SecretsManagerSecretStore(settings), new SsmSecretStore(settings)),
            new ElbTargetHealthReader(settings),
            new HttpHealthProbe(Duration.ofSeconds(2)),
            new S3ArtifactReader(Moto.REGION, AwsSdk.httpClient()),
            new CodePipelineJobResultReporter(settings, d -> {}, new Log("pre-deploy-validator")),
            null,
            executor,
            Clock.systemUTC());
  }

  /** Default answers for job results; tests add higher-priority stubs for failures. */
  void stubJobResults() {
    aws.stubFor(target(CODEPIPELINE + "PutJobSuccessResult").atPriority(50).willReturn(ok("{}")));
    aws.stubFor(target(CODEPIPELINE + "PutJobFailureResult").atPriority(50).willReturn(ok("{}")));
  }

  static PreDeployValidatorHandler handler(Wiring wiring) {
    return new PreDeployValidatorHandler(wiring);
  }

  PreDeployValidatorHandler handler() {
    return handler(real);
  }

  /** The real wiring, publishing blocked deployments to {@code topicArn} in moto. */
  Wiring publishingTo(String topicArn) {
    return real.withPublisher(topicArn, ReportTopic.publisher(TestAws.settings(), topicArn));
  }

  /**
   * Invokes like the runtime: raw bytes in, JSON out, a Context counting down from {@code
   * timeoutSeconds}.
   */
  static Json invoke(PreDeployValidatorHandler handler, byte[] event, int timeoutSeconds) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event), out, TestContext.withTimeout(timeoutSeconds));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Json.parse(out.toString(StandardCharsets.UTF_8));
  }

  static Json invoke(PreDeployValidatorHandler handler, byte[] event) {
    return invoke(handler, event, 120);
  }

  /** What CodePipeline received for a job. */
  record Reports(List<Json> successes, List<Json> failures) {
    int count() {
      return successes.size() + failures.size();
    }

    Json only() {
      if (count() != 1) {
        throw new AssertionError(
            "expected exactly one job result, got "
                + successes.size()
                + " successes and "
                + failures.size()
                + " failures");
      }
      return successes.isEmpty() ? failures.get(0) : successes.get(0);
    }

    Json failure() {
      if (failures.size() != 1 || !successes.isEmpty()) {
        throw new AssertionError(
            "expected one failure result, got " + successes + " / " + failures);
      }
      return failures.get(0);
    }

    Json success() {
      if (successes.size() != 1 || !failures.isEmpty()) {
        throw new AssertionError(
            "expected one success result, got " + successes + " / " + failures);
      }
      return successes.get(0);
    }

    String message() {
      return failure().path("failureDetails", "message").text();
    }
  }

  Reports reports(String jobId) {
    return new Reports(
        forJob(CODEPIPELINE + "PutJobSuccessResult", jobId),
        forJob(CODEPIPELINE + "PutJobFailureResult", jobId));
  }

  private List<Json> forJob(String target, String jobId) {
    List<Json> out = new ArrayList<>();
    for (Json body : AwsJsonStubs.calls(aws, target)) {
      if (jobId.equals(body.get("jobId").text())) {
        out.add(body);
      }
    }
    return out;
  }

  /**
   * Every request the validator sent through WireMock (job results, ECS, ECR, Secrets Manager
   * calls).
   */
  String everythingSent() {
    StringBuilder all = new StringBuilder();
    aws.getAllServeEvents()
        .forEach(
            e ->
                all.append(e.getRequest().getUrl())
                    .append(' ')
                    .append(e.getRequest().getBodyAsString())
                    .append('\n'));
    return all.toString();
  }

  @Override
  public void close() {
    for (String service : List.of("Ecs", "Ecr", "SecretsManager", "CodePipeline")) {
      TestAws.unroute(service);
    }
    aws.stop();
    executor.shutdownNow();
  }
}
