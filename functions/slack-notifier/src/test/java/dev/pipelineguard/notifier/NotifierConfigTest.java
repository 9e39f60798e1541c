package dev.pipelineguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Env.ConfigException;
import dev.pipelineguard.notifier.format.Category;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {
  static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:slack-AbCdEf";

  private static NotifierConfig config(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_WEBHOOK_SECRET_ARN", SECRET);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return NotifierConfig.fromEnv(new Env(env));
  }

  @Test
  void defaultsPostFailuresWarningsApprovalsRollbacksSuccessesAndUnknownMessages() {
    NotifierConfig config = config();

    assertThat(config.webhookSecretArn()).isEqualTo(SECRET);
    assertThat(config.notifyOn())
        .containsExactlyInAnyOrder(
            Category.FAILURE,
            Category.WARNING,
            Category.APPROVAL,
            Category.ROLLBACK,
            Category.SUCCESS,
            Category.OTHER);
    assertThat(config.routes().all()).isEmpty();
    assertThat(config.enrich()).isTrue();
    assertThat(config.enrichmentTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.slackMaxAttempts()).isEqualTo(3);
    assertThat(config.slackTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void failsFastNamingTheMissingWebhookSecret() {
    assertThatThrownBy(() -> NotifierConfig.fromEnv(new Env(Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SLACK_WEBHOOK_SECRET_ARN");
  }

  @Test
  void readsNotifyOnCaseInsensitivelyWithPluralsAllAndNone() {
    assertThat(config("NOTIFY_ON", "Failures, approval  started").notifyOn())
        .containsExactlyInAnyOrder(Category.FAILURE, Category.APPROVAL, Category.STARTED);
    assertThat(config("NOTIFY_ON", "all").notifyOn()).isEqualTo(EnumSet.allOf(Category.class));
    assertThat(config("NOTIFY_ON", "none").notifyOn()).isEmpty();
  }

  @Test
  void anUnknownCategoryFailsListingTheValidOnes() {
    assertThatThrownBy(() -> config("NOTIFY_ON", "failure,errors"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NOTIFY_ON")
        .hasMessageContaining("\"errors\"")
        .hasMessageContaining("rollback");
  }

  @Test
  void numbersOutsideTheirRangeFailNamingTheVariable() {
    assertThatThrownBy(() -> config("SLACK_MAX_ATTEMPTS", "9"))
        .hasMessageContaining("SLACK_MAX_ATTEMPTS");
    assertThatThrownBy(() -> config("ENRICHMENT_TIMEOUT_MS", "soon"))
        .hasMessageContaining("ENRICHMENT_TIMEOUT_MS");
    assertThat(config("ENRICH_PIPELINE_EVENTS", "false").enrich()).isFalse();
  }

  @Test
  void routesMatchTheFirstPatternInTheirOrder() {
    Routes routes =
        config(
                "SLACK_ROUTES",
                "{\"pipeline:payments-*\": \"arn:secret:payments\","
                    + " \"service:prod/orders-api\": \"arn:secret:orders\", \"service:*\": \"arn:secret:all-services\"}")
            .routes();

    assertThat(routes.match(List.of("pipeline:payments-prod")).secretArn())
        .isEqualTo("arn:secret:payments");
    assertThat(routes.match(List.of("service:prod/orders-api", "service:orders-api")).secretArn())
        .isEqualTo("arn:secret:orders");
    assertThat(routes.match(List.of("service:dev/orders-api", "service:orders-api")).secretArn())
        .isEqualTo("arn:secret:all-services");
    assertThat(routes.match(List.of("pipeline:orders"))).isNull();
    assertThat(routes.match(List.of())).isNull();
  }

  @Test
  void routePatternsAreLiteralApartFromTheStar() {
    Routes routes = Routes.parse("{\"pipeline:a.b\": \"arn:x\"}");

    assertThat(routes.match(List.of("pipeline:a.b"))).isNotNull();
    assertThat(routes.match(List.of("pipeline:axb"))).isNull();
  }

  @Test
  void badRoutesFailFastNamingTheVariableAndTheEntry() {
    assertThatThrownBy(() -> Routes.parse("[1]")).hasMessageContaining("SLACK_ROUTES");
    assertThatThrownBy(() -> Routes.parse("{\"pipeline:x\": "))
        .hasMessageContaining("SLACK_ROUTES");
    assertThatThrownBy(() -> Routes.parse("{\"cluster:x\": \"arn:x\"}"))
        .hasMessageContaining("\"cluster:x\"")
        .hasMessageContaining("pipeline:<name>");
    assertThatThrownBy(() -> Routes.parse("{\"pipeline:x\": 7}"))
        .hasMessageContaining("secret ARN");
    assertThatThrownBy(() -> Routes.parse("{\"pipeline:\": \"arn:x\"}"))
        .hasMessageContaining("\"pipeline:\"");
  }

  static final String APP_SECRET =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:slack-app-AbCdEf";

  private static NotifierConfig app(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_MODE", "app");
    env.put("SLACK_APP_SECRET_ARN", APP_SECRET);
    env.put("BOARD_TABLE", "pipeline-guard-dev-functions-SlackNotifierBoards-1AB2CD3EF4GH");
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return NotifierConfig.fromEnv(new Env(env));
  }

  @Test
  void webhookModeIsTheDefaultAndHasNoAppSettings() {
    assertThat(config().app()).isNull();
    assertThat(config("SLACK_MODE", "Webhook").app()).isNull();
    assertThat(config().defaultSecretArn()).isEqualTo(SECRET);
  }

  @Test
  void appModeReadsItsSecretTableAndSlacksApiAndNeedsNoWebhook() {
    NotifierConfig config = app("PIPELINE_NAME", "pipeline-guard-dev-pipeline");

    assertThat(config.app().secretArn()).isEqualTo(APP_SECRET);
    assertThat(config.app().boardTable())
        .isEqualTo("pipeline-guard-dev-functions-SlackNotifierBoards-1AB2CD3EF4GH");
    assertThat(config.app().apiUrl()).hasToString("https://slack.com/api/");
    assertThat(config.app().pipeline()).isEqualTo("pipeline-guard-dev-pipeline");
    assertThat(config.defaultSecretArn()).isEqualTo(APP_SECRET);
    assertThat(app("SLACK_API_URL", "https://slack-gov.com/api").app().apiUrl())
        .hasToString("https://slack-gov.com/api/");
  }

  @Test
  void aBadAppModeConfigurationFailsTheColdStartNamingTheVariable() {
    assertThatThrownBy(() -> config("SLACK_MODE", "bot"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SLACK_MODE")
        .hasMessageContaining("webhook")
        .hasMessageContaining("app");
    assertThatThrownBy(() -> app("SLACK_APP_SECRET_ARN", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SLACK_APP_SECRET_ARN");
    assertThatThrownBy(() -> app("SLACK_APP_SECRET_ARN", "arn with spaces"))
        .hasMessageContaining("SLACK_APP_SECRET_ARN");
    assertThatThrownBy(() -> app("BOARD_TABLE", "")).hasMessageContaining("BOARD_TABLE");
    assertThatThrownBy(() -> app("BOARD_TABLE", "boards;drop")).hasMessageContaining("BOARD_TABLE");
    assertThatThrownBy(() -> app("SLACK_API_URL", "http://slack.example.com/api/"))
        .hasMessageContaining("SLACK_API_URL");
    assertThatThrownBy(() -> app("SLACK_ROUTES", "{\"pipeline:x\": \"arn:x\"}"))
        .hasMessageContaining("SLACK_ROUTES");
  }
}
