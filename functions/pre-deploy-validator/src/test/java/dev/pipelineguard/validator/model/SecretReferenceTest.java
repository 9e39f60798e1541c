package dev.pipelineguard.validator.model;

import static dev.pipelineguard.validator.model.SecretReference.Origin.REQUIRED_SECRETS;
import static dev.pipelineguard.validator.model.SecretReference.Origin.TASK_DEFINITION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.model.SecretReference.Store;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretReferenceTest {
  private static final String FULL =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf";
  private static final String PARTIAL =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db";

  /** Every ECS valueFrom suffix form: json-key, version-stage and version-id, each optional. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        FULL + "|" + FULL + "|-|-|-|AWSCURRENT",
        FULL + ":password::|" + FULL + "|password|-|-|AWSCURRENT",
        FULL + ":password:AWSPREVIOUS:|" + FULL + "|password|AWSPREVIOUS|-|AWSPREVIOUS",
        FULL + "::AWSPENDING:|" + FULL + "|-|AWSPENDING|-|AWSPENDING",
        FULL
            + ":::0f2b8c1e-1111-2222-3333-444455556666|"
            + FULL
            + "|-|-|0f2b8c1e-1111-2222-3333-444455556666|-",
        FULL
            + ":password::0f2b8c1e-1111-2222-3333-444455556666|"
            + FULL
            + "|password|-|0f2b8c1e-1111-2222-3333-444455556666|-",
        FULL + ":password:AWSCURRENT:0f2b8c1e|" + FULL + "|password|AWSCURRENT|0f2b8c1e|AWSCURRENT",
        FULL + ":password|" + FULL + "|password|-|-|AWSCURRENT",
        FULL + ":::|" + FULL + "|-|-|-|AWSCURRENT",
        PARTIAL + "|" + PARTIAL + "|-|-|-|AWSCURRENT",
        PARTIAL + ":username::|" + PARTIAL + "|username|-|-|AWSCURRENT",
        PARTIAL + "::AWSPREVIOUS:|" + PARTIAL + "|-|AWSPREVIOUS|-|AWSPREVIOUS",
      })
  void readsSecretsManagerArnsWithEverySuffixForm(
      String text, String id, String key, String stage, String versionId, String effectiveStage) {
    SecretReference ref = SecretReference.parse(text, TASK_DEFINITION).reference();

    assertThat(ref.store()).isEqualTo(Store.SECRETS_MANAGER);
    assertThat(ref.id()).isEqualTo(id);
    assertThat(ref.region()).isEqualTo("us-east-1");
    assertThat(ref.jsonKey()).isEqualTo(key);
    assertThat(ref.versionStage()).isEqualTo(stage);
    assertThat(ref.versionId()).isEqualTo(versionId);
    assertThat(ref.effectiveStage()).isEqualTo(effectiveStage);
    assertThat(ref.text()).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "prod/stripe-key|prod/stripe-key|-|-|-",
        "prod/db:password|prod/db|password|-|-",
        "prod/db:password:AWSPREVIOUS|prod/db|password|AWSPREVIOUS|-",
        "prod/db::AWSPENDING:|prod/db|-|AWSPENDING|-",
        "prod/db:::v-123|prod/db|-|-|v-123",
      })
  void readsSecretNamesWithSuffixesInRequiredSecrets(
      String text, String id, String key, String stage, String versionId) {
    SecretReference ref = SecretReference.parse(text, REQUIRED_SECRETS).reference();

    assertThat(ref.store()).isEqualTo(Store.SECRETS_MANAGER);
    assertThat(ref.id()).isEqualTo(id);
    assertThat(ref.region()).isNull();
    assertThat(ref.jsonKey()).isEqualTo(key);
    assertThat(ref.versionStage()).isEqualTo(stage);
    assertThat(ref.versionId()).isEqualTo(versionId);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/prod/ssm/param", "/a/b.c-d_e"})
  void slashNamesAreSsmParametersInRequiredSecrets(String name) {
    SecretReference ref = SecretReference.parse(name, REQUIRED_SECRETS).reference();

    assertThat(ref.store()).isEqualTo(Store.SSM_PARAMETER);
    assertThat(ref.id()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"prod-db-password", "/prod/db/password", "prod/db"})
  void plainNamesInATaskDefinitionAreSsmParametersAsEcsReadsThem(String name) {
    SecretReference ref = SecretReference.parse(name, TASK_DEFINITION).reference();

    assertThat(ref.store()).isEqualTo(Store.SSM_PARAMETER);
    assertThat(ref.id()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:ssm:us-east-1:123456789012:parameter/prod/db/password",
        "arn:aws:ssm:eu-west-1:123456789012:parameter/plain-name",
        "arn:aws-cn:ssm:cn-north-1:123456789012:parameter/x"
      })
  void ssmParameterArnsArePassedWholeToGetParameter(String arn) {
    SecretReference ref = SecretReference.parse(arn, TASK_DEFINITION).reference();

    assertThat(ref.store()).isEqualTo(Store.SSM_PARAMETER);
    assertThat(ref.id()).isEqualTo(arn);
    assertThat(ref.region()).isEqualTo(arn.split(":")[3]);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|is empty",
        "' prod/db'|contains whitespace",
        "arn:aws:secretsmanager:us-east-1:123456789012|is not a complete ARN",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db:a:b:c:d|has more than the three suffixes",
        "arn:aws:secretsmanager:us-east-1:1234:secret:prod/db|has no valid 12-digit account id",
        "arn:aws:secretsmanager:moon:123456789012:secret:prod/db|has no valid region",
        "arn:aws:secretsmanager:us-east-1:123456789012:rotation:prod/db|is not a Secrets Manager secret ARN",
        "arn:aws:ssm:us-east-1:123456789012:document/x|is not an SSM parameter ARN",
        "arn:aws:s3:us-east-1:123456789012:bucket|is not a Secrets Manager or SSM Parameter Store ARN",
        "arn:other:ssm:us-east-1:123456789012:parameter/x|has an unknown partition",
        "prod/db:a:b:c:d|has more than the three suffixes",
        "bad$name|is not a valid Secrets Manager secret name",
      })
  void explainsMalformedReferences(String text, String problem) {
    SecretReference.Parsed parsed = SecretReference.parse(text, REQUIRED_SECRETS);

    assertThat(parsed.reference()).isNull();
    assertThat(parsed.problem()).startsWith(problem);
  }

  @ParameterizedTest
  @CsvSource({FULL + ",false", PARTIAL + ",true", "prod/db,false"})
  void knowsAPartialArnByItsMissingRandomSuffix(String text, boolean partial) {
    assertThat(SecretReference.parse(text, REQUIRED_SECRETS).reference().isPartialArn())
        .isEqualTo(partial);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {FULL + ":password::|" + FULL + ":username::", FULL + "|" + FULL + ":::"})
  void referencesToTheSameVersionShareOneRead(String a, String b) {
    assertThat(SecretReference.parse(a, TASK_DEFINITION).reference().versionKey())
        .isEqualTo(SecretReference.parse(b, TASK_DEFINITION).reference().versionKey());
  }

  @Property(tries = 500)
  void anyTextParsesOrExplainsWithoutThrowing(@ForAll String text) {
    SecretReference.Parsed parsed = SecretReference.parse(text, REQUIRED_SECRETS);
    assertThat(parsed.reference() != null ^ parsed.problem() != null).isTrue();
  }
}
