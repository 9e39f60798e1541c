package dev.pipelineguard.notifier.blockkit;

import dev.pipelineguard.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a webhook payload against Slack's Block Kit limits. Runs on every message before it is
 * posted (a violation means a formatting bug; the notifier then sends a minimal message instead of
 * letting Slack reject this one) and in the tests over every sample event.
 */
public final class BlockKitLimits {
  /** "Well under" Slack's 40,000-character message limit. */
  static final int MAX_PAYLOAD_CHARS = 20_000;

  private static final Set<String> BLOCK_TYPES = Set.of("header", "section", "context", "divider");

  private BlockKitLimits() {}

  /** The violations of {@code payload}; empty when Slack will accept it. */
  public static List<String> violations(Json payload) {
    List<String> out = new ArrayList<>();
    String text = payload.get("text").text();
    if (text == null || text.isBlank()) {
      out.add("the top-level text fallback is missing");
    } else if (text.length() > SlackMessage.SECTION_TEXT_MAX) {
      out.add(
          "the top-level text has "
              + text.length()
              + " characters (max "
              + SlackMessage.SECTION_TEXT_MAX
              + ")");
    }
    int blocks = 0;
    blocks += checkBlocks(payload.get("blocks"), "blocks", out);
    List<Json> attachments = payload.get("attachments").elements();
    if (attachments.size() > 1) {
      out.add("more than one attachment");
    }
    for (int i = 0; i < attachments.size(); i++) {
      Json attachment = attachments.get(i);
      String color = attachment.get("color").text();
      if (color != null && !color.matches("#[0-9a-fA-F]{6}")) {
        out.add("attachments[" + i + "].color is not #rrggbb");
      }
      blocks += checkBlocks(attachment.get("blocks"), "attachments[" + i + "].blocks", out);
    }
    if (blocks > SlackMessage.MAX_BLOCKS) {
      out.add(blocks + " blocks (max " + SlackMessage.MAX_BLOCKS + ")");
    }
    int size = payload.toString().length();
    if (size > MAX_PAYLOAD_CHARS) {
      out.add("payload has " + size + " characters (max " + MAX_PAYLOAD_CHARS + ")");
    }
    checkSurrogates(payload, "payload", out);
    return out;
  }

  private static int checkBlocks(Json blocks, String where, List<String> out) {
    List<Json> items = blocks.elements();
    for (int i = 0; i < items.size(); i++) {
      Json block = items.get(i);
      String at = where + "[" + i + "]";
      String type = block.get("type").text();
      if (type == null || !BLOCK_TYPES.contains(type)) {
        out.add(at + " has an unexpected type " + type);
        continue;
      }
      String blockId = block.get("block_id").text();
      if (blockId != null && blockId.length() > 255) {
        out.add(at + ".block_id is longer than 255");
      }
      switch (type) {
        case "header":
          checkText(block.get("text"), at + ".text", SlackMessage.HEADER_MAX, "plain_text", out);
          break;
        case "section":
          checkSection(block, at, out);
          break;
        case "context":
          List<Json> elements = block.get("elements").elements();
          if (elements.isEmpty() || elements.size() > SlackMessage.CONTEXT_ELEMENTS_MAX) {
            out.add(
                at
                    + " has "
                    + elements.size()
                    + " elements (1 to "
                    + SlackMessage.CONTEXT_ELEMENTS_MAX
                    + ")");
          }
          for (int e = 0; e < elements.size(); e++) {
            checkText(
                elements.get(e),
                at + ".elements[" + e + "]",
                SlackMessage.SECTION_TEXT_MAX,
                null,
                out);
          }
          break;
        default:
          break;
      }
    }
    return items.size();
  }

  private static void checkSection(Json block, String at, List<String> out) {
    boolean hasText = block.has("text");
    List<Json> fields = block.get("fields").elements();
    if (!hasText && fields.isEmpty()) {
      out.add(at + " has neither text nor fields");
    }
    if (hasText) {
      checkText(block.get("text"), at + ".text", SlackMessage.SECTION_TEXT_MAX, null, out);
    }
    if (fields.size() > SlackMessage.FIELDS_MAX) {
      out.add(at + " has " + fields.size() + " fields (max " + SlackMessage.FIELDS_MAX + ")");
    }
    for (int f = 0; f < fields.size(); f++) {
      checkText(fields.get(f), at + ".fields[" + f + "]", SlackMessage.FIELD_MAX, null, out);
    }
  }

  private static void checkText(
      Json object, String at, int max, String requiredType, List<String> out) {
    String type = object.get("type").text();
    if (type == null || !(type.equals("plain_text") || type.equals("mrkdwn"))) {
      out.add(at + " is not a text object");
      return;
    }
    if (requiredType != null && !requiredType.equals(type)) {
      out.add(at + " must be " + requiredType);
    }
    String text = object.get("text").text();
    if (text == null || text.isEmpty()) {
      out.add(at + ".text is empty");
    } else if (text.length() > max) {
      out.add(at + ".text has " + text.length() + " characters (max " + max + ")");
    }
  }

  private static void checkSurrogates(Json node, String at, List<String> out) {
    if (node.isString()) {
      String s = node.text();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
          if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
            out.add(at + " has a lone surrogate");
            return;
          }
          i++;
        } else if (Character.isLowSurrogate(c)) {
          out.add(at + " has a lone surrogate");
          return;
        }
      }
    } else if (node.isArray()) {
      List<Json> items = node.elements();
      for (int i = 0; i < items.size(); i++) {
        checkSurrogates(items.get(i), at + "[" + i + "]", out);
      }
    } else if (node.isObject()) {
      node.fields().forEach((k, v) -> checkSurrogates(v, at + "." + k, out));
    }
  }
}
