package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Reading SSM parameters the way ECS does, against moto (WireMock for AWS errors:
 * SecretStoreErrorsTest).
 */
class SsmSecretStoreTest {
  private static SsmSecretStore store;

  @BeforeAll
  static void start() {
    Moto.start();
    store = new SsmSecretStore(Clients.regional(SsmClient::builder, TestAws.settings()));
  }

  private static SecretShape probe(String text, SecretReference.Origin origin) {
    return store.probe(SecretReference.parse(text, origin).reference());
  }

  @Test
  void ssmParametersAreReadByNameAndByArn() {
    String param = "/" + Moto.unique("app") + "/db-password";
    Moto.parameter(param, "s3cret");

    assertThat(probe(param, SecretReference.Origin.TASK_DEFINITION).state())
        .isEqualTo(SecretShape.State.READABLE);
    assertThat(
            probe(
                    "arn:aws:ssm:us-east-1:123456789012:parameter" + param,
                    SecretReference.Origin.TASK_DEFINITION)
                .state())
        .isEqualTo(SecretShape.State.READABLE);
    assertThat(probe(param + "-missing", SecretReference.Origin.TASK_DEFINITION).state())
        .isEqualTo(SecretShape.State.NOT_FOUND);
  }
}
