package dev.pipelineguard.notifier;

import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Env.ConfigException;
import dev.pipelineguard.notifier.delivery.SlackWebApiChat;
import dev.pipelineguard.notifier.format.Category;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The notifier's configuration, read once per container. Every variable, its default and its
 * meaning are documented in docs/slack-notifier.md and set in template.yaml.
 *
 * @param webhookSecretArn SLACK_WEBHOOK_SECRET_ARN: the secret with the default webhook URL
 * @param notifyOn NOTIFY_ON: the categories that are posted
 * @param routes SLACK_ROUTES: other webhooks for chosen pipelines, services, projects
 * @param enrich ENRICH_PIPELINE_EVENTS: read CodePipeline for commit and failure details
 * @param enrichmentTimeout ENRICHMENT_TIMEOUT_MS: the most one CodePipeline call may take
 * @param slackMaxAttempts SLACK_MAX_ATTEMPTS: attempts when Slack answers 5xx or not at all
 * @param slackTimeout SLACK_TIMEOUT_MS: connect and read timeout of one post
 * @param environment ENVIRONMENT: shown in every message's footer
 * @param functionName AWS_LAMBDA_FUNCTION_NAME: the metrics' dimension
 * @param app SLACK_MODE=app: the Slack app's settings; null in webhook mode (the default)
 */
record NotifierConfig(
    String webhookSecretArn,
    Set<Category> notifyOn,
    Routes routes,
    boolean enrich,
    Duration enrichmentTimeout,
    int slackMaxAttempts,
    Duration slackTimeout,
    String environment,
    String functionName,
    App app) {

  static final String WEBHOOK_SECRET_ARN = "SLACK_WEBHOOK_SECRET_ARN";
  static final String NOTIFY_ON = "NOTIFY_ON";
  static final String ENRICH = "ENRICH_PIPELINE_EVENTS";
  static final String ENRICHMENT_TIMEOUT_MS = "ENRICHMENT_TIMEOUT_MS";
  static final String SLACK_MAX_ATTEMPTS = "SLACK_MAX_ATTEMPTS";
  static final String SLACK_TIMEOUT_MS = "SLACK_TIMEOUT_MS";
  static final String SLACK_MODE = "SLACK_MODE";
  static final String APP_SECRET_ARN = "SLACK_APP_SECRET_ARN";
  static final String BOARD_TABLE = "BOARD_TABLE";
  static final String SLACK_API_URL = "SLACK_API_URL";
  static final String PIPELINE_NAME = "PIPELINE_NAME";
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  /** Failures, warnings, approvals, rollbacks, successes, and anything unrecognised. */
  static final String DEFAULT_NOTIFY_ON = "failure,warning,approval,rollback,success,other";

  /**
   * Slack app mode (docs/slack-notifier.md): one live message per pipeline execution.
   *
   * @param secretArn SLACK_APP_SECRET_ARN: {@code {"botToken": "xoxb-…", "channel": "C0123…"}}
   * @param boardTable BOARD_TABLE: the DynamoDB table of execution boards
   * @param apiUrl SLACK_API_URL: Slack's Web API, {@code https://slack.com/api/} unless another
   *     https endpoint (or, for tests, a loopback one) is given
   * @param pipeline PIPELINE_NAME: searched for a report's execution when the report names no
   *     pipeline
   */
  record App(String secretArn, String boardTable, URI apiUrl, String pipeline) {}

  NotifierConfig {
    notifyOn = Set.copyOf(notifyOn);
  }

  /** Webhook mode. */
  NotifierConfig(
      String webhookSecretArn,
      Set<Category> notifyOn,
      Routes routes,
      boolean enrich,
      Duration enrichmentTimeout,
      int slackMaxAttempts,
      Duration slackTimeout,
      String environment,
      String functionName) {
    this(
        webhookSecretArn,
        notifyOn,
        routes,
        enrich,
        enrichmentTimeout,
        slackMaxAttempts,
        slackTimeout,
        environment,
        functionName,
        null);
  }

  static NotifierConfig fromEnv(Env env) {
    String mode = env.optional(SLACK_MODE, "webhook").toLowerCase(Locale.ROOT);
    if (!mode.equals("webhook") && !mode.equals("app")) {
      throw new ConfigException(
          SLACK_MODE
              + " must be webhook (incoming webhook, the default) or app (Slack app with a bot token)");
    }
    App app = mode.equals("app") ? app(env) : null;
    String secret =
        app != null ? env.optional(WEBHOOK_SECRET_ARN, null) : secretArn(env, WEBHOOK_SECRET_ARN);
    Routes routes = Routes.parse(env.optional(Routes.VARIABLE, ""));
    if (app != null && !routes.all().isEmpty()) {
      throw new ConfigException(
          Routes.VARIABLE
              + " routes messages to other webhooks, which app mode does not use:"
              + " leave it empty (every message goes to the channel in "
              + APP_SECRET_ARN
              + ")");
    }
    return new NotifierConfig(
        secret,
        parseCategories(env.optional(NOTIFY_ON, DEFAULT_NOTIFY_ON)),
        routes,
        env.flag(ENRICH, true),
        Duration.ofMillis(env.integer(ENRICHMENT_TIMEOUT_MS, 2500, 100, 10_000)),
        env.integer(SLACK_MAX_ATTEMPTS, 3, 1, 5),
        Duration.ofMillis(env.integer(SLACK_TIMEOUT_MS, 5000, 500, 20_000)),
        env.optional("ENVIRONMENT", ""),
        env.optional("AWS_LAMBDA_FUNCTION_NAME", "slack-notifier"),
        app);
  }

  /**
   * The secret a standalone message is posted with: the app secret in app mode, else the webhook's.
   */
  String defaultSecretArn() {
    return app != null ? app.secretArn() : webhookSecretArn;
  }

  private static App app(Env env) {
    String secret = secretArn(env, APP_SECRET_ARN);
    String table = env.optional(BOARD_TABLE, null);
    if (table == null) {
      throw new ConfigException(
          BOARD_TABLE + " is required in app mode: the DynamoDB table of the execution boards");
    }
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new ConfigException(
          BOARD_TABLE + " must be a DynamoDB table name (3-255 letters, digits, _ . -)");
    }
    URI api;
    try {
      api =
          SlackWebApiChat.Settings.checkedBaseUrl(
              URI.create(env.optional(SLACK_API_URL, SlackWebApiChat.SLACK_API.toString())));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          SLACK_API_URL
              + " must be an https:// URL such as "
              + SlackWebApiChat.SLACK_API
              + " (http:// only on 127.0.0.1 or localhost)");
    }
    String pipeline = env.optional(PIPELINE_NAME, null);
    return new App(secret, table, api, pipeline);
  }

  private static String secretArn(Env env, String variable) {
    String secret = env.optional(variable, null);
    if (secret == null) {
      throw new ConfigException("environment variable " + variable + " is required but not set");
    }
    if (secret.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException(variable + " must be a secret ARN or name without spaces");
    }
    return secret;
  }

  /** {@code failure, approval} or {@code all}; an unknown word fails naming the valid ones. */
  static Set<Category> parseCategories(String value) {
    Set<Category> out = EnumSet.noneOf(Category.class);
    for (String word : value.split("[,\\s]+")) {
      String w = word.strip().toLowerCase(Locale.ROOT);
      if (w.isEmpty()) {
        continue;
      }
      if (w.equals("all")) {
        return EnumSet.allOf(Category.class);
      }
      if (w.equals("none")) {
        continue;
      }
      Category found = null;
      for (Category c : Category.values()) {
        if (c.configName().equals(w) || (c.configName() + "s").equals(w)) {
          found = c;
        }
      }
      if (found == null) {
        List<String> valid = new ArrayList<>();
        for (Category c : Category.values()) {
          valid.add(c.configName());
        }
        throw new ConfigException(
            NOTIFY_ON
                + " has an unknown category \""
                + word.strip()
                + "\"; use a comma-separated list of "
                + String.join(", ", valid)
                + ", or all");
      }
      out.add(found);
    }
    return out;
  }
}
