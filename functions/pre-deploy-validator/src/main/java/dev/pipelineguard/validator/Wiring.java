package dev.pipelineguard.validator;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.report.ReportPublisher;
import dev.pipelineguard.validator.aws.CodePipelineJobResultReporter;
import dev.pipelineguard.validator.aws.EcrImageRegistry;
import dev.pipelineguard.validator.aws.EcsServiceReader;
import dev.pipelineguard.validator.aws.ElbTargetHealthReader;
import dev.pipelineguard.validator.aws.HttpHealthProbe;
import dev.pipelineguard.validator.aws.ReportTopic;
import dev.pipelineguard.validator.aws.S3ArtifactReader;
import dev.pipelineguard.validator.aws.SecretsManagerSecretStore;
import dev.pipelineguard.validator.aws.SsmSecretStore;
import dev.pipelineguard.validator.check.ArtifactReader;
import dev.pipelineguard.validator.check.CheckRunner;
import dev.pipelineguard.validator.check.HealthProbe;
import dev.pipelineguard.validator.check.ImageRegistry;
import dev.pipelineguard.validator.check.SecretStore;
import dev.pipelineguard.validator.check.ServiceReader;
import dev.pipelineguard.validator.check.TargetHealthReader;
import dev.pipelineguard.validator.result.JobResultReporter;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the validator's core needs, built once per container: its configuration, the ports it
 * reads and reports through, the executor its reads run on and the clock. The runtime's handler
 * builds it from the environment over the AWS SDK; tests build it over emulator-backed adapters and
 * replace single ports with the {@code with...} methods.
 *
 * @param publisher where blocked deployments are published, or null when no topic is configured
 */
record Wiring(
    ValidatorConfig config,
    ServiceReader services,
    ImageRegistry registry,
    SecretStore secrets,
    TargetHealthReader targets,
    HealthProbe http,
    ArtifactReader artifacts,
    JobResultReporter reporter,
    ReportPublisher publisher,
    Executor executor,
    Clock clock) {

  /**
   * The runtime's: configuration and credentials from the environment, SDK clients built on first
   * use.
   */
  static Wiring fromEnv(Env env) {
    ValidatorConfig config = ValidatorConfig.fromEnv(env);
    AwsSdk.Settings settings = AwsSdk.Settings.fromEnv(env);
    return new Wiring(
        config,
        new EcsServiceReader(settings),
        new EcrImageRegistry(settings),
        SecretStore.routed(new SecretsManagerSecretStore(settings), new SsmSecretStore(settings)),
        new ElbTargetHealthReader(settings),
        new HttpHealthProbe(HttpHealthProbe.DEFAULT_TIMEOUT),
        new S3ArtifactReader(settings.region(), AwsSdk.httpClient()),
        new CodePipelineJobResultReporter(
            settings, CodePipelineJobResultReporter.sleeping(), new Log("pre-deploy-validator")),
        config.reportTopicArn() == null
            ? null
            : ReportTopic.publisher(settings, config.reportTopicArn()),
        Executors.newFixedThreadPool(CheckRunner.THREADS, daemonThreads()),
        Clock.systemUTC());
  }

  Wiring withServices(ServiceReader replacement) {
    return new Wiring(
        config,
        replacement,
        registry,
        secrets,
        targets,
        http,
        artifacts,
        reporter,
        publisher,
        executor,
        clock);
  }

  Wiring withSecrets(SecretStore replacement) {
    return new Wiring(
        config,
        services,
        registry,
        replacement,
        targets,
        http,
        artifacts,
        reporter,
        publisher,
        executor,
        clock);
  }

  Wiring withTargets(TargetHealthReader replacement) {
    return new Wiring(
        config,
        services,
        registry,
        secrets,
        replacement,
        http,
        artifacts,
        reporter,
        publisher,
        executor,
        clock);
  }

  Wiring withHttp(HealthProbe replacement) {
    return new Wiring(
        config,
        services,
        registry,
        secrets,
        targets,
        replacement,
        artifacts,
        reporter,
        publisher,
        executor,
        clock);
  }

  Wiring withArtifacts(ArtifactReader replacement) {
    return new Wiring(
        config,
        services,
        registry,
        secrets,
        targets,
        http,
        replacement,
        reporter,
        publisher,
        executor,
        clock);
  }

  Wiring withClock(Clock replacement) {
    return new Wiring(
        config,
        services,
        registry,
        secrets,
        targets,
        http,
        artifacts,
        reporter,
        publisher,
        executor,
        replacement);
  }

  /** Publishes blocked deployments to {@code topicArn} through {@code replacement}. */
  Wiring withPublisher(String topicArn, ReportPublisher replacement) {
    ValidatorConfig withTopic =
        new ValidatorConfig(config.region(), topicArn, config.logGroupName());
    return new Wiring(
        withTopic,
        services,
        registry,
        secrets,
        targets,
        http,
        artifacts,
        reporter,
        replacement,
        executor,
        clock);
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
