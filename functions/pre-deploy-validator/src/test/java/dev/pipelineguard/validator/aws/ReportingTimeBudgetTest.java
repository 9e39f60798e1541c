package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.validator.PreDeployValidatorHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * What runs after the checks (the job result with its retries, then the SNS report) fits the
 * handler's reporting reserve, read from the clients the function builds, and the reserve with the
 * longest check budget fits the function's timeout in template.yaml.
 */
class ReportingTimeBudgetTest {

  @BeforeAll
  static void emulator() {
    TestAws.useMoto(MotoServer.shared());
  }

  /** {@code Timeout} of a function in template.yaml (its own, else the Globals one). */
  static int templateTimeout(String function) throws IOException {
    List<String> lines = Files.readAllLines(RepoPaths.root().resolve("template.yaml"));
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
  void theReportersWorstCaseFitsTheReserveAndTheReserveFitsTheFunctionsTimeout()
      throws IOException {
    Duration pauses =
        CodePipelineJobResultReporter.BACKOFF.stream().reduce(Duration.ZERO, Duration::plus);
    try (CodePipelineClient jobResults = Clients.jobResults(TestAws.settings());
        SnsClient reports = Clients.reports(TestAws.settings())) {
      ClientOverrideConfiguration results =
          jobResults.serviceClientConfiguration().overrideConfiguration();
      ClientOverrideConfiguration publish =
          reports.serviceClientConfiguration().overrideConfiguration();
      // Each call is bounded as a whole (apiCallTimeout covers the SDK's retries), and so is each
      // attempt.
      Duration resultCall = results.apiCallTimeout().orElseThrow();
      Duration publishCall = publish.apiCallTimeout().orElseThrow();
      assertThat(results.apiCallAttemptTimeout())
          .hasValueSatisfying(a -> assertThat(a).isLessThanOrEqualTo(resultCall));
      assertThat(results.retryStrategy())
          .hasValueSatisfying(
              r ->
                  assertThat(r.maxAttempts())
                      .isEqualTo(CodePipelineJobResultReporter.SDK_ATTEMPTS));
      assertThat(publish.apiCallAttemptTimeout())
          .hasValueSatisfying(a -> assertThat(a).isLessThanOrEqualTo(publishCall));
      assertThat(CodePipelineJobResultReporter.BACKOFF)
          .hasSize(CodePipelineJobResultReporter.ATTEMPTS - 1);

      Duration reporting =
          resultCall.multipliedBy(CodePipelineJobResultReporter.ATTEMPTS).plus(pauses);
      Duration afterTheChecks = reporting.plus(publishCall);
      Duration timeout = Duration.ofSeconds(templateTimeout("PreDeployValidatorFunction"));

      assertThat(reporting).isEqualTo(CodePipelineJobResultReporter.WORST_CASE);
      assertThat(publishCall).isEqualTo(ReportTopic.WORST_CASE);
      assertThat(afterTheChecks).isLessThan(PreDeployValidatorHandler.REPORTING_RESERVE);
      assertThat(PreDeployValidatorHandler.REPORTING_RESERVE).isLessThan(timeout);
      assertThat(
              PreDeployValidatorHandler.MAX_CHECK_BUDGET.plus(
                  PreDeployValidatorHandler.REPORTING_RESERVE))
          .isLessThanOrEqualTo(timeout);
    }
  }
}
