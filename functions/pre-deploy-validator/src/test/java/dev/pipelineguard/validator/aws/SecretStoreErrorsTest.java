package dev.pipelineguard.validator.aws;

import static dev.pipelineguard.emulation.AwsJsonStubs.error;
import static dev.pipelineguard.emulation.AwsJsonStubs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.model.SecretReference;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** AWS errors that moto does not produce (throttling, access denied, KMS), from WireMock. */
class SecretStoreErrorsTest {
  private static WireMockServer wiremock;
  private static SecretsManagerSecretStore secretsManager;
  private static SsmSecretStore ssm;

  @BeforeAll
  static void routeToWireMock() {
    Moto.start();
    wiremock = AwsJsonStubs.start();
    TestAws.route("SecretsManager", wiremock);
    TestAws.route("Ssm", wiremock);
    // Clients are built on first use, so the routing stays until all tests of this class ran.
    secretsManager =
        new SecretsManagerSecretStore(
            Clients.regional(SecretsManagerClient::builder, TestAws.settings()));
    ssm = new SsmSecretStore(Clients.regional(SsmClient::builder, TestAws.settings()));
  }

  @AfterAll
  static void stop() {
    TestAws.unroute("SecretsManager");
    TestAws.unroute("Ssm");
    wiremock.stop();
  }

  @Test
  void throttlingSurvivingTheSdkRetriesIsThrottled() {
    wiremock.stubFor(
        target("secretsmanager.GetSecretValue")
            .willReturn(error(400, "ThrottlingException", "Rate exceeded")));

    AwsCallException e =
        catchThrowableOfType(
            AwsCallException.class,
            () ->
                secretsManager.probe(
                    SecretReference.parse("app/x", SecretReference.Origin.REQUIRED_SECRETS)
                        .reference()));

    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.THROTTLED);
    assertThat(e.operation()).isEqualTo("secretsmanager:GetSecretValue");
    assertThat(AwsJsonStubs.calls(wiremock, "secretsmanager.GetSecretValue")).hasSizeGreaterThan(1);
  }

  @Test
  void accessDeniedIsAccessDenied() {
    wiremock.stubFor(
        target("AmazonSSM.GetParameter")
            .willReturn(
                error(
                    400,
                    "AccessDeniedException",
                    "User is not authorized to perform: ssm:GetParameter")));

    AwsCallException e =
        catchThrowableOfType(
            AwsCallException.class,
            () ->
                ssm.probe(
                    SecretReference.parse("/app/x", SecretReference.Origin.REQUIRED_SECRETS)
                        .reference()));

    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.ACCESS_DENIED);
    assertThat(e.evidence()).contains("AccessDeniedException");
  }

  @Test
  void aKmsDecryptionFailureIsAccessDenied() {
    wiremock.stubFor(
        target("secretsmanager.GetSecretValue")
            .willReturn(
                error(
                    400,
                    "DecryptionFailure",
                    "Secrets Manager can't decrypt the protected secret text using the provided KMS key.")));

    AwsCallException e =
        catchThrowableOfType(
            AwsCallException.class,
            () ->
                secretsManager.probe(
                    SecretReference.parse("app/kms", SecretReference.Origin.REQUIRED_SECRETS)
                        .reference()));

    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.ACCESS_DENIED);
    assertThat(List.of(e.errorCode())).containsExactly("DecryptionFailure");
  }

  @Test
  void regionalClientsAreBuiltOncePerRegion() {
    RegionalClients<SecretsManagerClient> clients =
        Clients.regional(SecretsManagerClient::builder, TestAws.settings());

    assertThat(clients.forRegion(null)).isSameAs(clients.forRegion("us-east-1"));
    assertThat(clients.forRegion("eu-west-1")).isNotSameAs(clients.forRegion(null));
  }
}
