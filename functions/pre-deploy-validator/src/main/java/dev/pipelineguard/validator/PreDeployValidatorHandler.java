package dev.pipelineguard.validator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.validator.aws.CodePipelineJobResultReporter;
import dev.pipelineguard.validator.aws.ReportTopic;
import dev.pipelineguard.validator.check.CheckRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The CodePipeline Invoke action's entry point: a thin adapter from the Lambda stream to {@link
 * PreDeployValidator}. The runtime's no-arg constructor builds the {@link Wiring} once per
 * container from the environment (each SDK client on first use, so a poll that reads no SSM
 * parameter never loads the SSM client).
 */
public final class PreDeployValidatorHandler implements RequestStreamHandler {
  /** Kept for what runs after the checks besides the reporting calls (deciding, logging). */
  static final Duration MARGIN = Duration.ofSeconds(2);

  /**
   * Kept back from the Lambda timeout to report the result after the checks: the job result with
   * all its retries, then the report to SNS, each bounded by its client's timeouts.
   */
  public static final Duration REPORTING_RESERVE =
      CodePipelineJobResultReporter.WORST_CASE.plus(ReportTopic.WORST_CASE).plus(MARGIN);

  /** No poll waits longer than this for its checks; what is unfinished is polled again. */
  public static final Duration MAX_CHECK_BUDGET = Duration.ofSeconds(60);

  static final Duration MIN_CHECK_BUDGET = Duration.ofSeconds(2);

  private final PreDeployValidator validator;

  public PreDeployValidatorHandler() {
    this(Wiring.fromEnv(Env.system()));
  }

  /** For tests: real (emulator-backed) or fake adapters. */
  PreDeployValidatorHandler(Wiring wiring) {
    CheckRunner runner =
        new CheckRunner(
            wiring.services(),
            wiring.registry(),
            wiring.secrets(),
            wiring.targets(),
            wiring.http(),
            wiring.artifacts(),
            wiring.executor());
    this.validator =
        new PreDeployValidator(
            runner,
            wiring.reporter(),
            wiring.publisher(),
            wiring.config(),
            wiring.clock(),
            new Log("pre-deploy-validator"));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] payload = input.readAllBytes();
    PreDeployValidator.Result result =
        validator.process(payload, checkBudget(context.getRemainingTimeInMillis()));
    output.write(result.toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** The time the checks may take: what is left of the invocation minus the reporting reserve. */
  static Duration checkBudget(long remainingMillis) {
    Duration left = Duration.ofMillis(remainingMillis).minus(REPORTING_RESERVE);
    if (left.compareTo(MIN_CHECK_BUDGET) < 0) {
      return MIN_CHECK_BUDGET;
    }
    return left.compareTo(MAX_CHECK_BUDGET) > 0 ? MAX_CHECK_BUDGET : left;
  }
}
