package dev.pipelineguard.validator.result;

import java.util.List;
import java.util.Map;

/**
 * The one result an invocation reports to CodePipeline. {@code checks} is the full picture of this
 * poll (every check runs in every poll) for logs and the validation report.
 */
public sealed interface Decision permits Decision.Succeed, Decision.Continue, Decision.Fail {
  List<CheckResult> checks();

  /** PutJobSuccessResult: every check passed or had nothing to check. */
  record Succeed(String summary, Map<String, String> outputVariables, List<CheckResult> checks)
      implements Decision {
    public Succeed {
      outputVariables = Map.copyOf(outputVariables);
      checks = List.copyOf(checks);
    }
  }

  /** PutJobSuccessResult with a continuation token: something is still settling. */
  record Continue(String token, String summary, int percentComplete, List<CheckResult> checks)
      implements Decision {
    public Continue {
      checks = List.copyOf(checks);
    }
  }

  /** PutJobFailureResult. */
  record Fail(FailureType type, String message, List<CheckResult> checks) implements Decision {
    public Fail {
      checks = List.copyOf(checks);
    }
  }
}
