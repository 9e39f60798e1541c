package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.Redactor;
import dev.pipelineguard.common.Text;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.SlackText;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Small, pure helpers the formats share: tolerant reads, times, ids and the footer line. Every
 * helper that cuts, splits or changes the case of outside text redacts it first ({@link
 * SlackText#clean}): what it returns may be shown, and half a credential is no longer recognisable.
 */
final class Facts {
  static final String SEPARATOR = " · ";
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Facts() {}

  /** The text of {@code node}, stripped, or null when absent or blank. */
  static String text(Json node) {
    return clean(node.text());
  }

  /** {@code value} stripped, or null when absent or blank. */
  static String clean(String value) {
    if (value == null) {
      return null;
    }
    String stripped = value.strip();
    return stripped.isEmpty() ? null : stripped;
  }

  static String first(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate;
      }
    }
    return null;
  }

  /** Upper case, for states and names compared with ours; redacted first, as it may be shown. */
  static String upper(String value) {
    return value == null ? "" : SlackText.clean(value, false).strip().toUpperCase(Locale.ROOT);
  }

  static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * Outside text cut to at most {@code max} characters, redacted (and without invisible characters)
   * before it is cut, so a cut never leaves part of a credential the redactor would no longer
   * recognise. For text that is cut or joined before it enters a message.
   */
  static String excerpt(String outside, int max) {
    return outside == null ? null : Text.truncate(SlackText.clean(outside, true), max);
  }

  /**
   * {@code value} as it may be shown after its {@code key}: redacted in the key's context, as the
   * JSON it came from reads ({@code "db_password":"v"}), so a value whose key names a secret is
   * redacted whatever it looks like. When the key itself held something to redact, the value is not
   * shown.
   */
  static String valueAfterKey(String key, String value) {
    String prefix = JsonWriter.write(key) + ":";
    String pair = prefix + JsonWriter.write(value);
    String redacted = Redactor.redact(pair);
    if (redacted.equals(pair)) {
      return value;
    }
    if (redacted.startsWith(prefix)) {
      try {
        Json shown = Json.parse(redacted.substring(prefix.length()));
        if (shown.isString()) {
          return shown.text();
        }
      } catch (JsonException e) {
        // a marker replaced a quote: fall through
      }
    }
    return Redactor.Kind.SECRET.marker();
  }

  /**
   * The first characters of an execution or deployment id (redacted first: it is the sender's
   * text).
   */
  static String shortId(String id, int length) {
    return id == null ? null : Text.shortId(SlackText.clean(id, false), length);
  }

  /** A Git commit id shortened to 7 characters; anything else to at most 12. */
  static String shortCommit(String revision) {
    if (revision == null || revision.isBlank()) {
      return null;
    }
    String r = SlackText.clean(revision, false).strip();
    if (r.matches("[0-9a-fA-F]{7,64}")) {
      return r.substring(0, 7).toLowerCase(Locale.ROOT);
    }
    return shortId(r, 12);
  }

  /** An ISO-8601 instant as {@code 2024-05-03 14:22:10 UTC}, or null when unreadable. */
  static String utc(String iso) {
    return instant(iso).map(UTC::format).orElse(null);
  }

  static Optional<Instant> instant(String iso) {
    if (iso == null || iso.isBlank()) {
      return Optional.empty();
    }
    // CloudWatch alarms write the offset without a colon: 2019-10-02T17:20:48.554+0000.
    String text = iso.strip().replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(text));
      } catch (DateTimeParseException again) {
        return Optional.empty();
      }
    }
  }

  /**
   * How long from {@code startIso} to {@code endIso}, e.g. {@code 4 min 12 s}; null when unknown.
   */
  static String duration(String startIso, String endIso) {
    Optional<Instant> start = instant(startIso);
    Optional<Instant> end = instant(endIso);
    if (start.isEmpty() || end.isEmpty() || end.get().isBefore(start.get())) {
      return null;
    }
    return duration(Duration.between(start.get(), end.get()));
  }

  static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + " min " + (seconds % 60) + " s";
    }
    return (seconds / 3600) + " h " + ((seconds % 3600) / 60) + " min";
  }

  /**
   * The name at the end of a principal ARN: {@code .../assumed-role/Admin/alice} is {@code alice}.
   */
  static String principalName(String arn) {
    if (arn == null || arn.isBlank()) {
      return null;
    }
    String s = SlackText.clean(arn, false).strip();
    int slash = s.lastIndexOf('/');
    if (slash >= 0 && slash < s.length() - 1) {
      return s.substring(slash + 1);
    }
    int colon = s.lastIndexOf(':');
    return colon >= 0 && colon < s.length() - 1 ? s.substring(colon + 1) : s;
  }

  /**
   * {@code stoppedTasks} or {@code SERVICE_TASK_START_IMPAIRED} as {@code Stopped tasks} / {@code
   * Service task start impaired}.
   */
  static String humanize(String key) {
    if (key == null || key.isBlank()) {
      return "";
    }
    String spaced =
        SlackText.clean(key, false)
            .strip()
            .replace('_', ' ')
            .replace('-', ' ')
            .replaceAll("([a-z0-9])([A-Z])", "$1 $2")
            .toLowerCase(Locale.ROOT)
            .replaceAll(" {2,}", " ")
            .strip();
    return spaced.isEmpty() ? "" : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }

  /** The part after the last {@code /} of an ARN: service name, deployment id, task id. */
  static String lastSegment(String arn) {
    if (arn == null) {
      return null;
    }
    String clean =
        SlackText.clean(arn, false); // before the cut, which could leave half a credential
    int slash = clean.lastIndexOf('/');
    return slash >= 0 ? clean.substring(slash + 1) : clean;
  }

  /**
   * Cluster and service of {@code arn:aws:ecs:r:a:service/<cluster>/<service>} (old ARNs: no
   * cluster).
   */
  static String[] clusterAndService(String serviceArn) {
    if (serviceArn == null) {
      return new String[] {null, null};
    }
    String clean = SlackText.clean(serviceArn, false);
    int at = clean.indexOf(":service/");
    if (at < 0) {
      return new String[] {null, null};
    }
    String[] parts = clean.substring(at + ":service/".length()).split("/");
    if (parts.length >= 2) {
      return new String[] {parts[0], parts[parts.length - 1]};
    }
    return new String[] {null, parts[0]};
  }

  /** Whether {@code url} is a safe https link into the AWS console of any partition. */
  static boolean isConsoleUrl(String url) {
    if (!SlackText.isSafeUrl(url)) {
      return false;
    }
    String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
    for (String console :
        List.of("console.aws.amazon.com", "console.amazonaws.cn", "console.amazonaws-us-gov.com")) {
      if (host.equals(console) || host.endsWith("." + console)) {
        return true;
      }
    }
    return false;
  }

  /** The last line of every message: product, environment, region, account, time. */
  static List<Mrkdwn> footer(
      FormatContext context, String region, String account, String timeIso, List<Mrkdwn> notes) {
    List<String> parts = new ArrayList<>();
    parts.add(context.product());
    if (!context.environment().isEmpty()) {
      parts.add(context.environment());
    }
    if (region != null) {
      parts.add(
          region
              + (AwsConsole.partition(region).equals("aws")
                  ? ""
                  : " (" + AwsConsole.partition(region) + ")"));
    }
    if (account != null) {
      parts.add(account);
    }
    String time = utc(timeIso);
    if (time != null) {
      parts.add(time);
    }
    List<Mrkdwn> out = new ArrayList<>(notes);
    out.add(Mrkdwn.line(String.join(SEPARATOR, parts), 300));
    return out;
  }
}
