package dev.pipelineguard.validator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pipelineguard.validator.model.SecretReference;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ValidatorParametersTest {

  @Test
  void readsEveryDocumentedKey() {
    ValidatorParameters p =
        ValidatorParameters.parse(
            """
        {"cluster": "prod-cluster", "service": "orders-api",
         "requiredSecrets": ["arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", "prod/stripe-key", "/prod/ssm/param"],
         "healthUrl": "https://orders.example.com/health", "expectedStatus": 204,
         "timeoutSeconds": 900, "imageScan": {"maxCritical": 0, "maxHigh": 5}, "pipeline": "orders-pipeline"}""");

    assertThat(p.cluster()).isEqualTo("prod-cluster");
    assertThat(p.service()).isEqualTo("orders-api");
    assertThat(p.requiredSecrets())
        .extracting(SecretReference::store)
        .containsExactly(
            SecretReference.Store.SECRETS_MANAGER,
            SecretReference.Store.SECRETS_MANAGER,
            SecretReference.Store.SSM_PARAMETER);
    assertThat(p.healthUrl()).hasToString("https://orders.example.com/health");
    assertThat(p.expectedStatus()).isEqualTo(204);
    assertThat(p.timeoutSeconds()).isEqualTo(900);
    assertThat(p.imageScan()).isEqualTo(new ValidatorParameters.ScanThresholds(0, 5));
    assertThat(p.pipeline()).isEqualTo("orders-pipeline");
  }

  @Test
  void onlyClusterAndServiceAreRequiredAndTheRestHasDefaults() {
    ValidatorParameters p = ValidatorParameters.parse("{\"cluster\":\"c\",\"service\":\"s\"}");

    assertThat(p.requiredSecrets()).isEmpty();
    assertThat(p.healthUrl()).isNull();
    assertThat(p.expectedStatus()).isEqualTo(200);
    assertThat(p.timeoutSeconds()).isEqualTo(600);
    assertThat(p.imageScan()).isNull();
    assertThat(p.pipeline()).isNull();
  }

  @Test
  void emptyImageScanMeansNoCriticalAndAnyNumberOfHigh() {
    ValidatorParameters p =
        ValidatorParameters.parse("{\"cluster\":\"c\",\"service\":\"s\",\"imageScan\":{}}");

    assertThat(p.imageScan()).isEqualTo(new ValidatorParameters.ScanThresholds(0, null));
  }

  @Test
  void unknownKeyIsNamedWithTheKeyItProbablyMeant() {
    ParameterException e =
        catchThrowableOfType(
            ParameterException.class,
            () ->
                ValidatorParameters.parse("{\"cluster\":\"c\",\"service\":\"s\",\"timeout\":600}"));

    assertThat(e.problems())
        .singleElement()
        .asString()
        .contains("unknown key \"timeout\"")
        .contains("did you mean \"timeoutSeconds\"");
  }

  @Test
  void unknownKeyInsideImageScanIsNamedWithItsPath() {
    ParameterException e =
        catchThrowableOfType(
            ParameterException.class,
            () ->
                ValidatorParameters.parse(
                    "{\"cluster\":\"c\",\"service\":\"s\",\"imageScan\":{\"maxcritical\":1}}"));

    assertThat(e.problems())
        .singleElement()
        .asString()
        .contains("\"imageScan.maxcritical\"")
        .contains("did you mean \"imageScan.maxCritical\"");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    ParameterException e =
        catchThrowableOfType(
            ParameterException.class,
            () ->
                ValidatorParameters.parse(
                    """
        {"service": 42, "requiredSecrets": "prod/db", "healthUrl": "ftp://x", "expectedStatus": 99,
         "timeoutSeconds": -1, "imageScan": {"maxHigh": 1.5}, "pipeline": "bad name!", "extra": true}"""));

    assertThat(e.problems()).hasSize(9);
    assertThat(String.join("\n", e.problems()))
        .contains("\"cluster\" is required")
        .contains("\"service\" must be a non-empty string")
        .contains("\"requiredSecrets\" must be an array")
        .contains("\"healthUrl\" must be an absolute http:// or https:// URL")
        .contains("\"expectedStatus\" must be a whole number from 100 to 599")
        .contains("\"timeoutSeconds\" must be a whole number from 0 to 3600")
        .contains("\"imageScan.maxHigh\" must be a whole number")
        .contains("\"pipeline\" must be a pipeline name")
        .contains("unknown key \"extra\"");
  }

  @Test
  void malformedJsonSaysWhereWithoutQuotingIt() {
    ParameterException e =
        catchThrowableOfType(
            ParameterException.class,
            () ->
                ValidatorParameters.parse(
                    "{\"cluster\": \"c\", \"service\": \"s\", \"x\": SECRETVALUE"));

    assertThat(e.problems())
        .singleElement()
        .asString()
        .contains("not valid JSON")
        .contains("line 1")
        .doesNotContain("SECRETVALUE");
  }

  @Test
  void emptyOrNonObjectParametersAreExplained() {
    assertThatThrownBy(() -> ValidatorParameters.parse(null))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("UserParameters is empty");
    assertThatThrownBy(() -> ValidatorParameters.parse("  "))
        .hasMessageContaining("UserParameters is empty");
    assertThatThrownBy(() -> ValidatorParameters.parse("[\"c\"]"))
        .hasMessageContaining("must be a JSON object, not an array");
  }

  @Test
  void expectedStatusWithoutHealthUrlIsAMistake() {
    assertThatThrownBy(
            () ->
                ValidatorParameters.parse(
                    "{\"cluster\":\"c\",\"service\":\"s\",\"expectedStatus\":204}"))
        .hasMessageContaining("\"expectedStatus\" is set but \"healthUrl\" is not");
  }

  @Test
  void malformedRequiredSecretIsNamedByIndex() {
    ParameterException e =
        catchThrowableOfType(
            ParameterException.class,
            () ->
                ValidatorParameters.parse(
                    "{\"cluster\":\"c\",\"service\":\"s\",\"requiredSecrets\":[\"ok/name\", \"arn:aws:s3:::bucket\", 7]}"));

    assertThat(e.problems())
        .containsExactly(
            "\"requiredSecrets\"[1] 'arn:aws:s3:::bucket' has no valid region",
            "\"requiredSecrets\"[2] must be a string");
  }

  @Test
  void aRequiredSecretThatIsNoNameIsNotQuotedBack() {
    ParameterException e =
        catchThrowableOfType(
            ParameterException.class,
            () ->
                ValidatorParameters.parse(
                    "{\"cluster\":\"c\",\"service\":\"s\",\"requiredSecrets\":[\"s3cr3t!Pa$$ w0rd\", \"/bad path\"]}"));

    assertThat(e.problems())
        .containsExactly(
            "\"requiredSecrets\"[0] (16 characters, not shown) contains whitespace",
            "\"requiredSecrets\"[1] '/bad path' contains whitespace");
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
  }

  @Test
  void acceptsClusterAndServiceArnsAndUsesTheirNames() {
    ValidatorParameters p =
        ValidatorParameters.parse(
            "{\"cluster\":\"arn:aws:ecs:us-east-1:123456789012:cluster/prod\","
                + "\"service\":\"arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api\"}");

    assertThat(p.clusterName()).isEqualTo("prod");
    assertThat(p.serviceName()).isEqualTo("orders-api");
  }

  @Test
  void hostileClusterNameIsRejectedAndQuotedCleanly() {
    ParameterException e =
        catchThrowableOfType(
            ParameterException.class,
            () ->
                ValidatorParameters.parse(
                    "{\"cluster\":\"a\\nb\\u0007<!channel>\",\"service\":\"s\"}"));

    assertThat(e.problems())
        .singleElement()
        .asString()
        .doesNotContain("\n")
        .doesNotContain("\u0007");
  }

  @Test
  void bestEffortNamesForAReportAboutBrokenParameters() {
    assertThat(
            ValidatorParameters.clusterAndService(
                "{\"cluster\":\"c\",\"service\":\"s\",\"bad\":1}"))
        .hasValueSatisfying(names -> assertThat(names).containsExactly("c", "s"));
    assertThat(ValidatorParameters.clusterAndService("{\"cluster\": \"c\",")).isEmpty();
  }

  @Test
  void suggestsOnlyCloseKeys() {
    assertThat(ValidatorParameters.suggestion("requiredSecret", ValidatorParameters.KEYS))
        .contains("requiredSecrets");
    assertThat(ValidatorParameters.suggestion("HEALTHURL", ValidatorParameters.KEYS))
        .contains("healthUrl");
    assertThat(ValidatorParameters.suggestion("database", ValidatorParameters.KEYS)).isEmpty();
  }

  @Property(tries = 300)
  void anyTextEitherParsesOrFailsWithAParameterException(@ForAll String text) {
    try {
      ValidatorParameters.parse(text);
    } catch (ParameterException e) {
      assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).isNotBlank());
    }
  }

  @Test
  void problemsListIsImmutable() {
    ParameterException e = new ParameterException(List.of("a"));
    assertThatThrownBy(() -> e.problems().add("b"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
