package dev.pipelineguard.notifier.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.notifier.appmode.BoardStore;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.board.BoardRecord;
import dev.pipelineguard.notifier.delivery.EmbeddedMetrics;
import dev.pipelineguard.notifier.delivery.SecretsManagerBotTokenSource;
import dev.pipelineguard.notifier.delivery.SecretsManagerWebhookSource;
import dev.pipelineguard.notifier.delivery.SlackUnavailableException;
import dev.pipelineguard.notifier.delivery.SlackWebhookPoster;
import dev.pipelineguard.notifier.delivery.UrlConnectionHttpTransport;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SDK 2.40.2's url-connection client lets a connection reset while connecting out as an
 * UncheckedIOException: not an SdkException, and not retried (aws-sdk-java-v2 #7347). The
 * notifier's AWS calls (the webhook and app secrets, the board table) must take it as a transient
 * failure with a clear message, never let it out raw. The stand-in HTTP client fails exactly so.
 */
class UncheckedIoFailureTest {
  static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:slack-AbCdEf";

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

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .httpClient(http)
        .region(Region.US_EAST_1)
        .credentialsProvider(TestAws.settings().credentials())
        .build();
  }

  @Test
  void theWebhookSecretIsUnavailableNamingTheFailureAndThePostFailsWithALogLine() {
    SecretsManagerWebhookSource source =
        new SecretsManagerWebhookSource(() -> client(SecretsManagerClient.builder()));
    SlackWebhookPoster poster =
        new SlackWebhookPoster(
            source,
            new UrlConnectionHttpTransport(),
            d -> {},
            Clock.systemUTC(),
            new SlackWebhookPoster.Settings(3, Duration.ofSeconds(5), Duration.ofMillis(500), 5),
            new Log("test"),
            new EmbeddedMetrics("fn"));

    try (CapturedOutput output = new CapturedOutput()) {
      assertThatThrownBy(
              () ->
                  poster.post(
                      SECRET,
                      SlackMessage.builder(Severity.INFO).title("t").build(),
                      Instant.now().plusSeconds(20),
                      "event-1"))
          .isInstanceOf(SlackUnavailableException.class)
          .hasMessage(
              "cannot read the Slack webhook secret "
                  + SECRET
                  + ": Secrets Manager unreachable (SocketException, a transient I/O failure)")
          .hasCauseInstanceOf(UncheckedIOException.class);
      assertThat(output.text())
          .contains("\"event\":\"slack.webhook_unavailable\"")
          .doesNotContain("at software.amazon");
    }
  }

  @Test
  void theAppSecretIsUnavailableNamingTheFailure() {
    SecretsManagerBotTokenSource source =
        new SecretsManagerBotTokenSource(() -> client(SecretsManagerClient.builder()), SECRET);

    assertThatThrownBy(source::channel)
        .isInstanceOf(SlackUnavailableException.class)
        .hasMessage(
            "cannot read the Slack app secret "
                + SECRET
                + ": Secrets Manager unreachable (SocketException, a transient I/O failure)");
    assertThatThrownBy(source::token).isInstanceOf(SlackUnavailableException.class);
  }

  @Test
  void boardReadsAndWritesFailAsStoreErrorsNamingTheFailure() {
    DynamoDbBoardStore store =
        new DynamoDbBoardStore(
            () -> client(DynamoDbClient.builder()), "boards", Duration.ofDays(1));

    assertThatThrownBy(() -> store.load("exec-1"))
        .isInstanceOf(BoardStore.StoreException.class)
        .hasMessage("GetItem on boards failed: UncheckedIOException (SocketException)");
    assertThatThrownBy(() -> store.save(BoardRecord.fresh("exec-1"), Instant.now()))
        .isInstanceOf(BoardStore.StoreException.class)
        .hasMessage("PutItem on boards failed: UncheckedIOException (SocketException)");
  }
}
