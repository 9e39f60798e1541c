package dev.pipelineguard.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.watcher.aws.ClientTimeouts;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * docs/deployment-watcher.md says what the code does: every variable and the time budget (every
 * cause and documented reason: diagnosis.DiagnosisDocumentationTest).
 */
class DocumentationTest {

  static String doc() throws IOException {
    return Files.readString(RepoPaths.root().resolve("docs/deployment-watcher.md"));
  }

  @Test
  void documentsEveryEnvironmentVariableAndTheDefaultThreshold() throws IOException {
    String doc = doc();
    for (String variable :
        new String[] {
          "REPORT_TOPIC_ARN",
          "CLUSTER_NAME",
          "STUCK_AFTER_MINUTES",
          "IDEMPOTENCY_TABLE",
          "PIPELINE_NAME"
        }) {
      assertThat(doc).contains("`" + variable + "`");
    }
    assertThat(doc).contains("`" + WatcherConfig.DEFAULT_STUCK_AFTER_MINUTES + "` (5..1440)");
  }

  @Test
  void statesTheTimeBudgetTheCodeKeeps() throws IOException {
    String doc = doc().replaceAll("\\s+", " "); // line breaks are layout
    assertThat(doc)
        .contains("publish reserve of " + DeploymentWatcher.PUBLISH_RESERVE.toSeconds() + " s")
        .contains(
            "| DynamoDB (ledger) | "
                + ClientTimeouts.LEDGER_ATTEMPT.toSeconds()
                + " s | "
                + ClientTimeouts.LEDGER_ATTEMPTS
                + " (")
        .contains(
            "| SNS Publish | "
                + ClientTimeouts.PUBLISH_ATTEMPT.toSeconds()
                + " s | "
                + ClientTimeouts.PUBLISH_ATTEMPTS
                + " (")
        .contains("when throttled) | " + ClientTimeouts.LEDGER_CALL.toSeconds() + " s |")
        .contains("when throttled) | " + ClientTimeouts.PUBLISH_CALL.toSeconds() + " s |")
        .contains("| SDK default | " + ClientTimeouts.READ_CALL.toSeconds() + " s |")
        .contains("ends with at least " + DeploymentWatcher.MARGIN.toSeconds() + " s left")
        .contains("`ledger_unavailable_reporting_anyway`");
  }
}
