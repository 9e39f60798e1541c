package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.blockkit.SlackMessage.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CloudWatch alarm state changes in the three shapes they arrive in: the SNS message of an alarm
 * action ({@code AlarmName}, {@code NewStateValue}, {@code Trigger}), the EventBridge {@code
 * CloudWatch Alarm State Change} event ({@code detail.state}), and the event CloudWatch sends a
 * Lambda function that is itself the alarm action ({@code source: aws.cloudwatch}, {@code
 * alarmData}). ALARM is a failure, OK a resolution (success), INSUFFICIENT_DATA a warning. An alarm
 * being created, updated or deleted ({@code CloudWatch Alarm Configuration Change}) is {@code
 * info}.
 */
final class CloudWatchAlarms {
  static final String SOURCE = "aws.cloudwatch";
  static final String STATE_CHANGE = "CloudWatch Alarm State Change";
  static final String CONFIGURATION_CHANGE = "CloudWatch Alarm Configuration Change";
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final int MAX_METRICS = 3;

  private CloudWatchAlarms() {}

  static boolean handles(Json body, String detailType) {
    String source = Facts.text(body.get("source"));
    if (SOURCE.equals(source)
        && (STATE_CHANGE.equals(detailType)
            || CONFIGURATION_CHANGE.equals(detailType)
            || (detailType == null && body.get("alarmData").isObject()))) {
      return true;
    }
    return detailType == null && body.get("AlarmName").isString() && body.has("NewStateValue");
  }

  /**
   * One alarm state change, whichever shape carried it.
   *
   * @param shape {@code sns-message}, {@code eventbridge} or {@code lambda-action}
   * @param region the region code (from the event, or the alarm ARN), or null
   * @param regionLabel what the event calls the region when it is not a code ("EU (Ireland)")
   * @param metrics {@code namespace name (dimension=value)} or {@code id: expression}, at most
   *     three
   * @param rule a composite alarm's rule
   */
  record Alarm(
      String shape,
      String name,
      String description,
      String arn,
      String newState,
      String oldState,
      String reason,
      String time,
      String region,
      String regionLabel,
      String account,
      List<String> metrics,
      String rule,
      String suppressed) {

    String regionShown() {
      return Facts.first(region, regionLabel);
    }

    String consoleUrl() {
      return region == null || name == null
          ? null
          : "https://"
              + AwsConsole.host(region)
              + "/cloudwatch/home?region="
              + AwsConsole.encode(region)
              + "#alarmsV2:alarm/"
              + AwsConsole.encode(name);
    }
  }

  static Alarm read(Json body, String detailType) {
    if (body.get("alarmData").isObject()) {
      Json data = body.get("alarmData");
      return fromModel(
          "lambda-action",
          body,
          data.get("alarmName"),
          data,
          Facts.text(body.get("alarmArn")),
          Facts.text(body.get("accountId")),
          Facts.text(body.get("time")));
    }
    if (detailType != null) {
      Json detail = body.get("detail");
      List<String> resources = body.get("resources").texts();
      return fromModel(
          "eventbridge",
          body,
          detail.get("alarmName"),
          detail,
          resources.isEmpty() ? null : resources.get(0),
          Facts.text(body.get("account")),
          Facts.first(Facts.text(detail.path("state", "timestamp")), Facts.text(body.get("time"))));
    }
    String arn = Facts.text(body.get("AlarmArn"));
    String label = Facts.text(body.get("Region"));
    return new Alarm(
        "sns-message",
        Facts.text(body.get("AlarmName")),
        Facts.text(body.get("AlarmDescription")),
        arn,
        Facts.upper(body.get("NewStateValue").text()),
        Facts.upper(body.get("OldStateValue").text()),
        Facts.text(body.get("NewStateReason")),
        Facts.text(body.get("StateChangeTime")),
        Facts.first(regionCode(label), regionCode(regionOf(arn))),
        label,
        Facts.text(body.get("AWSAccountId")),
        triggerMetrics(body.get("Trigger")),
        null,
        null);
  }

  /**
   * The EventBridge detail and the Lambda action's alarmData share one model: state, previousState,
   * configuration.
   */
  private static Alarm fromModel(
      String shape, Json body, Json name, Json model, String arn, String account, String time) {
    Json configuration = model.get("configuration");
    String region =
        Facts.first(regionCode(Facts.text(body.get("region"))), regionCode(regionOf(arn)));
    return new Alarm(
        shape,
        Facts.text(name),
        Facts.text(configuration.get("description")),
        arn,
        Facts.upper(model.path("state", "value").text()),
        Facts.upper(model.path("previousState", "value").text()),
        Facts.text(model.path("state", "reason")),
        time,
        region,
        null,
        account,
        modelMetrics(configuration),
        Facts.text(configuration.get("alarmRule")),
        Facts.first(
            Facts.text(model.path("state", "actionsSuppressedReason")),
            Facts.text(model.path("previousState", "actionsSuppressedReason"))));
  }

  private static String regionOf(String arn) {
    if (arn == null || !arn.startsWith("arn:")) {
      return null;
    }
    String[] parts = arn.split(":", 6);
    return parts.length > 3 ? parts[3] : null;
  }

  private static String regionCode(String text) {
    return text != null && REGION.matcher(text).matches() ? text : null;
  }

  /**
   * The SNS message's Trigger: one metric ({@code MetricName}, {@code Namespace}, {@code
   * Dimensions}) or {@code Metrics[]}.
   */
  private static List<String> triggerMetrics(Json trigger) {
    List<String> out = new ArrayList<>();
    if (trigger.get("MetricName").isString()) {
      out.add(
          metric(
              Facts.text(trigger.get("Namespace")),
              Facts.text(trigger.get("MetricName")),
              trigger.get("Dimensions")));
    }
    for (Json m : trigger.get("Metrics").elements()) {
      if (out.size() == MAX_METRICS) {
        break;
      }
      Json metric = m.path("MetricStat", "Metric");
      if (metric.isObject()) {
        out.add(
            metric(
                Facts.text(metric.get("Namespace")),
                Facts.text(metric.get("MetricName")),
                metric.get("Dimensions")));
      } else if (m.get("Expression").isString()) {
        out.add(
            Facts.orDefault(Facts.text(m.get("Id")), "expression")
                + ": "
                + Facts.text(m.get("Expression")));
      }
    }
    return out;
  }

  /**
   * EventBridge and Lambda-action configuration: {@code metrics[]} with {@code metricStat.metric}
   * or {@code expression}.
   */
  private static List<String> modelMetrics(Json configuration) {
    List<String> out = new ArrayList<>();
    for (Json m : configuration.get("metrics").elements()) {
      if (out.size() == MAX_METRICS) {
        break;
      }
      Json metric = m.path("metricStat", "metric");
      if (metric.isObject()) {
        out.add(
            metric(
                Facts.text(metric.get("namespace")),
                Facts.text(metric.get("name")),
                metric.get("dimensions")));
      } else if (m.get("expression").isString()) {
        out.add(
            Facts.orDefault(Facts.text(m.get("id")), "expression")
                + ": "
                + Facts.text(m.get("expression")));
      }
    }
    return out;
  }

  /**
   * {@code AWS/EC2 CPUUtilization (InstanceId=i-123)}; dimensions as an object or as [{name,
   * value}].
   */
  private static String metric(String namespace, String name, Json dimensions) {
    List<String> dims = new ArrayList<>();
    if (dimensions.isObject()) {
      for (Map.Entry<String, Json> d : dimensions.fields().entrySet()) {
        dims.add(d.getKey() + "=" + d.getValue().textOr(""));
      }
    }
    for (Json d : dimensions.elements()) {
      String key = Facts.first(Facts.text(d.get("name")), Facts.text(d.get("Name")));
      String value = Facts.first(Facts.text(d.get("value")), Facts.text(d.get("Value")));
      if (key != null) {
        dims.add(key + "=" + Facts.orDefault(value, ""));
      }
    }
    String out = (namespace == null ? "" : namespace + " ") + Facts.orDefault(name, "metric");
    return dims.isEmpty()
        ? out
        : out + " (" + String.join(", ", dims.subList(0, Math.min(dims.size(), 3))) + ")";
  }

  // ---------------------------------------------------------------------------------------------

  static Notice read(Json body, String detailType, FormatContext context) {
    if (CONFIGURATION_CHANGE.equals(detailType)) {
      return configurationChange(body, context);
    }
    Alarm alarm = read(body, detailType);
    Look look = Look.of(alarm.newState(), alarm.oldState());
    String kind =
        "cloudwatch.alarm."
            + (alarm.newState().isEmpty()
                ? "unknown"
                : alarm.newState().toLowerCase(Locale.ROOT).replace('_', '-'));
    List<String> dedupe =
        alarm.name() == null
            ? List.of()
            : List.of(
                "alarm/"
                    + Facts.orDefault(alarm.arn(), alarm.name())
                    + "/"
                    + alarm.newState()
                    + "/"
                    + Facts.orDefault(alarm.time(), "-"));
    return Notice.post(kind, look.category, found -> render(alarm, look, context)).dedupe(dedupe);
  }

  /** How a new state reads. */
  private record Look(String what, Severity severity, String emoji, Category category) {
    static Look of(String state, String previous) {
      switch (state) {
        case "ALARM":
          return new Look("Alarm", Severity.FAILURE, ":rotating_light:", Category.FAILURE);
        case "OK":
          return "ALARM".equals(previous)
              ? new Look("Resolved", Severity.SUCCESS, ":white_check_mark:", Category.SUCCESS)
              : new Look("Alarm OK", Severity.SUCCESS, ":white_check_mark:", Category.SUCCESS);
        case "INSUFFICIENT_DATA":
          return new Look(
              "Insufficient data", Severity.WARNING, ":grey_question:", Category.WARNING);
        default:
          return new Look("Alarm changed", Severity.WARNING, ":grey_question:", Category.WARNING);
      }
    }
  }

  private static SlackMessage render(Alarm alarm, Look look, FormatContext context) {
    String name = Facts.orDefault(alarm.name(), "unnamed alarm");
    String title = look.what() + ": " + name;
    SlackMessage.Builder message =
        SlackMessage.builder(look.severity())
            .title(look.emoji(), title)
            .fallback(title + (alarm.reason() == null ? "" : " — " + alarm.reason()));
    message.section(Mrkdwn.quote(alarm.description(), 3, 600));
    if (alarm.reason() != null) {
      message.section(Mrkdwn.markup("*Why:* ").then(Mrkdwn.text(alarm.reason(), 1000)));
    }
    List<Field> fields = new ArrayList<>();
    fields.add(Field.of("Alarm", Mrkdwn.link(alarm.consoleUrl(), name)));
    fields.add(
        Field.of(
            "State",
            alarm.oldState().isEmpty()
                ? Mrkdwn.code(alarm.newState(), 30)
                : Mrkdwn.code(alarm.oldState(), 30)
                    .then(" → ")
                    .then(Mrkdwn.code(alarm.newState(), 30))));
    if (alarm.rule() != null) {
      fields.add(Field.of("Rule", Mrkdwn.code(alarm.rule(), 500)));
    }
    List<Mrkdwn> metrics = new ArrayList<>();
    for (String metric : alarm.metrics()) {
      metrics.add(Mrkdwn.code(metric, 300));
    }
    fields.add(Field.of(metrics.size() > 1 ? "Metrics" : "Metric", Mrkdwn.join("\n", metrics)));
    fields.add(Field.of("Region", Mrkdwn.line(alarm.regionShown(), 60)));
    fields.add(Field.of("Account", Mrkdwn.line(alarm.account(), 40)));
    fields.add(Field.of("Changed at", Mrkdwn.line(Facts.utc(alarm.time()))));
    message.fields(fields);
    if (alarm.suppressed() != null) {
      message.context(List.of(Mrkdwn.markup(":mute: ").then(Mrkdwn.line(alarm.suppressed(), 300))));
    }
    message.footer(Facts.footer(context, alarm.regionShown(), alarm.account(), null, List.of()));
    return message.build();
  }

  /** An alarm created, updated or deleted: not a state change, so information only. */
  private static Notice configurationChange(Json body, FormatContext context) {
    Json detail = body.get("detail");
    String name = Facts.orDefault(Facts.text(detail.get("alarmName")), "unnamed alarm");
    String operation = Facts.text(detail.get("operation"));
    String region = regionCode(Facts.text(body.get("region")));
    return Notice.post(
        "cloudwatch.alarm.configuration-change",
        Category.INFO,
        found -> {
          String verb =
              operation == null
                  ? "changed"
                  : operation.toLowerCase(Locale.ROOT).endsWith("e")
                      ? operation.toLowerCase(Locale.ROOT) + "d"
                      : operation.toLowerCase(Locale.ROOT) + "ed";
          SlackMessage.Builder message =
              SlackMessage.builder(Severity.INFO).title(":gear:", "Alarm " + verb + ": " + name);
          List<Field> fields = new ArrayList<>();
          String url =
              region == null
                  ? null
                  : new Alarm(
                          "eventbridge",
                          name,
                          null,
                          null,
                          "",
                          "",
                          null,
                          null,
                          region,
                          null,
                          null,
                          List.of(),
                          null,
                          null)
                      .consoleUrl();
          fields.add(Field.of("Alarm", Mrkdwn.link(url, name)));
          fields.add(
              Field.of(
                  "Description",
                  Mrkdwn.line(Facts.text(detail.path("configuration", "description")), 300)));
          fields.add(Field.of("State", Mrkdwn.code(Facts.text(detail.path("state", "value")), 30)));
          message.fields(fields);
          message.context(List.of(Mrkdwn.line(CONFIGURATION_CHANGE, 100)));
          message.footer(
              Facts.footer(
                  context,
                  region,
                  Facts.text(body.get("account")),
                  Facts.text(body.get("time")),
                  List.of()));
          return message.build();
        });
  }
}
