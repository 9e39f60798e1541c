package dev.pipelineguard.demo;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.emulation.WatcherScenarios;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What bin/bench measures and the AOT-cache training runs: each function with the stack it would
 * find (the demo's account in moto_server and WireMock), its benchmark event, and the sample events
 * of its training run, all offline.
 */
final class Workloads {
  /**
   * One function: its logical ID and jar, the event bin/bench times (and its Python peer answers),
   * the events its AOT cache is trained on, what to vary per warm invocation and to reset between
   * runs.
   */
  record Workload(
      String name,
      String logicalId,
      String handler,
      String jar,
      Path event,
      List<Path> training,
      String peer,
      List<String> vary,
      Runnable reset) {}

  final LocalFunctions functions;

  /** The environment a Python peer gets: the same emulators and resources. */
  final Map<String, String> peerEnv;

  final List<Workload> all;
  private final DemoAccount account;
  private final Emulators emulators;

  private Workloads(
      LocalFunctions functions,
      Map<String, String> peerEnv,
      List<Workload> all,
      DemoAccount account,
      Emulators emulators) {
    this.functions = functions;
    this.peerEnv = peerEnv;
    this.all = all;
    this.account = account;
    this.emulators = emulators;
  }

  static Workloads prepare(Path root, Path work, Emulators emulators) {
    DemoAccount account = DemoAccount.seed(emulators);
    Map<String, String> env = new LinkedHashMap<>(emulators.awsEnvironment());
    LocalFunctions functions = new LocalFunctions(root, work, env);
    Map<String, String> peerEnv = new LinkedHashMap<>(env);
    peerEnv.put("PATH", System.getenv("PATH"));
    peerEnv.put("AWS_DEFAULT_REGION", Emulators.REGION); // what Lambda sets for boto3

    // The validator: the demo's healthy change; trained also on one it blocks (a missing secret).
    account.serviceSettledOn(account.goodTaskDefinition);
    Path jobEvent = work.resolve("validator-event.json");
    DemoFiles.write(
        jobEvent,
        account.jobEvent("0f4b6c2a-1d3e-4f5a-8b9c-0d1e2f3a4b5c", DemoAccount.userParameters()));
    Path blockedJob = work.resolve("validator-blocked-event.json");
    DemoFiles.write(
        blockedJob, account.jobEvent("7a1c9e3b-5d2f-4b8a-9c6e-1f0a2b3c4d5e", blockingParameters()));
    functions.set("PreDeployValidatorFunction", "REPORT_TOPIC_ARN", account.reportTopicArn);
    peerEnv.put("REPORT_TOPIC_ARN", account.reportTopicArn);

    // The notifier: a pipeline failure, enriched from CodePipeline, posted to the local Slack.
    Json history =
        Json.parse(
            DemoFiles.read(
                root.resolve(
                    "functions/slack-notifier/src/test/resources/golden/"
                        + "codepipeline/8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01.json")));
    emulators.wiremock.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "GetPipelineExecution")
            .willReturn(AwsJsonStubs.ok(history.get("GetPipelineExecution").toString())));
    emulators.wiremock.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListActionExecutions")
            .willReturn(AwsJsonStubs.ok(history.get("ListActionExecutions").toString())));
    functions.set("SlackNotifierFunction", "SLACK_WEBHOOK_SECRET_ARN", account.webhookSecretArn);
    peerEnv.put("SLACK_WEBHOOK_SECRET_ARN", account.webhookSecretArn);

    // The watcher: the demo's image-pull rollback, reported anew each run (the ledger is emptied).
    functions.set("DeploymentWatcherFunction", "REPORT_TOPIC_ARN", account.reportTopicArn);
    functions.set("DeploymentWatcherFunction", "IDEMPOTENCY_TABLE", account.idempotencyTable);
    functions.set("DeploymentWatcherFunction", "CLUSTER_NAME", DemoAccount.CLUSTER);
    functions.set("DeploymentWatcherFunction", "PIPELINE_NAME", DemoAccount.PIPELINE);
    peerEnv.put("IDEMPOTENCY_TABLE", account.idempotencyTable);
    peerEnv.put("CLUSTER_NAME", DemoAccount.CLUSTER);
    peerEnv.put("PIPELINE_NAME", DemoAccount.PIPELINE);
    TestAws.useMoto(emulators.moto);
    DynamoDbClient dynamo = AwsSdk.build(DynamoDbClient.builder(), TestAws.settings());
    Runnable emptyLedger =
        () ->
            dynamo
                .scan(b -> b.tableName(account.idempotencyTable))
                .items()
                .forEach(
                    item ->
                        dynamo.deleteItem(
                            b ->
                                b.tableName(account.idempotencyTable)
                                    .key(Map.of("id", item.get("id")))));

    Path notifierEvents = root.resolve("events/notifier");
    Path watcherEvents = root.resolve("events/watcher");
    List<Workload> all =
        List.of(
            new Workload(
                "pre-deploy-validator",
                "PreDeployValidatorFunction",
                "dev.pipelineguard.validator.PreDeployValidatorHandler",
                "functions/pre-deploy-validator/target/pre-deploy-validator.jar",
                jobEvent,
                List.of(jobEvent, blockedJob),
                "bench/peers/pre_deploy_validator.py",
                List.of(),
                () -> {}),
            new Workload(
                "slack-notifier",
                "SlackNotifierFunction",
                "dev.pipelineguard.notifier.SlackNotifierHandler",
                "functions/slack-notifier/target/slack-notifier.jar",
                notifierEvents.resolve("pipeline-failed.json"),
                List.of(
                    notifierEvents.resolve("pipeline-failed.json"),
                    notifierEvents.resolve("codebuild-failed.json"),
                    notifierEvents.resolve("ecs-deployment-failed.json"),
                    notifierEvents.resolve("sns-rollback-report.json")),
                "bench/peers/slack_notifier.py",
                List.of(
                    "6f2d3c1a-8b4e-4f0a-9c7d-2e5b1a3f4c6d", "8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01"),
                () -> {}),
            new Workload(
                "deployment-watcher",
                "DeploymentWatcherFunction",
                "dev.pipelineguard.watcher.DeploymentWatcherHandler",
                "functions/deployment-watcher/target/deployment-watcher.jar",
                watcherEvents.resolve("circuit-breaker-failed.json"),
                List.of(
                    watcherEvents.resolve("circuit-breaker-failed.json"),
                    watcherEvents.resolve("scheduled-scan.json")),
                "bench/peers/deployment_watcher.py",
                List.of(),
                emptyLedger));
    return new Workloads(functions, peerEnv, all, account, emulators);
  }

  /**
   * Sets up what a function's workload reads that the others would disturb (the watcher's
   * rollback).
   */
  void arrange(Workload workload) {
    if (workload.logicalId().equals("DeploymentWatcherFunction")) {
      account.imagePullRollback();
      WatcherScenarios.pipelineExecutions(emulators.wiremock);
    }
  }

  /** The environment the warm runner gives a handler: the function's variables in this stack. */
  Map<String, String> handlerEnvironment(Workload workload) {
    Map<String, String> env = new LinkedHashMap<>(emulators.awsEnvironment());
    env.putAll(
        Map.of(
            "REPORT_TOPIC_ARN",
            account.reportTopicArn,
            "SLACK_WEBHOOK_SECRET_ARN",
            account.webhookSecretArn,
            "CLUSTER_NAME",
            DemoAccount.CLUSTER,
            "PIPELINE_NAME",
            DemoAccount.PIPELINE,
            "AWS_LAMBDA_FUNCTION_NAME",
            workload.logicalId(),
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "1024"));
    return env;
  }

  /**
   * The demo's parameters, and a secret that was never created: the validator blocks the change.
   */
  private static String blockingParameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("cluster", DemoAccount.CLUSTER);
    p.put("service", DemoAccount.SERVICE);
    p.put("requiredSecrets", List.of(DemoAccount.FLAGS_PARAMETER, DemoAccount.MISSING_SECRET));
    p.put("timeoutSeconds", 600);
    p.put("pipeline", DemoAccount.PIPELINE);
    return JsonWriter.write(p);
  }
}
