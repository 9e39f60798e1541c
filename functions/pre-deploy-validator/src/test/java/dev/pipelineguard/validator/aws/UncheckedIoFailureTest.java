package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.aws.SnsReportPublisher;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportPublisher;
import dev.pipelineguard.emulation.FaultyEndpoint;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.check.Deadline;
import dev.pipelineguard.validator.job.ArtifactCredentials;
import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.model.ImageDefinitions;
import dev.pipelineguard.validator.model.ImageUri;
import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.result.Decision;
import dev.pipelineguard.validator.result.FailureType;
import dev.pipelineguard.validator.result.ReportingException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * SDK 2.40.2's url-connection client lets a reset while connecting out as an UncheckedIOException
 * (not an SdkException, and not retried; aws-sdk-java-v2 #7347 fixes that later). A real resetting
 * socket gets that path only part of the time, so the HTTP client is stood in for exactly as it
 * fails to cover it every time: every adapter turns it into the same "AWS did not answer" failure
 * as any other client-side one (a check waits for the next poll, the reporter retries). The last
 * test uses a real server that accepts and resets, whichever path the client takes.
 */
class UncheckedIoFailureTest {
  private static final ArtifactCredentials CREDENTIALS =
      new ArtifactCredentials(
          "ASIAIOSFODNN7EXAMPLE",
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "FwoGZXIvYXdzEXAMPLETOKEN");
  private static final ImageUri.EcrImage IMAGE =
      ImageUri.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1")
          .image()
          .ecr()
          .orElseThrow();

  /** What UrlConnectionHttpClient throws when the connection is reset while it connects. */
  static final class ResetWhileConnecting implements SdkHttpClient {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          calls.incrementAndGet();
          throw new UncheckedIOException(new SocketException("Connection reset"));
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }

  final ResetWhileConnecting http = new ResetWhileConnecting();
  @TempDir Path downloads;

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .httpClient(http)
        .region(Region.US_EAST_1)
        .credentialsProvider(TestAws.settings().credentials())
        .build();
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C>
      RegionalClients<C> regional(Supplier<B> builder) {
    return new RegionalClients<>(Region.US_EAST_1, region -> client(builder.get()));
  }

  private static void unanswered(String operation, ThrowingCallable call) {
    AwsCallException e = catchThrowableOfType(AwsCallException.class, call);

    assertThat(e).as(operation).isNotNull();
    assertThat(e.kind()).as(operation).isEqualTo(AwsCallException.Kind.UNAVAILABLE);
    assertThat(e.evidence()).isEqualTo(operation + " failed: SocketException: Connection reset");
  }

  @Test
  void everyReadBecomesNoAnswerForTheNextPoll() {
    EcsServiceReader ecs = new EcsServiceReader(() -> client(EcsClient.builder()));
    EcrImageRegistry ecr = new EcrImageRegistry(regional(EcrClient::builder));
    ElbTargetHealthReader elb =
        new ElbTargetHealthReader(() -> client(ElasticLoadBalancingV2Client.builder()));
    SecretsManagerSecretStore secrets =
        new SecretsManagerSecretStore(regional(SecretsManagerClient::builder));
    SsmSecretStore parameters = new SsmSecretStore(regional(SsmClient::builder));
    S3ArtifactReader artifacts = new S3ArtifactReader(Region.US_EAST_1, http, downloads);

    unanswered("ecs:DescribeServices", () -> ecs.describeService("c", "s"));
    unanswered("ecs:DescribeTaskDefinition", () -> ecs.describeTaskDefinition("td:1"));
    unanswered("ecr:DescribeImages", () -> ecr.describeImage(IMAGE));
    unanswered("ecr:DescribeImageScanFindings", () -> ecr.scanFindings(IMAGE));
    unanswered(
        "elasticloadbalancing:DescribeTargetHealth", () -> elb.describeTargetHealth("arn:tg"));
    unanswered(
        "secretsmanager:GetSecretValue",
        () ->
            secrets.probe(
                SecretReference.parse("app/db", SecretReference.Origin.REQUIRED_SECRETS)
                    .reference()));
    unanswered(
        "ssm:GetParameter",
        () ->
            parameters.probe(
                SecretReference.parse("/app/flags", SecretReference.Origin.REQUIRED_SECRETS)
                    .reference()));
    unanswered(
        "s3:GetObject",
        () ->
            artifacts.find(
                new JobEvent.InputArtifact("BuildOutput", "b", "k"),
                CREDENTIALS,
                ImageDefinitions.FILE_NAME,
                Deadline.in(Duration.ofSeconds(30))));
    assertThat(http.calls).hasValue(8); // one attempt each: the SDK does not retry it
  }

  @Test
  void aPublishFailsCleanly() {
    SnsReportPublisher publisher =
        new SnsReportPublisher(
            () -> client(SnsClient.builder()), "arn:aws:sns:us-east-1:123456789012:reports");

    assertThatThrownBy(() -> publisher.publish(new Report("s", "{}", Map.of())))
        .isInstanceOf(ReportPublisher.PublishException.class)
        .hasMessage(
            "SNS Publish to arn:aws:sns:us-east-1:123456789012:reports failed: SocketException");
  }

  @Test
  void theJobResultIsRetriedThenReportedAsNotDelivered() {
    List<Duration> pauses = new ArrayList<>();
    CodePipelineJobResultReporter reporter =
        new CodePipelineJobResultReporter(
            () -> client(CodePipelineClient.builder()), pauses::add, new Log("test"));

    assertThatThrownBy(
            () ->
                reporter.report("job-1", new Decision.Fail(FailureType.JOB_FAILED, "x", List.of())))
        .isInstanceOf(ReportingException.class)
        .hasMessage(
            "could not report job job-1 to CodePipeline after 3 attempts: "
                + "codepipeline:PutJob*Result failed: SocketException: Connection reset");
    assertThat(http.calls).hasValue(CodePipelineJobResultReporter.ATTEMPTS);
    assertThat(pauses).isEqualTo(CodePipelineJobResultReporter.BACKOFF);
  }

  @Test
  void aServerThatAcceptsAndResetsIsNoAnswerWhicheverWayTheClientFails() {
    try (FaultyEndpoint resetting = FaultyEndpoint.resetting()) {
      TestAws.route("Ecs", resetting.uri());
      EcsServiceReader ecs = new EcsServiceReader(TestAws.settings());
      for (int i = 0; i < 5; i++) {
        AwsCallException e =
            catchThrowableOfType(AwsCallException.class, () -> ecs.describeService("c", "s"));

        assertThat(e.kind()).isEqualTo(AwsCallException.Kind.UNAVAILABLE);
        assertThat(e.operation()).isEqualTo("ecs:DescribeServices");
      }
      assertThat(resetting.connections()).isGreaterThanOrEqualTo(5);
    } finally {
      TestAws.unroute("Ecs");
    }
  }
}
