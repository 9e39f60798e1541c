package dev.pipelineguard.emulation;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The corpus of published AWS events in {@code events/published/} and what each must do, from its
 * single source {@code events/published/expectations.json}. Each entry gives the Lambda input as
 * the event reaches a function: {@code eventbridge}, {@code sns}, {@code lambda-alarm-action} and
 * {@code direct} files are the input as they are; an {@code sns-message} file (the body of an SNS
 * notification: Developer Tools notifications, alarm-action and approval messages) is wrapped in
 * {@code Records[0].Sns.Message} of an SNS event, the way SNS delivers it to Lambda.
 */
public final class PublishedEvents {
  public static final String DIR = "published";

  /**
   * The topic an {@code sns-message} file is delivered from (any topic: the functions do not read
   * it).
   */
  public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:pipeline-guard-alerts";

  private PublishedEvents() {}

  /**
   * One corpus event and its expectations (the {@code notifier}, {@code watcher} and {@code
   * validator} objects).
   */
  public record Entry(String file, String kind, String delivery, Json expectation) {

    public Json notifier() {
      return expectation.get("notifier");
    }

    public Json watcher() {
      return expectation.get("watcher");
    }

    public Json validator() {
      return expectation.get("validator");
    }

    /** The file's bytes, exactly as published. */
    public byte[] raw() {
      return Events.bytes(DIR + "/" + file);
    }

    public Path path() {
      return RepoPaths.event(DIR + "/" + file);
    }

    /** The Lambda input: the file, or for an {@code sns-message} the SNS event that carries it. */
    public byte[] payloadBytes() {
      return "sns-message".equals(delivery)
          ? snsEvent(
                  new String(raw(), StandardCharsets.UTF_8),
                  null,
                  UUID.nameUUIDFromBytes(file.getBytes(StandardCharsets.UTF_8)).toString())
              .getBytes(StandardCharsets.UTF_8)
          : raw();
    }

    public Json payload() {
      return Json.parse(payloadBytes());
    }

    @Override
    public String toString() {
      return file;
    }
  }

  public static List<Entry> all() {
    List<Entry> out = new ArrayList<>();
    for (Json e : Events.json(DIR + "/expectations.json").get("events").elements()) {
      out.add(new Entry(e.get("file").text(), e.get("kind").text(), e.get("delivery").text(), e));
    }
    return out;
  }

  /**
   * The entries that have an expectation for {@code function} ({@code notifier}, {@code watcher},
   * {@code validator}).
   */
  public static List<Entry> with(String function) {
    return all().stream().filter(e -> e.expectation().get(function).isObject()).toList();
  }

  public static Entry get(String file) {
    return all().stream()
        .filter(e -> e.file().equals(file))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no expectation for " + file + " in expectations.json"));
  }

  /**
   * Every {@code .json} event file of the corpus, relative to {@code events/published}
   * (expectations.json excluded).
   */
  public static List<String> files() {
    Path root = RepoPaths.events().resolve(DIR);
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(n -> n.endsWith(".json") && !n.equals("expectations.json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An SNS Lambda event carrying {@code message} as {@code Records[0].Sns.Message}, in the shape of
   * aws-lambda-java-libs' {@code sns_event.json} (the Lambda subscription spells {@code
   * SigningCertUrl} and {@code UnsubscribeUrl}).
   */
  public static String snsEvent(String message, String subject, String messageId) {
    Map<String, Object> sns = new LinkedHashMap<>();
    sns.put("Type", "Notification");
    sns.put("MessageId", messageId);
    sns.put("TopicArn", TOPIC_ARN);
    sns.put("Subject", subject);
    sns.put("Message", message);
    sns.put("Timestamp", "2024-01-01T00:00:00.000Z");
    sns.put("SignatureVersion", "1");
    sns.put("Signature", "EXAMPLE");
    sns.put(
        "SigningCertUrl",
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-EXAMPLE.pem");
    sns.put(
        "UnsubscribeUrl",
        "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
            + TOPIC_ARN
            + ":00000000-0000-0000-0000-000000000000");
    sns.put("MessageAttributes", Map.of());
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("EventSource", "aws:sns");
    record.put("EventVersion", "1.0");
    record.put("EventSubscriptionArn", TOPIC_ARN + ":00000000-0000-0000-0000-000000000000");
    record.put("Sns", sns);
    return JsonWriter.write(Map.of("Records", List.of(record)));
  }
}
