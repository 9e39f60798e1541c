package dev.pipelineguard.validator;

import dev.pipelineguard.common.Env;
import java.util.regex.Pattern;

/**
 * The function's environment, read once at cold start.
 *
 * @param reportTopicArn where to publish a report when a deployment is blocked, or null
 * @param logGroupName the function's log group (for links in reports), or null
 */
record ValidatorConfig(String region, String reportTopicArn, String logGroupName) {
  static final String REPORT_TOPIC_ARN = "REPORT_TOPIC_ARN";
  private static final Pattern TOPIC_ARN =
      Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}");

  static ValidatorConfig fromEnv(Env env) {
    String topic = env.optional(REPORT_TOPIC_ARN, null);
    if (topic != null && !TOPIC_ARN.matcher(topic).matches()) {
      throw new Env.ConfigException(REPORT_TOPIC_ARN + " must be an SNS topic ARN (or unset)");
    }
    return new ValidatorConfig(
        env.required("AWS_REGION"), topic, env.optional("AWS_LAMBDA_LOG_GROUP_NAME", null));
  }
}
