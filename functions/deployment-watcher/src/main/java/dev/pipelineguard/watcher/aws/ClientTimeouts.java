package dev.pipelineguard.watcher.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * How long each external call may take, SDK retries included, so that an invocation always ends
 * before the function's timeout (template.yaml: 60 s) with its report published. A call that runs
 * out of time fails like any other: an ECS or CodePipeline read becomes a gap, the ledger fails
 * open, a failed publish fails the invocation so Lambda retries it.
 */
public final class ClientTimeouts {
  /** ECS and CodePipeline reads: a throttled read gives up and becomes a gap in the report. */
  public static final Duration READ_CALL = Duration.ofSeconds(10);

  /**
   * The report-once ledger: DynamoDB answers in milliseconds, so a call that takes longer is
   * trouble, and the report matters more than the ledger.
   */
  public static final Duration LEDGER_CALL = Duration.ofSeconds(4);

  public static final Duration LEDGER_ATTEMPT = Duration.ofSeconds(2);
  public static final int LEDGER_ATTEMPTS = 3;

  /** SNS Publish: the report itself, so a little more patience than the ledger. */
  public static final Duration PUBLISH_CALL = Duration.ofSeconds(7);

  public static final Duration PUBLISH_ATTEMPT = Duration.ofSeconds(3);
  public static final int PUBLISH_ATTEMPTS = 3;

  private ClientTimeouts() {}

  static void read(ClientOverrideConfiguration.Builder o) {
    o.apiCallTimeout(READ_CALL);
  }

  static void ledger(ClientOverrideConfiguration.Builder o) {
    // Not DynamoDB's default of 9 attempts with throttling back-off (about 50 s when throttled).
    o.apiCallTimeout(LEDGER_CALL)
        .apiCallAttemptTimeout(LEDGER_ATTEMPT)
        .retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(LEDGER_ATTEMPTS)
                .backoffStrategy(
                    BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofMillis(200)))
                .throttlingBackoffStrategy(
                    BackoffStrategy.exponentialDelay(
                        Duration.ofMillis(100), Duration.ofMillis(500)))
                .build());
  }

  static void publish(ClientOverrideConfiguration.Builder o) {
    o.apiCallTimeout(PUBLISH_CALL)
        .apiCallAttemptTimeout(PUBLISH_ATTEMPT)
        .retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(PUBLISH_ATTEMPTS)
                .backoffStrategy(
                    BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofMillis(500)))
                .throttlingBackoffStrategy(
                    BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(2)))
                .build());
  }
}
