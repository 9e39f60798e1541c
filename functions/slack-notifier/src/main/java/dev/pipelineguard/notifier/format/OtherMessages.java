package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.blockkit.SlackMessage.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manual-approval SNS message (sent by an approval action to its own NotificationArn),
 * plain-text SNS messages, and a compact generic message for anything unrecognised: source, detail
 * type, resources and the first few scalar fields with their values, never a JSON dump.
 */
final class OtherMessages {
  private static final int MAX_RESOURCES = 5;

  /** Scalar fields the generic message shows, each key and value cut short. */
  static final int MAX_SCALARS = 8;

  private static final int MAX_KEY = 60;
  private static final int MAX_VALUE = 200;

  private OtherMessages() {}

  /**
   * {@code {"region": .., "consoleLink": .., "approval": {"pipelineName": .., "token": .., ...}}}.
   */
  static boolean isApproval(Json body) {
    return body.get("approval").isObject() && body.path("approval", "pipelineName").isString();
  }

  static Notice approval(Json body, FormatContext context) {
    Json approval = body.get("approval");
    String region = Facts.text(body.get("region"));
    String pipeline = Facts.text(approval.get("pipelineName"));
    String stage = Facts.text(approval.get("stageName"));
    String action = Facts.text(approval.get("actionName"));
    String token = Facts.text(approval.get("token"));
    return Notice.post(
            "codepipeline.approval.needed",
            Category.APPROVAL,
            found -> {
              String review = Facts.text(approval.get("approvalReviewLink"));
              if (!Facts.isConsoleUrl(review)) {
                review =
                    region == null || pipeline == null
                        ? null
                        : AwsConsole.pipelineApproval(region, pipeline);
              }
              String where =
                  Facts.orDefault(stage, "stage") + " › " + Facts.orDefault(action, "action");
              SlackMessage.Builder message =
                  SlackMessage.builder(Severity.APPROVAL)
                      .title(
                          ":raised_hand:",
                          "Approval needed: " + Facts.orDefault(pipeline, "unknown pipeline"))
                      .fallback(
                          "Approval needed: "
                              + Facts.orDefault(pipeline, "unknown pipeline")
                              + " › "
                              + where);
              message.section(
                  Mrkdwn.join(
                      "",
                      Mrkdwn.code(Facts.orDefault(stage, "stage"), 100),
                      Mrkdwn.markup(" › "),
                      Mrkdwn.code(Facts.orDefault(action, "action"), 100),
                      Mrkdwn.markup(" is waiting for a review. "),
                      Mrkdwn.link(review, ":point_right: Review and approve in the console")));
              message.section(Mrkdwn.quote(Facts.text(approval.get("customData")), 5, 800));
              List<Field> fields = new ArrayList<>();
              fields.add(
                  Field.of(
                      "Pipeline",
                      pipeline == null
                          ? Mrkdwn.EMPTY
                          : Mrkdwn.link(
                              region == null ? null : AwsConsole.pipeline(region, pipeline),
                              pipeline)));
              fields.add(
                  Field.of(
                      "Expires",
                      Mrkdwn.line(
                          Facts.orDefault(
                              Facts.utc(Facts.text(approval.get("expires"))),
                              Facts.text(approval.get("expires"))),
                          100)));
              fields.add(
                  Field.of(
                      "Changes",
                      Mrkdwn.linkIfSafe(
                          Facts.text(approval.get("externalEntityLink")), "Review the changes")));
              message.fields(fields);
              message.footer(Facts.footer(context, region, null, null, List.of()));
              return message.build();
            })
        .routes(pipeline == null ? List.of() : List.of("pipeline:" + pipeline))
        .dedupe(token == null ? List.of() : List.of("approval/" + token));
  }

  /** An SNS message that is not JSON (or JSON cut short): its subject and text, escaped. */
  static Notice plainText(Envelope envelope, FormatContext context) {
    String stripped = envelope.text().strip();
    if (stripped.startsWith("{") || stripped.startsWith("[")) {
      return unreadableJson(envelope, context);
    }
    return Notice.post(
        "sns.text",
        Category.OTHER,
        found -> {
          String subject = Facts.clean(envelope.subject());
          String text = envelope.text();
          SlackMessage.Builder message =
              SlackMessage.builder(Severity.NEUTRAL)
                  .title(":envelope:", Facts.orDefault(subject, "Notification"))
                  .fallback(Facts.orDefault(subject, Facts.orDefault(text, "Notification")));
          Mrkdwn body = Mrkdwn.text(text, 2900);
          message.section(body.isEmpty() ? Mrkdwn.markup("_(empty message)_") : body);
          message.footer(Facts.footer(context, null, null, null, List.of()));
          return message.build();
        });
  }

  /**
   * Text that starts like JSON but does not parse: cut short or malformed upstream. Its start only.
   */
  private static Notice unreadableJson(Envelope envelope, FormatContext context) {
    return Notice.post(
        "sns.unreadable-json",
        Category.OTHER,
        found -> {
          SlackMessage.Builder message =
              SlackMessage.builder(Severity.WARNING)
                  .title(
                      ":warning:",
                      "Unreadable message"
                          + (envelope.subject() == null ? "" : ": " + envelope.subject()))
                  .fallback("An SNS message that starts like JSON could not be read");
          message.section(
              Mrkdwn.markup(
                  "This SNS message starts like JSON but cannot be read "
                      + "(cut short or malformed), so no format applies. Its first characters:"));
          message.section(Mrkdwn.codeBlock(envelope.text(), 600));
          message.footer(Facts.footer(context, null, null, null, List.of()));
          return message.build();
        });
  }

  /** Any other JSON: what it is and where it came from, in a few lines. */
  static Notice generic(Envelope envelope, FormatContext context) {
    Json body = envelope.body();
    String detailType = Facts.clean(envelope.detailType());
    String source = Facts.text(body.get("source"));
    String kind =
        detailType != null
            ? "event.unknown"
            : envelope.via().equals("unknown") ? "delivery.unknown" : "message.unknown";
    return Notice.post(
        kind,
        Category.OTHER,
        found -> {
          String region = Facts.text(body.get("region"));
          String title =
              detailType != null
                  ? detailType
                  : envelope.via().equals("unknown")
                      ? "Unrecognised delivery"
                      : "Unrecognised message";
          SlackMessage.Builder message =
              SlackMessage.builder(Severity.NEUTRAL).title(":grey_question:", title);
          List<Field> fields = new ArrayList<>();
          fields.add(
              Field.of(
                  "Source",
                  Mrkdwn.code(
                      Facts.first(
                          source,
                          Facts.text(body.get("eventSource")),
                          Facts.text(body.get("EventSource"))),
                      100)));
          fields.add(Field.of("Detail type", Mrkdwn.line(detailType, 200)));
          fields.add(Field.of("Resources", resources(body.get("resources"))));
          fields.add(Field.of("Subject", Mrkdwn.line(envelope.subject(), 200)));
          message.fields(fields);
          // What the message says: an event's detail, or the message itself.
          Json shown =
              detailType != null && body.get("detail").isObject() ? body.get("detail") : body;
          message.section(scalars(shown, detailType != null ? "*Detail*" : "*Fields*"));
          message.context(
              List.of(
                  Mrkdwn.markup(
                      "_pipeline-guard does not have a format for this message; it shows where it came from and its first fields._")));
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

  private static Mrkdwn resources(Json resources) {
    List<Mrkdwn> lines = new ArrayList<>();
    List<String> all = resources.texts();
    for (int i = 0; i < all.size() && i < MAX_RESOURCES; i++) {
      lines.add(Mrkdwn.code(all.get(i), 300));
    }
    if (all.size() > MAX_RESOURCES) {
      lines.add(Mrkdwn.markup("…and " + (all.size() - MAX_RESOURCES) + " more"));
    }
    return Mrkdwn.join("\n", lines);
  }

  /**
   * The object's first scalar members (strings, numbers, booleans, in document order) as {@code
   * key: value} lines, escaped and cut; nested objects and arrays are counted, not shown.
   */
  static Mrkdwn scalars(Json object, String heading) {
    if (!object.isObject()) {
      return Mrkdwn.EMPTY;
    }
    List<Mrkdwn> lines = new ArrayList<>();
    int more = 0;
    for (Map.Entry<String, Json> member : object.fields().entrySet()) {
      Json value = member.getValue();
      if (!(value.isString() || value.isNumber() || value.isBoolean())) {
        continue;
      }
      if (lines.size() == MAX_SCALARS) {
        more++;
        continue;
      }
      lines.add(
          Mrkdwn.code(member.getKey(), MAX_KEY)
              .then(": ")
              .then(
                  Mrkdwn.line(Facts.valueAfterKey(member.getKey(), value.textOr("")), MAX_VALUE)));
    }
    if (lines.isEmpty()) {
      return Mrkdwn.EMPTY;
    }
    if (more > 0) {
      lines.add(Mrkdwn.markup("…and " + more + " more"));
    }
    return Mrkdwn.markup(heading + "\n").then(Mrkdwn.join("\n", lines));
  }
}
