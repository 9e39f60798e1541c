package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reading Secrets Manager secrets the way ECS does, against moto (WireMock for AWS errors:
 * SecretStoreErrorsTest).
 */
class SecretsManagerSecretStoreTest {
  private static SecretsManagerSecretStore store;
  private static String name;
  private static String arn;

  @BeforeAll
  static void createSecrets() {
    Moto.start();
    store =
        new SecretsManagerSecretStore(
            Clients.regional(SecretsManagerClient::builder, TestAws.settings()));
    name = Moto.unique("app/db");
    arn = Moto.secret(name, "{\"username\":\"orders\",\"password\":\"hunter2-value\"}");
  }

  private static SecretShape probe(String text, SecretReference.Origin origin) {
    return store.probe(SecretReference.parse(text, origin).reference());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":password::", ":username:AWSCURRENT:", "::AWSCURRENT:", ":::"})
  void everyFullArnSuffixFormReadsTheSecret(String suffix) {
    SecretShape shape = probe(arn + suffix, SecretReference.Origin.TASK_DEFINITION);

    assertThat(shape.state()).isEqualTo(SecretShape.State.READABLE);
    assertThat(shape.jsonKeys()).containsExactly("username", "password");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":password::", "::AWSCURRENT:"})
  void everyPartialArnSuffixFormReadsTheSecret(String suffix) {
    String partial = arn.substring(0, arn.lastIndexOf('-'));

    assertThat(probe(partial + suffix, SecretReference.Origin.TASK_DEFINITION).state())
        .isEqualTo(SecretShape.State.READABLE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":password", ":password:AWSCURRENT", "::AWSCURRENT:"})
  void everyNameSuffixFormInRequiredSecretsReadsTheSecret(String suffix) {
    assertThat(probe(name + suffix, SecretReference.Origin.REQUIRED_SECRETS).state())
        .isEqualTo(SecretShape.State.READABLE);
  }

  @Test
  void aVersionIdSuffixReadsThatVersion() {
    String versionId =
        Moto.secretsManager()
            .describeSecret(b -> b.secretId(arn))
            .versionIdsToStages()
            .keySet()
            .iterator()
            .next();

    assertThat(probe(arn + ":::" + versionId, SecretReference.Origin.TASK_DEFINITION).state())
        .isEqualTo(SecretShape.State.READABLE);
    assertThat(
            probe(
                    arn + ":::00000000-0000-0000-0000-000000000000",
                    SecretReference.Origin.TASK_DEFINITION)
                .state())
        .isEqualTo(SecretShape.State.VERSION_NOT_FOUND);
  }

  @Test
  void aMissingStagingLabelIsExplainedWithTheLabelsThatExist() {
    SecretShape shape = probe(arn + "::AWSPENDING:", SecretReference.Origin.TASK_DEFINITION);

    assertThat(shape.state()).isEqualTo(SecretShape.State.VERSION_NOT_FOUND);
    assertThat(shape.versionStages()).containsExactly("AWSCURRENT");
  }

  @Test
  void aSecretScheduledForDeletionSaysWhen() {
    String doomed = Moto.secret(Moto.unique("app/doomed"), "x");
    Moto.secretsManager().deleteSecret(b -> b.secretId(doomed).recoveryWindowInDays(7L));

    SecretShape shape = probe(doomed, SecretReference.Origin.TASK_DEFINITION);

    assertThat(shape.state()).isEqualTo(SecretShape.State.SCHEDULED_FOR_DELETION);
    assertThat(shape.deletionDate()).isNotNull();
  }

  @Test
  void aMissingSecretIsNotFound() {
    assertThat(
            probe(
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/never-AbCdEf",
                    SecretReference.Origin.TASK_DEFINITION)
                .state())
        .isEqualTo(SecretShape.State.NOT_FOUND);
  }

  @Test
  void aPlainStringSecretHasNoJsonKeysAndABinaryOneIsMarked() {
    String plain = Moto.secret(Moto.unique("app/plain"), "just-a-token");
    String binary =
        Moto.secretsManager()
            .createSecret(
                b ->
                    b.name(Moto.unique("app/bin"))
                        .secretBinary(software.amazon.awssdk.core.SdkBytes.fromUtf8String("bytes")))
            .arn();

    assertThat(probe(plain, SecretReference.Origin.TASK_DEFINITION).jsonKeys()).isNull();
    assertThat(probe(binary, SecretReference.Origin.TASK_DEFINITION).binary()).isTrue();
  }

  @Test
  void aSecretInAnotherRegionIsReadThere() {
    SecretsManagerClient west =
        Clients.regional(SecretsManagerClient::builder, TestAws.settings()).forRegion("us-west-2");
    String westArn =
        west.createSecret(b -> b.name(Moto.unique("app/west")).secretString("{\"k\":\"v\"}")).arn();

    assertThat(westArn).contains(":us-west-2:");
    assertThat(probe(westArn + ":k::", SecretReference.Origin.TASK_DEFINITION).state())
        .isEqualTo(SecretShape.State.READABLE);
  }

  @Test
  void theShapeNeverCarriesTheValue() {
    SecretShape shape = probe(arn + ":password::", SecretReference.Origin.TASK_DEFINITION);

    assertThat(shape.toString()).doesNotContain("hunter2-value");
  }
}
