package dev.pipelineguard.common;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A credentials provider whose every resolution ends within a limit. The SDK's container provider
 * fetches with 1 s connect and read timeouts, up to 6 attempts, and the SDK resolves again on each
 * of a call's 3 attempts: an endpoint that accepts and never answers costs 18 s, and a blocked read
 * ignores the client's call timeout. Here the fetch runs on its own thread, so the caller waits at
 * most the limit and stays interruptible (the call timeout applies again).
 */
final class BoundedCredentialsProvider implements AwsCredentialsProvider {
  /**
   * Threads only while a fetch runs: none exists before a SnapStart snapshot (nothing is fetched
   * then).
   */
  private static final ExecutorService FETCHES =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "credentials-fetch");
            t.setDaemon(true);
            return t;
          });

  private final AwsCredentialsProvider delegate;
  private final Duration limit;

  BoundedCredentialsProvider(AwsCredentialsProvider delegate, Duration limit) {
    this.delegate = delegate;
    this.limit = limit;
  }

  @Override
  public AwsCredentials resolveCredentials() {
    CompletableFuture<AwsCredentials> fetch =
        CompletableFuture.supplyAsync(delegate::resolveCredentials, FETCHES);
    try {
      return fetch.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      fetch.cancel(true);
      throw SdkClientException.create(
          "Unable to load credentials: the container credentials endpoint did not "
              + "answer within "
              + limit.toMillis()
              + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fetch.cancel(true);
      throw SdkClientException.create("Unable to load credentials: interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw SdkClientException.create("Unable to load credentials", e.getCause());
    }
  }

  @Override
  public String toString() {
    return "BoundedCredentialsProvider(" + delegate + ", " + limit + ")";
  }
}
