package dev.pipelineguard.demo;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.CodePipelineRun;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.SnsInbox;
import dev.pipelineguard.emulation.WatcherScenarios;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bin/demo: the pipeline's bad day, rehearsed locally with the real functions (through
 * bin/local-invoke) against moto_server and a WireMock standing in for what moto lacks and for
 * Slack.
 *
 * <ol>
 *   <li>a pre-deploy validation that passes;
 *   <li>one that blocks the deployment: a missing secret and a password in plain environment
 *       variables;
 *   <li>a pipeline failure event, posted to Slack;
 *   <li>a circuit-breaker rollback caused by an image pull failure: the watcher's report on SNS,
 *       posted to Slack with the root cause and the VPC endpoint fix;
 *   <li>Slack app mode: a failing run's events one by one, and the validator's report, make one
 *       message per execution (updated in place) with the failure and the report in its thread, on
 *       a fake Slack Web API that behaves as Slack documents it.
 * </ol>
 */
public final class Demo {
  private final Path root;
  private final Path out;
  private final PrintStream console;
  private final boolean color;
  private final List<Json> allSlackMessages = new ArrayList<>();
  private int seenSlackMessages;

  /** The validator's report of step 2, as the reports topic delivered it; step 5 replays it. */
  private Json blockedReport;

  private BlockKitRenderer.SlackThread thread;

  Demo(Path root, PrintStream console, boolean color) {
    this.root = root;
    this.out = root.resolve("target/demo");
    this.console = console;
    this.color = color;
  }

  public static void main(String[] args) {
    Demo demo =
        new Demo(RepoPaths.root(), System.out, onTerminal() && System.getenv("NO_COLOR") == null);
    // Whatever happens (Ctrl-C included), stop every process the demo started.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    int code;
    try {
      code = demo.run();
    } catch (RuntimeException e) {
      System.err.println("demo failed: " + e.getMessage());
      code = 1;
    }
    System.out.flush();
    System.exit(code);
  }

  /**
   * Colour only on a terminal. From JDK 22 on, a console exists even when output is piped: ask it.
   */
  @SuppressWarnings(
      "SystemConsoleNull") // null means no terminal before JDK 22; from 22 on, isTerminal decides
  private static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console); // JDK 22+
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22, a console is a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  int run() {
    Instant started = Instant.now();
    prepareOutput();
    title("pipeline-guard demo: a pipeline's bad day, rehearsed locally");
    try (Emulators emulators = Emulators.start()) {
      line(
          "AWS emulator (moto_server) on "
              + emulators.moto.endpoint()
              + ", WireMock (CodePipeline job API, ECS rollout states, Slack webhook) on "
              + emulators.wiremockUrl());
      DemoAccount account = DemoAccount.seed(emulators);
      line(
          "seeded: cluster "
              + DemoAccount.CLUSTER
              + ", service "
              + DemoAccount.SERVICE
              + ", image "
              + DemoAccount.IMAGE
              + ", secrets, an SSM parameter, the build artifact, the reports topic");

      LocalFunctions functions = new LocalFunctions(root, out, emulators.awsEnvironment());
      functions.set("PreDeployValidatorFunction", "REPORT_TOPIC_ARN", account.reportTopicArn);
      functions.set("SlackNotifierFunction", "SLACK_WEBHOOK_SECRET_ARN", account.webhookSecretArn);
      functions.set("DeploymentWatcherFunction", "REPORT_TOPIC_ARN", account.reportTopicArn);
      functions.set("DeploymentWatcherFunction", "IDEMPOTENCY_TABLE", account.idempotencyTable);
      functions.set("DeploymentWatcherFunction", "CLUSTER_NAME", DemoAccount.CLUSTER);
      functions.set("DeploymentWatcherFunction", "PIPELINE_NAME", DemoAccount.PIPELINE);
      SnsInbox reports = SnsInbox.subscribe(account.sns, account.sqs, account.reportTopicArn);

      // Every step runs, even after one failed.
      boolean ok = validationPasses(emulators, account, functions);
      ok &= validationBlocks(emulators, account, functions, reports);
      ok &= pipelineFailure(emulators, functions);
      ok &= rollback(emulators, account, functions, reports);
      ok &= appMode(emulators, functions);

      Path html = out.resolve("slack.html");
      DemoFiles.write(
          html,
          BlockKitRenderer.toHtmlPage("pipeline-guard demo: Slack", thread, allSlackMessages));
      heading("Done");
      line(
          allSlackMessages.size()
              + " Slack messages in webhook mode"
              + (thread == null
                  ? ""
                  : ", one thread in app mode ("
                      + thread.replies().size()
                      + " replies, "
                      + thread.versions()
                      + " versions of its parent)")
              + ", rendered as Slack shows them: "
              + root.relativize(html));
      line("events and job payloads used: " + root.relativize(out.resolve("events")));
      line(
          String.format(
              "took %.1f s", Duration.between(started, Instant.now()).toMillis() / 1000.0));
      return ok ? 0 : 1;
    }
  }

  // 1
  // ----------------------------------------------------------------------------------------------
  private boolean validationPasses(
      Emulators emulators, DemoAccount account, LocalFunctions functions) {
    heading("1. Pre-deploy validation of a healthy change");
    account.serviceSettledOn(account.goodTaskDefinition);
    Path event =
        event(
            "validate-pass.json",
            account.jobEvent("0f4b6c2a-1d3e-4f5a-8b9c-0d1e2f3a4b5c", DemoAccount.userParameters()));
    narrate(
        "CodePipeline's Validate stage invokes the validator with the build's imagedefinitions.json");
    LocalFunctions.Invocation run = functions.invoke("PreDeployValidatorFunction", event);
    List<Json> successes = emulators.jobResults("PutJobSuccessResult");
    if (run.exit() != 0 || successes.isEmpty()) {
      return failed("the validator did not report success", run);
    }
    Json success = successes.get(successes.size() - 1);
    result(
        "PutJobSuccessResult: "
            + success.path("executionDetails", "summary").textOr("(no summary)"));
    success
        .get("outputVariables")
        .fields()
        .forEach((k, v) -> line("    output variable " + k + " = " + v.textOr("")));
    return true;
  }

  // 2
  // ----------------------------------------------------------------------------------------------
  private boolean validationBlocks(
      Emulators emulators, DemoAccount account, LocalFunctions functions, SnsInbox reports) {
    heading("2. Pre-deploy validation of a change that would have broken production");
    narrate(
        "the task definition now references "
            + DemoAccount.MISSING_SECRET
            + " (never created) and has DB_PASSWORD in plain environment variables");
    account.serviceSettledOn(account.badTaskDefinition);
    Path event =
        event(
            "validate-blocked.json",
            account.jobEvent("7a1c9e3b-5d2f-4b8a-9c6e-1f0a2b3c4d5e", DemoAccount.userParameters()));
    LocalFunctions.Invocation run = functions.invoke("PreDeployValidatorFunction", event);
    List<Json> failures = emulators.jobResults("PutJobFailureResult");
    if (run.exit() != 0 || failures.isEmpty()) {
      return failed("the validator did not block the deployment", run);
    }
    Json failure = failures.get(failures.size() - 1).get("failureDetails");
    result(
        "PutJobFailureResult ("
            + failure.get("type").textOr("?")
            + "), the message the operator sees in CodePipeline:");
    box(failure.get("message").textOr(""));
    List<Json> published = reports.receive(1, Duration.ofSeconds(5));
    if (published.isEmpty()) {
      return failed("the validator published no report", run);
    }
    narrate("the validator also published its report to the reports topic; the notifier posts it");
    blockedReport = published.get(0);
    return notifySns(emulators, functions, published.get(0), "sns-validation-report.json");
  }

  // 3
  // ----------------------------------------------------------------------------------------------
  private boolean pipelineFailure(Emulators emulators, LocalFunctions functions) {
    heading("3. A pipeline execution fails: EventBridge -> Slack notifier");
    // The CodePipeline history of that execution, as recorded for the notifier's golden tests.
    Path history =
        root.resolve(
            "functions/slack-notifier/src/test/resources/golden/codepipeline/"
                + "8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01.json");
    Json fixture = Json.parse(DemoFiles.read(history));
    emulators.wiremock.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "GetPipelineExecution")
            .willReturn(AwsJsonStubs.ok(fixture.get("GetPipelineExecution").toString())));
    emulators.wiremock.stubFor(
        AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + "ListActionExecutions")
            .willReturn(AwsJsonStubs.ok(fixture.get("ListActionExecutions").toString())));
    narrate(
        "event: events/notifier/pipeline-failed.json (enriched with GetPipelineExecution and ListActionExecutions)");
    LocalFunctions.Invocation run =
        functions.invoke(
            "SlackNotifierFunction", root.resolve("events/notifier/pipeline-failed.json"));
    return showNewSlackMessages(emulators, run);
  }

  // 4
  // ----------------------------------------------------------------------------------------------
  private boolean rollback(
      Emulators emulators, DemoAccount account, LocalFunctions functions, SnsInbox reports) {
    heading("4. The circuit breaker rolls back a deployment: watcher -> SNS report -> Slack");
    account.imagePullRollback();
    WatcherScenarios.pipelineExecutions(emulators.wiremock);
    narrate(
        "ECS: "
            + WatcherScenarios.SERVICE
            + " deployment "
            + WatcherScenarios.FAILED_ID
            + " failed (tasks could not pull their image); ECS is rolling back to "
            + WatcherScenarios.RESTORED_ID);
    LocalFunctions.Invocation run =
        functions.invoke(
            "DeploymentWatcherFunction",
            root.resolve("events/watcher/circuit-breaker-failed.json"));
    if (run.exit() != 0) {
      return failed("the watcher failed", run);
    }
    List<Json> published = reports.receive(1, Duration.ofSeconds(5));
    if (published.isEmpty()) {
      return failed("the watcher published no report", run);
    }
    Json report = Json.parse(published.get(0).get("Message").textOr("{}"));
    result("report on SNS: " + published.get(0).get("Subject").textOr(""));
    line(
        "    cause "
            + report.path("cause", "code").textOr("?")
            + ": "
            + report.path("cause", "title").textOr(""));
    line("    fix: " + report.path("cause", "hint").textOr(""));
    return notifySns(emulators, functions, published.get(0), "sns-rollback-report.json");
  }

  // 5
  // ----------------------------------------------------------------------------------------------
  private boolean appMode(Emulators emulators, LocalFunctions functions) {
    heading("5. Slack app mode: one live message per pipeline execution");
    if (blockedReport == null) {
      return failed(
          "step 2 published no report to replay", new LocalFunctions.Invocation(1, "", ""));
    }
    CodePipelineRun run = CodePipelineRun.failingRun();
    // The validator's report of step 2, as if it had blocked this run's Validate action.
    String message =
        blockedReport
            .get("Message")
            .textOr("{}")
            .replaceFirst("\"detectedAt\":\"[^\"]*\"", "\"detectedAt\":\"2025-03-14T16:40:12Z\"");
    Json report =
        Json.parse(
            snsDelivery(
                Json.parse(
                    JsonWriter.write(
                        Map.of(
                            "MessageId",
                            "demo-app-mode-report",
                            "TopicArn",
                            blockedReport.get("TopicArn").textOr(""),
                            "Subject",
                            blockedReport.get("Subject").textOr(""),
                            "Message",
                            message,
                            "MessageAttributes",
                            blockedReport.get("MessageAttributes"))))));
    List<Json> delivery = new ArrayList<>(run.events());
    delivery.add(16, report); // right after the Validate action failed
    narrate(
        "SlackMode=app: a Slack app's bot token ("
            + AppModeSlack.CHANNEL_NAME
            + ") instead of a webhook, the"
            + " executions' boards in DynamoDB; CodePipeline's "
            + run.events().size()
            + " events of execution "
            + run.executionId().substring(0, 8)
            + " one by one, as EventBridge delivers them, and step 2's report");
    try (AppModeSlack slack = AppModeSlack.start(emulators, functions)) {
      int step = 0;
      for (Json event : delivery) {
        Path file = event(String.format("app-mode-%02d.json", ++step), event.toString());
        LocalFunctions.Invocation invocation = functions.invoke("SlackNotifierFunction", file);
        if (invocation.exit() != 0) {
          return failed("the notifier failed on " + AppModeSlack.describe(event), invocation);
        }
        line(String.format("%-62s %s", AppModeSlack.describe(event), slack.whatChanged()));
      }
      thread = slack.thread();
      if (thread == null) {
        return failed("no parent message in the channel", new LocalFunctions.Invocation(1, "", ""));
      }
      result(
          "one parent message, updated in place "
              + (thread.versions() - 1)
              + " times; the board as it ends:");
      box(BlockKitRenderer.toText(thread.parent()).stripTrailing());
      result("its thread:");
      for (Json reply : thread.replies()) {
        box(BlockKitRenderer.emoji(BlockKitRenderer.mrkdwnToText(reply.get("text").textOr(""))));
      }
      return slack.parentCount() == 1;
    }
  }

  /**
   * Delivers an SNS notification (as read from the SQS subscription) to the notifier, as SNS would.
   */
  private boolean notifySns(
      Emulators emulators, LocalFunctions functions, Json notification, String name) {
    Path event = event(name, snsDelivery(notification));
    LocalFunctions.Invocation run = functions.invoke("SlackNotifierFunction", event);
    return showNewSlackMessages(emulators, run);
  }

  /**
   * The Lambda payload SNS delivers for {@code notification} (as read from an SQS subscription).
   */
  private static String snsDelivery(Json notification) {
    Map<String, Object> sns = new LinkedHashMap<>();
    sns.put("Type", "Notification");
    sns.put("MessageId", notification.get("MessageId").textOr("demo"));
    sns.put("TopicArn", notification.get("TopicArn").textOr(""));
    sns.put("Subject", notification.get("Subject").text());
    sns.put("Message", notification.get("Message").textOr(""));
    sns.put("Timestamp", notification.get("Timestamp").textOr(Instant.now().toString()));
    sns.put("SignatureVersion", "1");
    sns.put("Signature", "EXAMPLE");
    sns.put(
        "SigningCertUrl",
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-EXAMPLE.pem");
    sns.put("UnsubscribeUrl", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe");
    sns.put("MessageAttributes", notification.get("MessageAttributes"));
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("EventSource", "aws:sns");
    record.put("EventVersion", "1.0");
    record.put(
        "EventSubscriptionArn", notification.get("TopicArn").textOr("") + ":demo-subscription");
    record.put("Sns", sns);
    return JsonWriter.write(Map.of("Records", List.of(record)));
  }

  private boolean showNewSlackMessages(Emulators emulators, LocalFunctions.Invocation run) {
    List<Json> messages = emulators.slackMessages();
    List<Json> fresh =
        messages.subList(Math.min(seenSlackMessages, messages.size()), messages.size());
    seenSlackMessages = messages.size();
    if (run.exit() != 0 || fresh.isEmpty()) {
      return failed("the notifier posted nothing", run);
    }
    for (Json message : fresh) {
      allSlackMessages.add(message);
      result("Slack message:");
      box(BlockKitRenderer.toText(message).stripTrailing());
    }
    return true;
  }

  // output
  // ------------------------------------------------------------------------------------------
  private void prepareOutput() {
    try {
      Files.createDirectories(out.resolve("events"));
      try (var files = Files.list(out.resolve("events"))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path event(String name, String json) {
    Path path = out.resolve("events").resolve(name);
    DemoFiles.write(path, json);
    return path;
  }

  private boolean failed(String what, LocalFunctions.Invocation run) {
    console.println(paint("31", "  FAILED: " + what + " (exit " + run.exit() + ")"));
    console.println(indent(run.response().strip(), "    "));
    console.println(indent(tail(run.logs(), 15), "    "));
    return false;
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private void title(String text) {
    console.println(paint("1", text));
  }

  private void heading(String text) {
    console.println();
    console.println(paint("1;36", "== " + text));
  }

  private void narrate(String text) {
    console.println(paint("2", "  " + text));
  }

  private void result(String text) {
    console.println(paint("32", "  -> ") + text);
  }

  private void line(String text) {
    console.println("  " + text);
  }

  private void box(String text) {
    console.println(indent(text, "    | "));
  }

  private static String indent(String text, String prefix) {
    StringBuilder out = new StringBuilder();
    for (String l : text.split("\n", -1)) {
      out.append(prefix).append(l).append('\n');
    }
    return out.toString().stripTrailing();
  }

  private String paint(String code, String text) {
    return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
