package dev.pipelineguard.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.watcher.aws.ClientTimeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The clients' bounded calls ({@link ClientTimeouts}) together fit the function's timeout. */
class TimeBudgetTest {

  /** {@code Timeout} of a function in template.yaml (its own, else the Globals one). */
  static int templateTimeout(String function) {
    List<String> lines;
    try {
      lines = Files.readAllLines(RepoPaths.root().resolve("template.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Pattern timeout = Pattern.compile("^\\s+Timeout:\\s*(\\d+)\\s*$");
    Integer global = null;
    boolean inFunction = false;
    for (String line : lines) {
      if (line.equals("  " + function + ":")) {
        inFunction = true;
      } else if (inFunction && line.matches("^  \\S.*")) {
        inFunction = false; // the next resource
      }
      Matcher m = timeout.matcher(line);
      if (m.matches() && inFunction) {
        return Integer.parseInt(m.group(1));
      }
      if (m.matches() && line.startsWith("    Timeout:") && global == null) {
        global = Integer.parseInt(m.group(1));
      }
    }
    if (global == null) {
      throw new IllegalStateException("template.yaml sets no Timeout for " + function);
    }
    return global;
  }

  @Test
  void theWorstCaseInvocationEndsBeforeTheFunctionsTimeoutInTheTemplate() {
    Duration timeout = Duration.ofSeconds(templateTimeout("DeploymentWatcherFunction"));
    // A rollback event: DescribeServices, then the claim, then reads while more than the reserve is
    // left (the last one may take READ_CALL), then publish and completion: MARGIN is left at the
    // end.
    Duration afterLastRead = ClientTimeouts.PUBLISH_CALL.plus(ClientTimeouts.LEDGER_CALL);
    assertThat(DeploymentWatcher.PUBLISH_RESERVE)
        .isEqualTo(ClientTimeouts.READ_CALL.plus(afterLastRead).plus(DeploymentWatcher.MARGIN));
    Duration beforeEvidence = ClientTimeouts.READ_CALL.plus(ClientTimeouts.LEDGER_CALL);
    Duration evidenceWindow =
        timeout.minus(beforeEvidence).minus(DeploymentWatcher.PUBLISH_RESERVE);
    // Even then, time for several reads (each a few milliseconds when ECS is well).
    assertThat(evidenceWindow).isGreaterThanOrEqualTo(Duration.ofSeconds(15));
  }
}
