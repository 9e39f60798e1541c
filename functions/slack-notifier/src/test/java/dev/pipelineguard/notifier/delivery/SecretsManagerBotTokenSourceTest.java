package dev.pipelineguard.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The app secret ({"botToken": "xoxb-…", "channel": "C…"}) from a real moto_server through the SDK.
 */
class SecretsManagerBotTokenSourceTest {
  static final String TOKEN = "xoxb-5550001111-0987654321-AbCdEfGhIjKlMnOp";
  static SecretsManagerClient secrets;

  @BeforeAll
  static void connect() {
    TestAws.useMoto(MotoServer.shared());
    secrets = AwsSdk.build(SecretsManagerClient.builder(), TestAws.settings());
  }

  @AfterAll
  static void close() {
    secrets.close();
  }

  private static String secret(String value) {
    return secrets
        .createSecret(b -> b.name("slack/app-" + UUID.randomUUID()).secretString(value))
        .arn();
  }

  private static SecretsManagerBotTokenSource source(String arn) {
    return new SecretsManagerBotTokenSource(() -> secrets, arn);
  }

  @Test
  void readsTheTokenAndTheChannelOnceUntilSlackRefusesThem() {
    String arn = secret("{\"botToken\":\"" + TOKEN + "\",\"channel\":\"C0123ABCD\"}");
    SecretsManagerBotTokenSource source = source(arn);
    assertThat(source.token()).isEqualTo(TOKEN);
    assertThat(source.channel()).isEqualTo("C0123ABCD");
    secrets.putSecretValue(
        b ->
            b.secretId(arn)
                .secretString("{\"botToken\":\"xoxb-1-2-rotated\",\"channel\":\"#deployments\"}"));

    assertThat(source.token()).isEqualTo(TOKEN);
    source.forget();
    assertThat(source.token()).isEqualTo("xoxb-1-2-rotated");
    assertThat(source.channel()).isEqualTo("#deployments");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "xoxb-5550001111-0987654321-AbCdEfGhIjKlMnOp",
        "{\"botToken\":\"xoxp-5550001111-0987654321-AbCdEfGhIjKlMnOp\",\"channel\":\"C0123ABCD\"}",
        "{\"botToken\":\"xoxb-5550001111 0987654321\",\"channel\":\"C0123ABCD\"}",
        "{\"botToken\":\"xoxb-5550001111-0987654321-AbCdEfGhIjKlMnOp\"}",
        "{\"botToken\":\"xoxb-5550001111-0987654321-AbCdEfGhIjKlMnOp\",\"channel\":\"<!channel>\"}",
        "{\"botToken\":[\"xoxb-5550001111-0987654321-AbCdEfGhIjKlMnOp\"],\"channel\":\"C0123ABCD\"}"
      })
  void aSecretWithoutABotTokenAndAChannelIsAConfigurationErrorThatNeverQuotesIt(String value) {
    String arn = value.isEmpty() ? secret(" ") : secret(value);

    assertThatThrownBy(() -> source(arn).token())
        .isInstanceOf(SlackAppConfigException.class)
        .hasMessageContaining(arn)
        .hasMessageNotContaining("5550001111")
        .satisfies(e -> assertThat(((SlackDeliveryException) e).outcome()).isEqualTo("app-config"));
  }

  @Test
  void aMissingSecretIsAConfigurationErrorNamingIt() {
    String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:slack/app-missing-AbCdEf";

    assertThatThrownBy(() -> source(arn).channel())
        .isInstanceOf(SlackAppConfigException.class)
        .hasMessageContaining(arn)
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void theParsedSecretNeverPrintsItsToken() {
    SlackApp app =
        SlackApp.parse("{\"botToken\":\"" + TOKEN + "\",\"channel\":\"C0123ABCD\"}", "arn");

    assertThat(app.toString()).contains("C0123ABCD").doesNotContain("xoxb");
  }
}
