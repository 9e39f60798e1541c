package dev.pipelineguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.ExternalCommand;
import dev.pipelineguard.emulation.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** bin/demo end to end, as a newcomer runs it after cloning (the jars are built by this build). */
class DemoIT {
  static ExternalCommand.Result demo;
  static String html;

  @BeforeAll
  static void runDemo() throws IOException {
    Path root = RepoPaths.root();
    demo =
        ExternalCommand.run(
            root,
            Duration.ofMinutes(4),
            List.of(root.resolve("bin/demo").toString()),
            Map.of("NO_COLOR", "1"),
            null);
    Path page = root.resolve("target/demo/slack.html");
    html = Files.exists(page) ? Files.readString(page) : "";
  }

  @Test
  void walksThroughEveryStepAndExitsZero() {
    assertThat(demo.exit()).as(demo.output()).isZero();
    assertThat(demo.stdout())
        .contains("== 1. Pre-deploy validation of a healthy change")
        .contains("PutJobSuccessResult")
        .contains("== 2. Pre-deploy validation of a change that would have broken production")
        .contains("== 3. A pipeline execution fails")
        .contains("== 4. The circuit breaker rolls back a deployment")
        .contains("== 5. Slack app mode: one live message per pipeline execution")
        .contains("3 Slack messages in webhook mode, one thread in app mode (4 replies")
        .doesNotContain("FAILED:");
  }

  @Test
  void showsTheExactCodePipelineFailureMessageNamingTheSecretAndTheVariableButNotTheValue() {
    String blocked = section("== 2.", "== 3.");

    assertThat(blocked)
        .contains("PutJobFailureResult (JobFailed)")
        .contains("pipeline-guard/dev/app/stripe-key")
        .contains("DB_PASSWORD")
        .doesNotContain("hunter2-Prod-2024!");
  }

  @Test
  void explainsTheRollbackWithItsRootCauseAndTheVpcEndpointFix() {
    String rollback = section("== 4.", "== Done");

    assertThat(rollback)
        .contains("REGISTRY_UNREACHABLE")
        .contains("ecr.api")
        .contains("ecr.dkr")
        .contains("S3 gateway endpoint")
        .contains("Rolling back: web");
  }

  @Test
  void inAppModeTheRunIsOneMessageUpdatedInPlaceWithTheFailureAndTheReportInItsThread() {
    String appMode = section("== 5.", "== Done");

    assertThat(appMode)
        .contains("Pipeline STARTED")
        .contains("-> posted the board")
        .contains("Stage Validate FAILED")
        .contains("-> updated the board")
        .contains("replied: ✋ Approval needed")
        .contains("replied: ⛔ Deployment blocked")
        .contains("one parent message, updated in place")
        .contains("❌ *Validate* · 42 s · failed: `PreDeployValidation` (JobFailed)")
        .contains("➖ *Deploy* · not run");
    assertThat(appMode.split("posted the board", -1)).hasSize(2);
    assertThat(html)
        .contains("class=\"thread\"")
        .contains("4 replies")
        .contains("Failed: pipeline-guard-dev-pipeline")
        .contains("Waiting for approval: pipeline-guard-dev-pipeline")
        .contains("only=app-mode");
  }

  @Test
  void rendersTheSlackMessagesAsSlackShowsThem() {
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("class=\"attachment\"")
        .contains("Pipeline failed")
        .contains("Deployment blocked")
        .contains("Rolling back: web")
        .contains("class=\"fields\"");
    String webhookMode =
        html.substring(Math.max(0, html.indexOf("class=\"channel webhook-mode\"")));
    assertThat(webhookMode.split("class=\"message\"", -1)).hasSize(4);
  }

  @Test
  void noCredentialSecretOrWebhookReachesTheOutput() {
    String everything = demo.output() + html;

    assertThat(everything)
        .doesNotContain("demoSecretAccessKeyThatMustNeverBeLogged0")
        .doesNotContain("FwoGZXIvYXdzEDemoSessionTokenThatMustNeverBeLogged")
        .doesNotContain("s3cr3t-demo-password")
        .doesNotContain("hunter2-Prod-2024!")
        .doesNotContain("/services/T0DEMO0000/B0DEMO0000/local-sink")
        .doesNotContain(AppModeSlack.TOKEN);
  }

  private static String section(String from, String to) {
    String out = demo.stdout();
    int start = out.indexOf(from);
    int end = out.indexOf(to, Math.max(start, 0));
    return start < 0 ? "" : out.substring(start, end < 0 ? out.length() : end);
  }
}
