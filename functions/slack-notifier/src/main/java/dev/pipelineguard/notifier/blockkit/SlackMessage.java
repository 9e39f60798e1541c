package dev.pipelineguard.notifier.blockkit;

import dev.pipelineguard.common.JsonWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Slack webhook payload: a top-level {@code text} (the notification fallback), a header block,
 * and the details in one coloured attachment (the only way to give a Block Kit message a colour
 * bar). The builder keeps Slack's limits by construction: it cuts text on safe boundaries and drops
 * blocks beyond the budget with a visible note, so a message is never rejected for size.
 */
public final class SlackMessage {
  static final int MAX_BLOCKS = 50;
  static final int HEADER_MAX = 150;
  public static final int SECTION_TEXT_MAX = 3000;
  static final int FIELD_MAX = 2000;
  static final int FIELDS_MAX = 10;
  static final int CONTEXT_ELEMENTS_MAX = 10;

  /** Our own cap for one context element: they are one-liners. */
  static final int CONTEXT_TEXT_MAX = 1000;

  static final int FALLBACK_MAX = 300;

  /** All text of a message together: far below Slack's 40,000 and still readable. */
  static final int TEXT_BUDGET = 12_000;

  /** Body blocks: 50 minus the header, the omission note and the footer. */
  static final int BODY_BLOCKS_MAX = MAX_BLOCKS - 3;

  private final Map<String, Object> payload;

  private SlackMessage(Map<String, Object> payload) {
    this.payload = Collections.unmodifiableMap(payload);
  }

  public static Builder builder(Severity severity) {
    return new Builder(severity);
  }

  /** The payload as plain Java values, in a stable order. */
  public Map<String, Object> payload() {
    return payload;
  }

  /** The exact JSON posted to the webhook. */
  public String json() {
    return JsonWriter.write(payload);
  }

  /** A label and a value shown side by side with others in a section's fields. */
  public record Field(Mrkdwn label, Mrkdwn value) {
    public static Field of(String literalLabel, Mrkdwn value) {
      return new Field(Mrkdwn.markup(literalLabel), value);
    }

    Mrkdwn render() {
      return Mrkdwn.markup("*").then(label).then("*\n").then(value).cut(FIELD_MAX);
    }
  }

  /** Collects blocks within Slack's limits. */
  public static final class Builder {
    private final Severity severity;
    private String emoji;
    private String title = "Notification";
    private String fallback;
    private final List<Map<String, Object>> body = new ArrayList<>();
    private List<Mrkdwn> footer = List.of();
    private int omitted;
    private int used;

    private Builder(Severity severity) {
      this.severity = severity;
      this.emoji = severity.emoji();
    }

    /** The header: the severity's emoji and {@code rawTitle} (untrusted, escaped). */
    public Builder title(String rawTitle) {
      this.title = rawTitle == null || rawTitle.isBlank() ? "Notification" : rawTitle;
      return this;
    }

    /**
     * The header with another emoji code than the severity's (a literal such as {@code :rewind:}).
     */
    public Builder title(String emojiLiteral, String rawTitle) {
      this.emoji = emojiLiteral;
      return title(rawTitle);
    }

    /** The notification text (untrusted, escaped); defaults to the title. */
    public Builder fallback(String raw) {
      this.fallback = raw;
      return this;
    }

    /** Fields side by side, ten per section; fields with an empty value are left out. */
    public Builder fields(List<Field> fields) {
      List<Map<String, Object>> group = new ArrayList<>();
      for (Field field : fields) {
        if (field == null || field.value().isEmpty()) {
          continue;
        }
        Mrkdwn rendered = field.render();
        if (!reserve(rendered.length())) {
          continue;
        }
        group.add(mrkdwn(rendered));
        if (group.size() == FIELDS_MAX) {
          addFields(group);
          group = new ArrayList<>();
        }
      }
      if (!group.isEmpty()) {
        addFields(group);
      }
      return this;
    }

    private void addFields(List<Map<String, Object>> group) {
      Map<String, Object> block = new LinkedHashMap<>();
      block.put("type", "section");
      block.put("fields", group);
      add(block);
    }

    /** A section of text; empty text adds nothing. */
    public Builder section(Mrkdwn text) {
      if (text == null || text.isEmpty()) {
        return this;
      }
      Mrkdwn fitted = fitBudget(text.cut(SECTION_TEXT_MAX));
      if (fitted == null) {
        return this;
      }
      Map<String, Object> block = new LinkedHashMap<>();
      block.put("type", "section");
      block.put("text", mrkdwn(fitted));
      add(block);
      return this;
    }

    /** A line of small print: at most ten elements. */
    public Builder context(List<Mrkdwn> elements) {
      Map<String, Object> block = contextBlock(elements);
      if (block != null && reserve(textLength(block))) {
        add(block);
      }
      return this;
    }

    /** The last line of the message, always kept. */
    public Builder footer(List<Mrkdwn> elements) {
      this.footer = elements;
      return this;
    }

    public SlackMessage build() {
      String header = emoji + " " + SlackText.fit(title, HEADER_MAX - emoji.length() - 1, false);
      String text =
          emoji
              + " "
              + SlackText.fit(
                  fallback != null ? fallback : title, FALLBACK_MAX - emoji.length() - 1, false);

      List<Map<String, Object>> blocks = new ArrayList<>(body);
      if (omitted > 0) {
        blocks.add(
            contextBlock(
                List.of(
                    Mrkdwn.markup(
                        "_"
                            + omitted
                            + " more "
                            + (omitted == 1 ? "part" : "parts")
                            + " left out to keep this message short; "
                            + "the console links have everything._"))));
      }
      Map<String, Object> footerBlock = contextBlock(footer);
      if (footerBlock != null) {
        blocks.add(footerBlock);
      }

      Map<String, Object> headerText = new LinkedHashMap<>();
      headerText.put("type", "plain_text");
      headerText.put("text", header);
      headerText.put("emoji", true);
      Map<String, Object> headerBlock = new LinkedHashMap<>();
      headerBlock.put("type", "header");
      headerBlock.put("text", headerText);

      Map<String, Object> attachment = new LinkedHashMap<>();
      attachment.put("color", severity.color());
      attachment.put("blocks", blocks);

      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("text", text);
      payload.put("blocks", List.of(headerBlock));
      if (!blocks.isEmpty()) {
        payload.put("attachments", List.of(attachment));
      }
      payload.put("unfurl_links", false);
      payload.put("unfurl_media", false);
      return new SlackMessage(payload);
    }

    private void add(Map<String, Object> block) {
      if (body.size() >= BODY_BLOCKS_MAX) {
        omitted++;
        return;
      }
      body.add(block);
    }

    /** Takes {@code chars} from the text budget; false (and counted as omitted) when spent. */
    private boolean reserve(int chars) {
      if (used + chars > TEXT_BUDGET) {
        omitted++;
        return false;
      }
      used += chars;
      return true;
    }

    /** The text cut to what is left of the budget, or null when too little is left to be useful. */
    private Mrkdwn fitBudget(Mrkdwn text) {
      int left = TEXT_BUDGET - used;
      if (text.length() <= left) {
        used += text.length();
        return text;
      }
      if (left < 200) {
        omitted++;
        return null;
      }
      Mrkdwn cut = text.cut(left);
      used += cut.length();
      return cut;
    }

    private static Map<String, Object> contextBlock(List<Mrkdwn> elements) {
      List<Map<String, Object>> items = new ArrayList<>();
      for (Mrkdwn element : elements) {
        if (element != null && !element.isEmpty() && items.size() < CONTEXT_ELEMENTS_MAX) {
          items.add(mrkdwn(element.cut(CONTEXT_TEXT_MAX)));
        }
      }
      if (items.isEmpty()) {
        return null;
      }
      Map<String, Object> block = new LinkedHashMap<>();
      block.put("type", "context");
      block.put("elements", items);
      return block;
    }

    @SuppressWarnings("unchecked") // a context block's elements are built here as text objects
    private static int textLength(Map<String, Object> contextBlock) {
      int total = 0;
      for (Map<String, Object> element : (List<Map<String, Object>>) contextBlock.get("elements")) {
        total += ((String) element.get("text")).length();
      }
      return total;
    }

    /** {@code verbatim}: Slack must not auto-link channel names or mentions in our text. */
    private static Map<String, Object> mrkdwn(Mrkdwn text) {
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("type", "mrkdwn");
      object.put("text", text.value());
      object.put("verbatim", true);
      return object;
    }
  }
}
