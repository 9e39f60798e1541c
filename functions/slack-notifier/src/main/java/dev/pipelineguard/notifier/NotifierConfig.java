package dev.pipelineguard.notifier;

import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Env.ConfigException;
import dev.pipelineguard.notifier.format.Category;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The notifier's configuration, read once per container. Every variable, its default and its
 * meaning are documented in docs/slack-notifier.md and set in template.yaml.
 *
 * @param webhookSecretArn  SLACK_WEBHOOK_SECRET_ARN: the secret with the default webhook URL
 * @param notifyOn          NOTIFY_ON: the categories that are posted
 * @param routes            SLACK_ROUTES: other webhooks for chosen pipelines, services, projects
 * @param enrich            ENRICH_PIPELINE_EVENTS: read CodePipeline for commit and failure details
 * @param enrichmentTimeout ENRICHMENT_TIMEOUT_MS: the most one CodePipeline call may take
 * @param slackMaxAttempts  SLACK_MAX_ATTEMPTS: attempts when Slack answers 5xx or not at all
 * @param slackTimeout      SLACK_TIMEOUT_MS: connect and read timeout of one post
 * @param environment       ENVIRONMENT: shown in every message's footer
 * @param functionName      AWS_LAMBDA_FUNCTION_NAME: the metrics' dimension
 */
record NotifierConfig(String webhookSecretArn, Set<Category> notifyOn, Routes routes,
    boolean enrich, Duration enrichmentTimeout, int slackMaxAttempts, Duration slackTimeout,
    String environment, String functionName) {

  static final String WEBHOOK_SECRET_ARN = "SLACK_WEBHOOK_SECRET_ARN";
  static final String NOTIFY_ON = "NOTIFY_ON";
  static final String ENRICH = "ENRICH_PIPELINE_EVENTS";
  static final String ENRICHMENT_TIMEOUT_MS = "ENRICHMENT_TIMEOUT_MS";
  static final String SLACK_MAX_ATTEMPTS = "SLACK_MAX_ATTEMPTS";
  static final String SLACK_TIMEOUT_MS = "SLACK_TIMEOUT_MS";
  /** Failures, warnings, approvals, rollbacks, successes, and anything unrecognised. */
  static final String DEFAULT_NOTIFY_ON = "failure,warning,approval,rollback,success,other";

  NotifierConfig {
    notifyOn = Set.copyOf(notifyOn);
  }

  static NotifierConfig fromEnv(Env env) {
    String secret = env.required(WEBHOOK_SECRET_ARN);
    if (secret.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException(WEBHOOK_SECRET_ARN + " must be a secret ARN or name without spaces");
    }
    return new NotifierConfig(secret,
        parseCategories(env.optional(NOTIFY_ON, DEFAULT_NOTIFY_ON)),
        Routes.parse(env.optional(Routes.VARIABLE, "")),
        env.flag(ENRICH, true),
        Duration.ofMillis(env.integer(ENRICHMENT_TIMEOUT_MS, 2500, 100, 10_000)),
        env.integer(SLACK_MAX_ATTEMPTS, 3, 1, 5),
        Duration.ofMillis(env.integer(SLACK_TIMEOUT_MS, 5000, 500, 20_000)),
        env.optional("ENVIRONMENT", ""),
        env.optional("AWS_LAMBDA_FUNCTION_NAME", "slack-notifier"));
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
        throw new ConfigException(NOTIFY_ON + " has an unknown category \"" + word.strip()
            + "\"; use a comma-separated list of " + String.join(", ", valid) + ", or all");
      }
      out.add(found);
    }
    return out;
  }
}
