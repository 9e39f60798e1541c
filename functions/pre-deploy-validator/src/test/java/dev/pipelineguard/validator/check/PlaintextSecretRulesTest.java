package dev.pipelineguard.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.model.TaskDefinition;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaintextSecretRulesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "DB_PASSWORD|hunter2|the name suggests a password",
        "dbPassword|s3cr3t|the name suggests a password",
        "MYSQL_PWD|letmein|the name suggests a password",
        "API_KEY|abc|the name suggests a key",
        "STRIPE_SECRET|whatever|the name suggests a secret",
        "AUTH_TOKEN|t0k3n|the name suggests a token",
        "CLIENT_SECRET|x|the name suggests a secret",
        "JWT_PRIVATE_KEY|not-so-random|the name suggests a key",
        "CONFIG|AKIAIOSFODNN7EXAMPLE|the value looks like an AWS access key id",
        "AWS_ACCESS_KEY_ID|ASIAIOSFODNN7EXAMPLE|the value looks like an AWS access key id",
        "DATABASE_URL|postgres://app:Sup3rS3cret@db.internal:5432/orders|the value is a connection string with an embedded password",
        "REDIS_URL|redis://:pa55@cache:6379|the value is a connection string with an embedded password",
        "JDBC_URL|jdbc:sqlserver://db;user=app;password=Secret1|the value is a connection string with an embedded password",
        "GH|ghp_0123456789abcdefghijABCDEFGHIJ012345|the value looks like a GitHub token",
        "SLACK|xoxb-123456789012-abcdefABCDEF|the value looks like a Slack token",
        "NOTIFY|https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX|the value is a Slack webhook URL (anyone holding it can post)",
        "PAYMENTS|sk_live_0123456789abcdefABCD|the value looks like a Stripe secret key",
        "SESSION|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U|the value looks like a JSON Web Token",
        "RANDOM_THING|Zx8q!Lr2#Vb7@Mn4$Tg6^Kp1&Wd9|the value looks like a random secret (long and high-entropy)",
        "UPSTREAM|wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|the value looks like a random secret (long and high-entropy)",
      })
  void flagsCredentialsAndSaysWhyWithoutTheValue(String name, String value, String why) {
    assertThat(PlaintextSecretRules.why(name, value)).isEqualTo(why).doesNotContain(value);
  }

  @Test
  void flagsAPrivateKey() {
    assertThat(
            PlaintextSecretRules.why(
                "TLS", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----"))
        .isEqualTo("the value contains a private key");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SPRING_PROFILES_ACTIVE|prod",
        "JAVA_TOOL_OPTIONS|-XX:MaxRAMPercentage=75.0 -Dfile.encoding=UTF-8",
        "GIT_COMMIT|4f9c2a1e8b7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b",
        "REQUEST_ID|0f2b8c1e-1111-2222-3333-444455556666",
        "IMAGE_DIGEST|sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "DB_SECRET_ARN|arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
        "DB_PASSWORD_PARAM|/prod/db/password",
        "TOKEN_URL|https://auth.example.com/oauth2/token",
        "TOKEN_TTL|3600",
        "PASSWORD_MIN_LENGTH|12",
        "SECRET_NAME|prod/db",
        "AUTH_ENABLED|true",
        "PWD|/app",
        "DB_PASSWORD|${DB_PASSWORD}",
        "API_KEY_HEADER|X-Api-Key",
        "MAIN_CLASS|com.example.orders.OrdersApplication",
        "DATABASE_URL|jdbc:postgresql://db.internal:5432/orders?user=app",
        "LOG_LEVEL|INFO",
        "HOSTNAME|orders-api.prod.internal.example.com",
        "STARTED_AT|2024-05-01T10:15:30.123Z",
        "ACCESS_KEY_ID|",
        "DB_PASSWORD|''",
      })
  void leavesOrdinaryConfigurationAlone(String name, String value) {
    assertThat(PlaintextSecretRules.why(name, value)).isNull();
  }

  @Test
  void scanNamesContainerAndVariable() {
    List<PlaintextSecretRules.SuspectVariable> suspects =
        PlaintextSecretRules.scan(
            List.of(
                new TaskDefinition.Container(
                    "app",
                    "img",
                    List.of(
                        new TaskDefinition.EnvironmentVariable("DB_PASSWORD", "hunter2"),
                        new TaskDefinition.EnvironmentVariable("LOG_LEVEL", "INFO")),
                    List.of()),
                new TaskDefinition.Container(
                    "sidecar",
                    "img",
                    List.of(
                        new TaskDefinition.EnvironmentVariable("AWS_KEY", "AKIAIOSFODNN7EXAMPLE")),
                    List.of())));

    assertThat(suspects)
        .containsExactly(
            new PlaintextSecretRules.SuspectVariable(
                "app", "DB_PASSWORD", "the name suggests a password"),
            new PlaintextSecretRules.SuspectVariable(
                "sidecar", "AWS_KEY", "the value looks like an AWS access key id"));
  }

  @Test
  void environmentVariableToStringHidesTheValue() {
    assertThat(new TaskDefinition.EnvironmentVariable("DB_PASSWORD", "hunter2").toString())
        .doesNotContain("hunter2");
  }

  @Property(tries = 1000)
  void aReasonNeverQuotesTheValue(@ForAll("names") String name, @ForAll("values") String value) {
    String why = PlaintextSecretRules.why(name, value);
    if (why != null && value.strip().length() >= 4) {
      assertThat(why).doesNotContain(value.strip());
    }
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.of(
        "DB_PASSWORD", "API_KEY", "LOG_LEVEL", "TOKEN", "X", "SECRET_ARN", "connectionString");
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMinLength(0).ofMaxLength(80),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(18).ofMaxLength(60),
        Arbitraries.of(
            "AKIAIOSFODNN7EXAMPLE",
            "postgres://u:p4ss@h/db",
            "ghp_0123456789abcdefghijABCDEFGHIJ012345"));
  }
}
