package dev.pipelineguard.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

class BoundedCredentialsProviderTest {
  @Test
  void passesTheCredentialsAndTheFailuresOfItsDelegateThrough() {
    AwsCredentials credentials = AwsBasicCredentials.create("AKID", "secret");

    assertThat(
            new BoundedCredentialsProvider(() -> credentials, Duration.ofSeconds(1))
                .resolveCredentials())
        .isSameAs(credentials);
    assertThatThrownBy(
            () ->
                new BoundedCredentialsProvider(
                        () -> {
                          throw SdkClientException.create(
                              "Unable to fetch credentials from container.");
                        },
                        Duration.ofSeconds(1))
                    .resolveCredentials())
        .hasMessage("Unable to fetch credentials from container.");
  }

  @Test
  void aFetchThatNeverEndsFailsAtTheLimit() {
    CountDownLatch never = new CountDownLatch(1);
    BoundedCredentialsProvider provider =
        new BoundedCredentialsProvider(
            () -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new AssertionError("not reached");
            },
            Duration.ofMillis(100));

    assertThatThrownBy(provider::resolveCredentials)
        .isInstanceOf(SdkClientException.class)
        .hasMessageContaining("did not answer within 100 ms");
  }

  @Test
  void aCallerInterruptedWhileWaitingStopsWaiting() {
    CountDownLatch never = new CountDownLatch(1);
    BoundedCredentialsProvider provider =
        new BoundedCredentialsProvider(
            () -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new AssertionError("not reached");
            },
            Duration.ofMinutes(5));

    Thread.currentThread().interrupt(); // what the SDK's call timeout does to the calling thread
    try {
      assertThatThrownBy(provider::resolveCredentials)
          .isInstanceOf(SdkClientException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
