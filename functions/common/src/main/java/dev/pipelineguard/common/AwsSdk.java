package dev.pipelineguard.common;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * How every function builds its SDK clients, once per container: the url-connection HTTP client
 * (the lightest to load), and an explicit region and credentials provider so the SDK does not walk
 * its provider chains at cold start. Endpoints are never set here: the SDK's standard {@code
 * AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>} variables point it at an emulator.
 *
 * <p>Credentials are whatever Lambda provides: the access-key variables of an on-demand function,
 * or, under SnapStart (which gives a Java function no access keys), the container credentials
 * endpoint. Neither provider fetches anything when a client is built, so a client built before a
 * SnapStart snapshot holds no credentials and fetches its own after the restore.
 */
public final class AwsSdk {
  private static final SdkHttpClient HTTP_CLIENT =
      UrlConnectionHttpClient.builder()
          .connectionTimeout(Duration.ofSeconds(3))
          .socketTimeout(Duration.ofSeconds(20))
          .build();

  private AwsSdk() {}

  /** The endpoint is on the sandbox's loopback and answers in milliseconds. */
  static final Duration CREDENTIALS_FETCH_LIMIT = Duration.ofSeconds(2);

  /**
   * Set by Lambda under SnapStart (with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}) instead of
   * access keys.
   */
  public static final String CONTAINER_CREDENTIALS_FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

  /**
   * Region and credentials from the Lambda environment ({@code AWS_REGION}, {@code
   * AWS_ACCESS_KEY_ID}, ...).
   */
  public record Settings(Region region, AwsCredentialsProvider credentials) {
    public static Settings fromEnv(Env env) {
      return new Settings(Region.of(env.required("AWS_REGION")), credentials(env));
    }

    /**
     * The container credentials endpoint when Lambda gives one, the access-key variables otherwise;
     * never the default chain. The SDK's container provider reads {@code
     * AWS_CONTAINER_CREDENTIALS_FULL_URI} and the token itself on each fetch and caches what it got
     * until shortly before it expires; each fetch here ends within {@link
     * #CREDENTIALS_FETCH_LIMIT}.
     */
    static AwsCredentialsProvider credentials(Env env) {
      if (!env.optional(CONTAINER_CREDENTIALS_FULL_URI, "").isEmpty()) {
        return new BoundedCredentialsProvider(
            ContainerCredentialsProvider.builder().build(), CREDENTIALS_FETCH_LIMIT);
      }
      return EnvironmentVariableCredentialsProvider.create();
    }
  }

  /** Applies the shared HTTP client, region and credentials to a client builder. */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, Settings settings) {
    return builder
        .httpClient(HTTP_CLIENT)
        .region(settings.region())
        .credentialsProvider(settings.credentials())
        .build();
  }

  /** The shared HTTP client, for clients whose credentials differ per call (artifact reads). */
  public static SdkHttpClient httpClient() {
    return HTTP_CLIENT;
  }
}
