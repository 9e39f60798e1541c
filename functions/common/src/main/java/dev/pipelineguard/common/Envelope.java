package dev.pipelineguard.common;

import java.util.ArrayList;
import java.util.List;

/**
 * One message as it reached a function: an EventBridge event delivered by a rule, or the {@code
 * Message} of an SNS record (an EventBridge event as a JSON string, a Developer Tools notification,
 * one of our reports, or plain text).
 *
 * @param via {@code "eventbridge"}, {@code "sns"} or {@code "unknown"}
 * @param body the parsed message when it is JSON, else {@link Json#MISSING}
 * @param text the raw text of an SNS message that is not JSON, else {@code null}
 * @param subject the SNS subject, if any
 * @param deliveryId the EventBridge event id or SNS message id: a de-duplication key
 */
public record Envelope(String via, Json body, String text, String subject, String deliveryId) {

  /**
   * Splits a Lambda payload into the messages it carries. Never throws for a parsed payload: what
   * cannot be understood becomes one {@code unknown} envelope for the caller to report.
   */
  public static List<Envelope> unwrap(Json payload) {
    List<Envelope> out = new ArrayList<>();
    Json records = payload.get("Records");
    if (records.isArray()) {
      for (Json record : records.elements()) {
        Json sns = record.get("Sns");
        if (sns.isObject()) {
          String message = sns.get("Message").text();
          Json parsed = Json.parseIfJson(message);
          out.add(
              new Envelope(
                  "sns",
                  parsed,
                  parsed.isMissing() ? message : null,
                  sns.get("Subject").text(),
                  sns.get("MessageId").text()));
        } else {
          out.add(new Envelope("unknown", record, null, null, null));
        }
      }
      return out;
    }
    if (payload.has("detail-type") || payload.has("detailType")) {
      out.add(new Envelope("eventbridge", payload, null, null, payload.get("id").text()));
      return out;
    }
    out.add(new Envelope("unknown", payload, null, null, payload.get("id").text()));
    return out;
  }

  /**
   * The EventBridge {@code detail-type}, or the camelCase {@code detailType} of a Developer Tools
   * notification.
   */
  public String detailType() {
    String dash = body.get("detail-type").text();
    return dash != null ? dash : body.get("detailType").text();
  }

  public String source() {
    return body.get("source").text();
  }
}
