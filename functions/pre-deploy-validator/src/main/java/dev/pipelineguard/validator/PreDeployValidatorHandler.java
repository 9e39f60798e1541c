package dev.pipelineguard.validator;

import dev.pipelineguard.common.Lazy;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The CodePipeline Invoke action's entry point: a thin adapter from the Lambda stream to
 * {@link PreDeployValidator}. The runtime's no-arg constructor reads the configuration and prepares
 * the SDK clients once per container (each built on first use, so a poll that reads no SSM
 * parameter never loads the SSM client).
 */
public final class PreDeployValidatorHandler implements RequestStreamHandler {
  /** Concurrent AWS reads; the SDK's sync clients are thread-safe and the work is I/O-bound. */
  static final int THREADS = 16;
  /** Kept back from the Lambda timeout to report the result (with retries) after the checks. */
  static final Duration REPORTING_RESERVE = Duration.ofSeconds(20);
  /** No poll waits longer than this for its checks; what is unfinished is polled again. */
  static final Duration MAX_CHECK_BUDGET = Duration.ofSeconds(60);
  static final Duration MIN_CHECK_BUDGET = Duration.ofSeconds(2);

  private final PreDeployValidator validator;

  public PreDeployValidatorHandler() {
    this(Env.system());
  }

  private PreDeployValidatorHandler(Env env) {
    this(ValidatorConfig.fromEnv(env), AwsSdk.Settings.fromEnv(env));
  }

  private PreDeployValidatorHandler(ValidatorConfig config, AwsSdk.Settings settings) {
    this(config, settings, Executors.newFixedThreadPool(THREADS, daemonThreads()));
  }

  private PreDeployValidatorHandler(ValidatorConfig config, AwsSdk.Settings settings, ExecutorService executor) {
    this(config,
        new SdkEcsReader(new Lazy<>(() -> build(EcsClient.builder(), settings))),
        new SdkImageRegistry(regional(settings, EcrClient::builder)),
        new SdkSecretStore(regional(settings, SecretsManagerClient::builder), regional(settings, SsmClient::builder)),
        new SdkTargetHealthReader(new Lazy<>(() -> build(ElasticLoadBalancingV2Client.builder(), settings))),
        new UrlHealthProbe(UrlHealthProbe.DEFAULT_TIMEOUT),
        new S3ArtifactReader(settings.region(), AwsSdk.httpClient()),
        new CodePipelineJobReporter(new Lazy<>(() -> build(CodePipelineClient.builder(), settings)),
            CodePipelineJobReporter.sleeping(), new Log("pre-deploy-validator")),
        config.reportTopicArn() == null ? null
            : new SnsReportPublisher(new Lazy<>(() -> build(SnsClient.builder(), settings)), config.reportTopicArn()),
        executor, Clock.systemUTC());
  }

  /** For tests: real (emulator-backed) or fake adapters. */
  PreDeployValidatorHandler(ValidatorConfig config, EcsReader ecs, ImageRegistry registry, SecretStore secrets,
      TargetHealthReader targets, HealthProbe http, ArtifactReader artifacts, JobResultReporter reporter,
      ReportPublisher publisher, java.util.concurrent.Executor executor, Clock clock) {
    Log log = new Log("pre-deploy-validator");
    this.validator = new PreDeployValidator(new Validation(ecs, registry, secrets, targets, http, artifacts, executor),
        reporter, publisher, config, clock, log);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] payload = input.readAllBytes();
    PreDeployValidator.Result result = validator.process(payload, checkBudget(context.getRemainingTimeInMillis()));
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

  /** Every client fails a call within bounded time, so one slow endpoint cannot eat the invocation. */
  static ClientOverrideConfiguration timeouts() {
    return ClientOverrideConfiguration.builder()
        .apiCallAttemptTimeout(Duration.ofSeconds(5))
        .apiCallTimeout(Duration.ofSeconds(15))
        .build();
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
      & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C build(B builder,
      AwsSdk.Settings settings) {
    return AwsSdk.build(builder.overrideConfiguration(timeouts()), settings);
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
      & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> RegionalClients<C> regional(
      AwsSdk.Settings settings, java.util.function.Supplier<B> builder) {
    return new RegionalClients<>(settings.region(),
        region -> build(builder.get(), new AwsSdk.Settings(region, settings.credentials())));
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "validator-check-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

}
