package dev.pipelineguard.validator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.pipelineguard.emulation.AwsJsonStubs.CODEPIPELINE;
import static dev.pipelineguard.emulation.AwsJsonStubs.ECS;
import static dev.pipelineguard.emulation.AwsJsonStubs.ok;
import static dev.pipelineguard.emulation.AwsJsonStubs.target;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.JsonWriter;
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
import dev.pipelineguard.validator.aws.S3ArtifactReader;
import dev.pipelineguard.validator.aws.SecretsManagerSecretStore;
import dev.pipelineguard.validator.aws.SsmSecretStore;
import dev.pipelineguard.validator.check.CheckRunner;
import dev.pipelineguard.validator.check.SecretStore;
import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.CheckStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Benchmark (not a test): every AWS call answered through WireMock with a fixed delay (200 ms by
 * default) in front of moto, a deployment with 10 secrets, and the time the checks take compared
 * with the slowest single call and with the sum of all calls (what a sequential validator would
 * need). Run from the repository root:
 *
 * <pre>
 * mvn -B -P benchmark -pl functions/pre-deploy-validator -am process-test-classes
 * </pre>
 *
 * Options (system properties): {@code benchmark.delayMillis} (200), {@code benchmark.secrets} (10),
 * {@code benchmark.runs} (7).
 */
public final class ValidatorBenchmark {
  private ValidatorBenchmark() {}

  /** One scenario: where the secrets are referenced. */
  private record Scenario(String name, boolean inTaskDefinition) {}

  /** What one measured run took. */
  private record Measure(
      long checksMillis,
      long invocationMillis,
      int calls,
      long slowestCallMillis,
      long sumOfCallsMillis) {}

  public static void main(String[] args) throws Exception {
    int delay = Integer.getInteger("benchmark.delayMillis", 200);
    int secrets = Integer.getInteger("benchmark.secrets", 10);
    int runs = Integer.getInteger("benchmark.runs", 7);
    PrintStream report = System.out;
    // The validator's own log lines would drown the table.
    System.setOut(new PrintStream(new ByteArrayOutputStream()));
    try {
      run(report, delay, secrets, runs);
    } finally {
      System.setOut(report);
      System.clearProperty("aws.endpointUrl");
    }
  }

  private static void run(PrintStream report, int delay, int secrets, int runs) throws Exception {
    MotoServer moto = Moto.start();
    WireMockServer aws = AwsJsonStubs.start();
    Map<Scenario, BenchDeployment> deployments = new LinkedHashMap<>();
    for (Scenario scenario :
        List.of(
            new Scenario(secrets + " secrets in the task definition", true),
            new Scenario(secrets + " secrets in requiredSecrets", false))) {
      deployments.put(scenario, BenchDeployment.create(scenario, secrets));
    }
    // From here on every AWS call goes through WireMock: stubs and the proxy to moto, all delayed.
    aws.stubFor(
        any(anyUrl())
            .atPriority(100)
            .willReturn(aResponse().proxiedFrom(moto.endpoint().toString()).withFixedDelay(delay)));
    aws.stubFor(
        target(CODEPIPELINE + "PutJobSuccessResult").willReturn(ok("{}").withFixedDelay(delay)));
    aws.stubFor(
        target(CODEPIPELINE + "PutJobFailureResult").willReturn(ok("{}").withFixedDelay(delay)));
    deployments.values().forEach(d -> d.stubService(aws, delay));
    System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + aws.port());

    ExecutorService executor = Executors.newFixedThreadPool(CheckRunner.THREADS);
    AwsSdk.Settings settings = TestAws.settings();
    Wiring wiring =
        new Wiring(
            new ValidatorConfig(TestAws.REGION, null, null),
            new EcsServiceReader(settings),
            new EcrImageRegistry(settings),
            SecretStore.routed(
                new SecretsManagerSecretStore(settings), new SsmSecretStore(settings)),
            new ElbTargetHealthReader(settings),
            new HttpHealthProbe(HttpHealthProbe.DEFAULT_TIMEOUT),
            new S3ArtifactReader(Moto.REGION, AwsSdk.httpClient()),
            new CodePipelineJobResultReporter(settings, d -> {}, new Log("benchmark")),
            null,
            executor,
            Clock.systemUTC());
    CheckRunner runner =
        new CheckRunner(
            wiring.services(),
            wiring.registry(),
            wiring.secrets(),
            wiring.targets(),
            wiring.http(),
            wiring.artifacts(),
            executor);
    PreDeployValidatorHandler handler = new PreDeployValidatorHandler(wiring);

    report.printf(
        Locale.ROOT,
        "%nPre-deploy validator benchmark: every AWS call delayed %d ms (WireMock in front of"
            + " moto), %d runs after 2 warm-ups, %d check threads%n%n",
        delay,
        runs,
        CheckRunner.THREADS);
    report.printf(
        Locale.ROOT,
        "%-36s %6s %11s %11s %11s %11s %13s %13s%n",
        "scenario",
        "calls",
        "slowest ms",
        "sum ms",
        "checks ms",
        "invoke ms",
        "checks/slow",
        "checks/sum");
    for (Map.Entry<Scenario, BenchDeployment> entry : deployments.entrySet()) {
      BenchDeployment d = entry.getValue();
      List<Measure> measures = new ArrayList<>();
      for (int i = 0; i < runs + 2; i++) {
        Measure m = measure(aws, runner, handler, d);
        if (i >= 2) {
          measures.add(m);
        }
      }
      Measure median = median(measures);
      report.printf(
          Locale.ROOT,
          "%-36s %6d %11d %11d %11d %11d %12.2fx %12.2fx%n",
          entry.getKey().name(),
          median.calls(),
          median.slowestCallMillis(),
          median.sumOfCallsMillis(),
          median.checksMillis(),
          median.invocationMillis(),
          (double) median.checksMillis() / median.slowestCallMillis(),
          (double) median.checksMillis() / median.sumOfCallsMillis());
    }
    report.printf(
        Locale.ROOT,
        "%ncalls / slowest / sum: AWS calls of the checks and their latencies as WireMock served"
            + " them (the job result call excluded); checks: CheckRunner.run; invoke: the whole handler invocation,"
            + " including PutJobSuccessResult. Medians.%n");
    executor.shutdownNow();
    aws.stop();
  }

  private static Measure measure(
      WireMockServer aws, CheckRunner runner, PreDeployValidatorHandler handler, BenchDeployment d)
      throws Exception {
    aws.resetRequests();
    long start = System.nanoTime();
    CheckRunner.Run run = runner.run(d.job(), d.params, Duration.ofSeconds(60));
    long checks = (System.nanoTime() - start) / 1_000_000;
    for (CheckResult r : run.results()) {
      if (!r.is(CheckStatus.PASSED)) {
        throw new IllegalStateException("benchmark deployment is not healthy: " + r);
      }
    }
    List<ServeEvent> events = new ArrayList<>(aws.getAllServeEvents());
    long slowest = 0;
    long sum = 0;
    for (ServeEvent e : events) {
      long total = served(e);
      slowest = Math.max(slowest, total);
      sum += total;
    }
    aws.resetRequests();
    long invokeStart = System.nanoTime();
    handler.handleRequest(
        new ByteArrayInputStream(d.event()),
        new ByteArrayOutputStream(),
        TestContext.withTimeout(120));
    long invocation = (System.nanoTime() - invokeStart) / 1_000_000;
    return new Measure(checks, invocation, events.size(), slowest, sum);
  }

  /** How long WireMock took to answer: the fixed delay plus the (proxied) work. */
  private static long served(ServeEvent e) {
    var timing = e.getTiming();
    if (timing.getTotalTime() != null) {
      return timing.getTotalTime();
    }
    long delay = timing.getAddedDelay() == null ? 0 : timing.getAddedDelay();
    long process = timing.getProcessTime() == null ? 0 : timing.getProcessTime();
    long send = timing.getResponseSendTime() == null ? 0 : timing.getResponseSendTime();
    return delay + process + send;
  }

  private static Measure median(List<Measure> measures) {
    List<Measure> sorted = new ArrayList<>(measures);
    Collections.sort(sorted, (a, b) -> Long.compare(a.checksMillis(), b.checksMillis()));
    return sorted.get(sorted.size() / 2);
  }

  /** A healthy deployment in moto with {@code secrets} Secrets Manager secrets. */
  private static final class BenchDeployment {
    final String clusterName;
    final String userParameters;
    final ValidatorParameters params;
    final String taskDefinition;
    final String targetGroup;
    final String bucket = Moto.unique("bench-artifacts");
    final String key = "pipe/BuildOutpu/bench";

    private BenchDeployment(
        String clusterName, String userParameters, String taskDefinition, String targetGroup) {
      this.clusterName = clusterName;
      this.userParameters = userParameters;
      this.params = ValidatorParameters.parse(userParameters);
      this.taskDefinition = taskDefinition;
      this.targetGroup = targetGroup;
    }

    static BenchDeployment create(Scenario scenario, int secrets) throws Exception {
      String repository = Moto.unique("bench");
      String image = Moto.image(repository, "v1");
      Moto.ecr().startImageScan(b -> b.repositoryName(repository).imageId(i -> i.imageTag("v1")));
      Map<String, String> tdSecrets = new LinkedHashMap<>();
      List<String> required = new ArrayList<>();
      for (int i = 0; i < secrets; i++) {
        String arn = Moto.secret(Moto.unique("bench/secret-" + i), "{\"value\":\"x\"}");
        if (scenario.inTaskDefinition()) {
          tdSecrets.put("SECRET_" + i, arn + ":value::");
        } else {
          required.add("\"" + arn + ":value::\"");
        }
      }
      String td =
          Moto.taskDefinition(
              Moto.unique("bench"),
              Moto.container("app", image, Map.of("LOG_LEVEL", "INFO"), tdSecrets));
      String tg = Moto.targetGroup(Moto.unique("bench-tg"), "10.7.1.10", "10.7.2.11");
      String cluster = Moto.unique("bench");
      String params =
          "{\"cluster\":\""
              + cluster
              + "\",\"service\":\"orders-api\",\"imageScan\":{\"maxHigh\":5}"
              + (required.isEmpty()
                  ? ""
                  : ",\"requiredSecrets\":[" + String.join(",", required) + "]")
              + "}";
      BenchDeployment d = new BenchDeployment(cluster, params, td, tg);
      Moto.artifact(
          d.bucket,
          d.key,
          Moto.zip("imagedefinitions.json", "[{\"name\":\"app\",\"imageUri\":\"" + image + "\"}]"));
      return d;
    }

    void stubService(WireMockServer aws, int delay) {
      Map<String, Object> deployment =
          Map.of(
              "id",
              "ecs-svc/1",
              "status",
              "PRIMARY",
              "taskDefinition",
              taskDefinition,
              "desiredCount",
              2,
              "runningCount",
              2,
              "pendingCount",
              0,
              "failedTasks",
              0,
              "rolloutState",
              "COMPLETED");
      Map<String, Object> service =
          Map.of(
              "serviceArn",
              "arn:aws:ecs:us-east-1:123456789012:service/" + clusterName + "/orders-api",
              "status",
              "ACTIVE",
              "desiredCount",
              2,
              "runningCount",
              2,
              "pendingCount",
              0,
              "taskDefinition",
              taskDefinition,
              "deployments",
              List.of(deployment),
              "loadBalancers",
              List.of(
                  Map.of(
                      "targetGroupArn",
                      targetGroup,
                      "containerName",
                      "app",
                      "containerPort",
                      8080)));
      aws.stubFor(
          target(ECS + "DescribeServices")
              .withRequestBody(matchingJsonPath("$.cluster", equalTo(clusterName)))
              .willReturn(
                  ok(JsonWriter.write(Map.of("services", List.of(service), "failures", List.of())))
                      .withFixedDelay(delay)));
    }

    JobEvent job() {
      return JobEvent.parse(event());
    }

    byte[] event() {
      return new DeploymentFixture.Job(
              UUID.randomUUID().toString(), userParameters, null, bucket, key)
          .bytes();
    }
  }
}
