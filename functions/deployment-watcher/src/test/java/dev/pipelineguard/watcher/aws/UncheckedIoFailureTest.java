package dev.pipelineguard.watcher.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.aws.SnsReportPublisher;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportPublisher;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.watcher.evidence.EcsReadException;
import dev.pipelineguard.watcher.report.ReportLedger;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SDK 2.40.2's url-connection client lets a reset while connecting out as an UncheckedIOException
 * (not an SdkException, and not retried; aws-sdk-java-v2 #7347 fixes that later). A real resetting
 * socket ({@code FaultyEndpoint.resetting()}) gets that path only about one time in three, so this
 * stands in for the HTTP client exactly as it fails, to cover the path every time: the ledger fails
 * open, a publish fails cleanly (so Lambda retries), an ECS read becomes a gap.
 */
class UncheckedIoFailureTest {
  /** What UrlConnectionHttpClient throws when the connection is reset while it connects. */
  static final class ResetWhileConnecting implements SdkHttpClient {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          calls.incrementAndGet();
          throw new UncheckedIOException(new SocketException("Connection reset by peer"));
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }

  final ResetWhileConnecting http = new ResetWhileConnecting();

  @Test
  void theLedgerFailsOpen() {
    try (DynamoDbClient client =
        DynamoDbClient.builder()
            .httpClient(http)
            .region(TestAws.settings().region())
            .credentialsProvider(TestAws.settings().credentials())
            .overrideConfiguration(ClientTimeouts::ledger)
            .build()) {
      DynamoDbReportLedger ledger = new DynamoDbReportLedger(client, "t");
      Instant now = Instant.parse("2025-11-20T10:16:00Z");
      assertThatThrownBy(() -> ledger.claim("k", "a", now, now.plusSeconds(60)))
          .isInstanceOf(ReportLedger.LedgerException.class)
          .hasMessage("PutItem on t failed: UncheckedIOException (SocketException)");
      assertThatThrownBy(() -> ledger.complete("k", "m", now))
          .isInstanceOf(ReportLedger.LedgerException.class);
      assertThatThrownBy(() -> ledger.release("k", "a"))
          .isInstanceOf(ReportLedger.LedgerException.class);
    }
    assertThat(http.calls).hasValue(3); // one attempt each: the SDK does not retry it
  }

  @Test
  void aPublishFailsAsAPublishException() {
    try (SnsClient client =
        SnsClient.builder()
            .httpClient(http)
            .region(TestAws.settings().region())
            .credentialsProvider(TestAws.settings().credentials())
            .overrideConfiguration(ClientTimeouts::publish)
            .build()) {
      SnsReportPublisher publisher =
          new SnsReportPublisher(() -> client, "arn:aws:sns:us-east-1:123456789012:reports");
      Report report = new Report("Rollback: web", "{}", Map.of("schema", "x"));
      assertThatThrownBy(() -> publisher.publish(report))
          .isInstanceOf(ReportPublisher.PublishException.class)
          .hasMessage(
              "SNS Publish to arn:aws:sns:us-east-1:123456789012:reports failed: SocketException");
    }
  }

  @Test
  void anEcsReadBecomesAGap() {
    try (EcsClient client =
        EcsClient.builder()
            .httpClient(http)
            .region(TestAws.settings().region())
            .credentialsProvider(TestAws.settings().credentials())
            .overrideConfiguration(ClientTimeouts::read)
            .build()) {
      EcsDeploymentReader reader = new EcsDeploymentReader(client);
      assertThatThrownBy(() -> reader.describeServices("c", List.of("web")))
          .isInstanceOf(EcsReadException.class)
          .hasMessage("DescribeServices failed: no answer (SocketException)");
      assertThat(reader.serviceDeployment("c", "web", null, null, () -> true).note())
          .isEqualTo(
              "ListServiceDeployments failed: no answer (SocketException): "
                  + "circuit breaker count and threshold were not read");
    }
  }
}
