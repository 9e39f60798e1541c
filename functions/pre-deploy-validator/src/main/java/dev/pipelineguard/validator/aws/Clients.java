package dev.pipelineguard.validator.aws;

import dev.pipelineguard.common.AwsSdk;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.utils.Lazy;

/**
 * How the adapters build their SDK clients: once per container, on first use (a poll that reads no
 * SSM parameter never loads the SSM client), every call bounded in time.
 */
final class Clients {
  private Clients() {}

  /**
   * Every client fails a call within bounded time, so one slow endpoint cannot eat the invocation.
   */
  static ClientOverrideConfiguration timeouts() {
    return ClientOverrideConfiguration.builder()
        .apiCallAttemptTimeout(Duration.ofSeconds(5))
        .apiCallTimeout(Duration.ofSeconds(15))
        .build();
  }

  /** A client in the function's region, built on first use. */
  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> Supplier<C> lazy(
      Supplier<B> builder, AwsSdk.Settings settings) {
    return new Lazy<C>(() -> build(builder.get(), settings))::getValue;
  }

  /**
   * The client job results are reported with: its calls fit {@link
   * CodePipelineJobResultReporter#WORST_CASE}.
   */
  static CodePipelineClient jobResults(AwsSdk.Settings settings) {
    return AwsSdk.build(
        CodePipelineClient.builder()
            .overrideConfiguration(
                reporting(
                    CodePipelineJobResultReporter.CALL_TIMEOUT,
                    CodePipelineJobResultReporter.ATTEMPT_TIMEOUT,
                    CodePipelineJobResultReporter.SDK_ATTEMPTS)),
        settings);
  }

  /** The client reports are published with: its calls fit {@link ReportTopic#WORST_CASE}. */
  static SnsClient reports(AwsSdk.Settings settings) {
    return AwsSdk.build(
        SnsClient.builder()
            .overrideConfiguration(
                reporting(
                    ReportTopic.CALL_TIMEOUT,
                    ReportTopic.ATTEMPT_TIMEOUT,
                    ReportTopic.SDK_ATTEMPTS)),
        settings);
  }

  /**
   * After the checks, within the handler's reporting reserve: a call, the SDK's retries included,
   * ends within {@code call}, each attempt within {@code attempt}.
   */
  private static ClientOverrideConfiguration reporting(
      Duration call, Duration attempt, int attempts) {
    return ClientOverrideConfiguration.builder()
        .apiCallTimeout(call)
        .apiCallAttemptTimeout(attempt)
        .retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(attempts).build())
        .build();
  }

  /** Clients by region (references may point at another region), each built on first use. */
  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C>
      RegionalClients<C> regional(Supplier<B> builder, AwsSdk.Settings settings) {
    return new RegionalClients<>(
        settings.region(),
        region -> build(builder.get(), new AwsSdk.Settings(region, settings.credentials())));
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, AwsSdk.Settings settings) {
    return AwsSdk.build(builder.overrideConfiguration(timeouts()), settings);
  }
}
