package dev.pipelineguard.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WebhookUrlsTest {
  static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:wh-AbCdEf";
  static final String URL = "https://hooks.example.test/services/T1/B2/c3d4e5";

  @Test
  void acceptsThePlainUrlOrAWebhookUrlMember() {
    assertThat(WebhookUrls.parse("  " + URL + "\n", ARN)).isEqualTo(URI.create(URL));
    assertThat(WebhookUrls.parse("{\"webhookUrl\": \"" + URL + "\", \"channel\": \"#ops\"}", ARN))
        .isEqualTo(URI.create(URL));
  }

  @Test
  void acceptsPlainHttpOnlyForLoopbackHosts() {
    assertThat(WebhookUrls.parse("http://127.0.0.1:8080/services/x", ARN)).hasHost("127.0.0.1");
    assertThat(WebhookUrls.parse("http://localhost:8080/services/x", ARN)).hasHost("localhost");

    assertThatThrownBy(
            () -> WebhookUrls.parse("http://hooks.example.test/services/secret-part", ARN))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessageContaining(ARN)
        .hasMessageContaining("not https://")
        .hasMessageNotContaining("secret-part")
        .hasMessageNotContaining("hooks.example.test");
  }

  @Test
  void rejectsOtherSchemesEmptyValuesAndJsonWithoutTheUrlWithoutQuotingThem() {
    assertThatThrownBy(() -> WebhookUrls.parse("ftp://hooks.example.test/secret-part", ARN))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessageNotContaining("secret-part");
    assertThatThrownBy(() -> WebhookUrls.parse(" ", ARN)).hasMessageContaining("is empty");
    assertThatThrownBy(() -> WebhookUrls.parse("{\"url\": \"" + URL + "\"}", ARN))
        .hasMessageContaining("without a \"webhookUrl\" string")
        .hasMessageNotContaining("c3d4e5");
    assertThatThrownBy(() -> WebhookUrls.parse("{\"webhookUrl\": \"" + URL, ARN))
        .hasMessageContaining("not valid JSON")
        .hasMessageNotContaining("c3d4e5");
    assertThatThrownBy(() -> WebhookUrls.parse("not a url with spaces secret-part", ARN))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessageNotContaining("secret-part");
  }
}
