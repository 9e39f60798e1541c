package dev.pipelineguard.emulation;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Points the SDK at the emulators through its standard settings ({@code aws.endpointUrl} and {@code
 * aws.endpointUrl<Service>}, the system-property twins of {@code AWS_ENDPOINT_URL} and {@code
 * AWS_ENDPOINT_URL_<SERVICE>}), so production code never sees an endpoint.
 */
public final class TestAws {
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";

  private TestAws() {}

  public static AwsSdk.Settings settings() {
    return new AwsSdk.Settings(
        Region.of(REGION),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
  }

  /** Every service goes to moto unless routed elsewhere. */
  public static void useMoto(MotoServer moto) {
    System.setProperty("aws.endpointUrl", moto.endpoint().toString());
  }

  /**
   * Sends one service to WireMock, e.g. {@code route("CodePipeline", wiremock)}. The service name
   * is the SDK's service id without spaces: CodePipeline, Ecs, SecretsManager, Sns ...
   */
  public static void route(String serviceId, WireMockServer server) {
    System.setProperty("aws.endpointUrl" + serviceId, "http://127.0.0.1:" + server.port());
  }

  public static void route(String serviceId, URI endpoint) {
    System.setProperty("aws.endpointUrl" + serviceId, endpoint.toString());
  }

  public static void unroute(String serviceId) {
    System.clearProperty("aws.endpointUrl" + serviceId);
  }
}
