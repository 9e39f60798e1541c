package dev.pipelineguard.demo;

import dev.pipelineguard.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shows a Slack webhook payload the way Slack would: as readable terminal text, and as HTML with
 * Block Kit's look (header, sections, fields, context, dividers, the attachment colour bar). Only
 * what our functions send is supported; anything else is shown as its fallback {@code text}.
 */
public final class BlockKitRenderer {
  private static final Pattern CONTROL = Pattern.compile("<([^<>]*)>");
  private static final Pattern BOLD = Pattern.compile("(?<![\\w*])\\*([^*\\n]+)\\*(?![\\w*])");
  private static final Pattern ITALIC = Pattern.compile("(?<![\\w_])_([^_\\n]+)_(?![\\w_])");
  private static final Pattern STRIKE = Pattern.compile("(?<![\\w~])~([^~\\n]+)~(?![\\w~])");
  private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");

  // Like Slack: a shortcode stands alone, so "123:secret:name" in an ARN stays text.
  private static final Pattern SHORTCODE =
      Pattern.compile("(?<![A-Za-z0-9:]):([a-z0-9_+-]+):(?![A-Za-z0-9:])");

  /** The emoji our messages use, as Slack shows them. */
  private static final java.util.Map<String, String> EMOJI =
      java.util.Map.ofEntries(
          java.util.Map.entry("red_circle", "\uD83D\uDD34"),
              java.util.Map.entry("large_green_circle", "\uD83D\uDFE2"),
          java.util.Map.entry("large_blue_circle", "\uD83D\uDD35"),
              java.util.Map.entry("white_circle", "\u26AA"),
          java.util.Map.entry("warning", "\u26A0\uFE0F"),
              java.util.Map.entry("raised_hand", "\u270B"),
          java.util.Map.entry("x", "\u274C"), java.util.Map.entry("grey_question", "\u2754"),
          java.util.Map.entry("bulb", "\uD83D\uDCA1"), java.util.Map.entry("rewind", "\u23EA"),
          java.util.Map.entry("no_entry", "\u26D4"),
              java.util.Map.entry("heavy_minus_sign", "\u2796"),
          java.util.Map.entry("arrow_forward", "\u25B6\uFE0F"),
              java.util.Map.entry("white_check_mark", "\u2705"),
          java.util.Map.entry("leftwards_arrow_with_hook", "\u21A9\uFE0F"),
              java.util.Map.entry("fast_forward", "\u23E9"),
          java.util.Map.entry("rotating_light", "\uD83D\uDEA8"),
              java.util.Map.entry("repeat", "\uD83D\uDD01"),
          java.util.Map.entry("hourglass_flowing_sand", "\u23F3"),
              java.util.Map.entry("envelope", "\u2709\uFE0F"),
          java.util.Map.entry("double_vertical_bar", "\u23F8\uFE0F"),
              java.util.Map.entry("black_square_for_stop", "\u23F9\uFE0F"),
          java.util.Map.entry("mag", "\uD83D\uDD0D"),
              java.util.Map.entry("point_right", "\uD83D\uDC49"),
          java.util.Map.entry("page_facing_up", "\uD83D\uDCC4"),
              java.util.Map.entry("secret", "\u3299\uFE0F"));

  private BlockKitRenderer() {}

  /**
   * A message with its thread, as app mode leaves it: the parent as it ends, its replies in order,
   * and some of the states the parent showed on the way.
   *
   * @param evolution earlier versions of the parent worth showing, oldest first
   * @param versions how many versions the parent showed in all (posted, then updated in place)
   */
  public record SlackThread(Json parent, List<Json> replies, List<Json> evolution, int versions) {
    public SlackThread {
      replies = List.copyOf(replies);
      evolution = List.copyOf(evolution);
    }
  }

  /**
   * Slack emoji shortcodes ({@code :red_circle:}) as the emoji Slack shows; unknown ones stay as
   * text.
   */
  static String emoji(String text) {
    Matcher m = SHORTCODE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String glyph = EMOJI.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(glyph != null ? glyph : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** One message, as plain text for a terminal. */
  public static String toText(Json payload) {
    StringBuilder out = new StringBuilder();
    List<Json> blocks = blocksOf(payload);
    if (blocks.isEmpty()) {
      out.append(mrkdwnToText(payload.get("text").textOr(""))).append('\n');
      return out.toString();
    }
    for (Json block : blocks) {
      String type = block.get("type").textOr("");
      switch (type) {
        case "header":
          String header = block.path("text", "text").textOr("");
          out.append(header)
              .append('\n')
              .append("=".repeat(Math.min(60, header.length())))
              .append('\n');
          break;
        case "section":
          if (!block.get("text").isAbsent()) {
            out.append(textObject(block.get("text"))).append('\n');
          }
          for (Json field : block.get("fields").elements()) {
            out.append("  ").append(textObject(field).replace("\n", "\n  ")).append('\n');
          }
          break;
        case "context":
          List<String> parts = new ArrayList<>();
          for (Json element : block.get("elements").elements()) {
            parts.add(textObject(element));
          }
          out.append("  ").append(String.join(" | ", parts)).append('\n');
          break;
        case "divider":
          out.append("-".repeat(40)).append('\n');
          break;
        case "actions":
          List<String> buttons = new ArrayList<>();
          for (Json element : block.get("elements").elements()) {
            String label = element.path("text", "text").textOr("button");
            String url = element.get("url").text();
            buttons.add("[" + label + "]" + (url == null ? "" : " " + url));
          }
          out.append("  ").append(String.join("  ", buttons)).append('\n');
          break;
        default:
          out.append("  (").append(type).append(" block)\n");
      }
    }
    return emoji(out.toString());
  }

  private static String textObject(Json text) {
    String value = text.get("text").textOr("");
    return "mrkdwn".equals(text.get("type").text()) ? mrkdwnToText(value) : value;
  }

  /** Links as {@code label (url)}, entities decoded, emphasis markers kept (they read fine). */
  static String mrkdwnToText(String mrkdwn) {
    Matcher m = CONTROL.matcher(mrkdwn);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String inner = m.group(1);
      int bar = inner.indexOf('|');
      String replacement;
      if (inner.startsWith("!") || inner.startsWith("@") || inner.startsWith("#")) {
        replacement =
            "@" + inner.substring(1); // a live mention: shown so a reviewer would notice it
      } else if (bar >= 0) {
        replacement = inner.substring(bar + 1) + " (" + inner.substring(0, bar) + ")";
      } else {
        replacement = inner;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return decodeEntities(out.toString());
  }

  private static String decodeEntities(String text) {
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  /** The messages as one HTML page. */
  public static String toHtmlPage(String title, List<Json> payloads) {
    return toHtmlPage(title, null, payloads);
  }

  /**
   * App mode's thread (when not null), then the messages webhook mode posted, as one HTML page.
   * Opened as {@code slack.html?only=app-mode} the page shows the thread alone (the README
   * picture).
   */
  public static String toHtmlPage(String title, SlackThread thread, List<Json> payloads) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(html(title))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style></head>\n<body>\n");
    if (thread != null) {
      out.append("<div class=\"channel app-mode\"><div class=\"channel-name\"># deployments")
          .append(
              "<span class=\"mode\">Slack app mode: one message per pipeline execution, updated in place</span></div>\n")
          .append(threadHtml(thread))
          .append("</div>\n");
    }
    out.append("<div class=\"channel webhook-mode\"><div class=\"channel-name\"># deployments");
    if (thread != null) {
      out.append("<span class=\"mode\">webhook mode: one message per event</span>");
    }
    out.append("</div>\n");
    for (Json payload : payloads) {
      out.append(toHtmlMessage(payload));
    }
    out.append("</div>\n")
        .append("<script>if (location.search.indexOf('only=app-mode') >= 0) {")
        .append(
            " document.querySelectorAll('.webhook-mode').forEach(function (e) { e.remove(); }); }</script>\n")
        .append("</body></html>\n");
    return out.toString();
  }

  /** The parent, its thread of replies, and the states the parent went through. */
  static String threadHtml(SlackThread thread) {
    StringBuilder out = new StringBuilder();
    out.append(toHtmlMessage(thread.parent(), "message parent"));
    out.append("<div class=\"thread\"><div class=\"thread-count\">")
        .append(thread.replies().size())
        .append(thread.replies().size() == 1 ? " reply" : " replies")
        .append("</div>\n");
    for (Json reply : thread.replies()) {
      out.append(toHtmlMessage(reply, "message reply"));
    }
    out.append("</div>\n");
    if (!thread.evolution().isEmpty()) {
      out.append(
              "<div class=\"evolution\"><div class=\"evolution-title\">The same message earlier: ")
          .append(thread.versions())
          .append(" versions, each event updating it in place</div>\n<div class=\"snapshots\">");
      for (Json version : thread.evolution()) {
        out.append("<div class=\"snapshot\">")
            .append(toHtmlMessage(version, "message"))
            .append("</div>");
      }
      out.append("</div></div>\n");
    }
    return out.toString();
  }

  static String toHtmlMessage(Json payload) {
    return toHtmlMessage(payload, "message");
  }

  private static String toHtmlMessage(Json payload, String cssClass) {
    StringBuilder out = new StringBuilder();
    out.append("<div class=\"")
        .append(cssClass)
        .append("\"><div class=\"avatar\">PG</div><div class=\"body\">")
        .append("<div class=\"sender\">pipeline-guard <span class=\"app\">APP</span></div>\n");
    List<Json> topBlocks = payload.get("blocks").elements();
    if (!topBlocks.isEmpty()) {
      out.append(blocksHtml(topBlocks));
    }
    for (Json attachment : payload.get("attachments").elements()) {
      String color = attachment.get("color").textOr("#dddddd");
      out.append("<div class=\"attachment\" style=\"border-left-color:")
          .append(cssColor(color))
          .append("\">")
          .append(blocksHtml(attachment.get("blocks").elements()))
          .append("</div>\n");
    }
    if (topBlocks.isEmpty() && payload.get("attachments").elements().isEmpty()) {
      out.append("<div class=\"section\">")
          .append(mrkdwnToHtml(payload.get("text").textOr("")))
          .append("</div>");
    }
    out.append("</div></div>\n");
    return out.toString();
  }

  private static String blocksHtml(List<Json> blocks) {
    StringBuilder out = new StringBuilder();
    for (Json block : blocks) {
      switch (block.get("type").textOr("")) {
        case "header":
          out.append("<div class=\"header\">")
              .append(emoji(html(block.path("text", "text").textOr(""))))
              .append("</div>\n");
          break;
        case "section":
          out.append("<div class=\"section\">");
          if (!block.get("text").isAbsent()) {
            out.append("<div class=\"text\">")
                .append(textObjectHtml(block.get("text")))
                .append("</div>");
          }
          if (!block.get("fields").elements().isEmpty()) {
            out.append("<div class=\"fields\">");
            for (Json field : block.get("fields").elements()) {
              out.append("<div class=\"field\">").append(textObjectHtml(field)).append("</div>");
            }
            out.append("</div>");
          }
          out.append("</div>\n");
          break;
        case "context":
          out.append("<div class=\"context\">");
          for (Json element : block.get("elements").elements()) {
            out.append("<span>").append(textObjectHtml(element)).append("</span>");
          }
          out.append("</div>\n");
          break;
        case "divider":
          out.append("<hr class=\"divider\">\n");
          break;
        case "actions":
          out.append("<div class=\"actions\">");
          for (Json element : block.get("elements").elements()) {
            out.append("<a class=\"button\" href=\"")
                .append(html(element.get("url").textOr("#")))
                .append("\">")
                .append(html(element.path("text", "text").textOr("button")))
                .append("</a>");
          }
          out.append("</div>\n");
          break;
        default:
          break;
      }
    }
    return out.toString();
  }

  private static String textObjectHtml(Json text) {
    String value = text.get("text").textOr("");
    return emoji(
        "mrkdwn".equals(text.get("type").text())
            ? mrkdwnToHtml(value)
            : html(value).replace("\n", "<br>"));
  }

  /** Slack mrkdwn to HTML. Slack text is already escaped for &, <, >, so entities pass through. */
  static String mrkdwnToHtml(String mrkdwn) {
    // Code blocks first, so nothing inside them is formatted.
    StringBuilder out = new StringBuilder();
    String[] parts = mrkdwn.split("```", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i % 2 == 1) {
        out.append("<pre>").append(quoteAttr(parts[i].strip())).append("</pre>");
      } else {
        out.append(inline(parts[i]));
      }
    }
    return quotes(out.toString()).replace("\n", "<br>");
  }

  /**
   * Lines starting with Slack's quote marker {@code >} (raw, or escaped as {@code &gt;}) as quotes.
   */
  private static String quotes(String html) {
    StringBuilder out = new StringBuilder();
    for (String line : html.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      if (line.startsWith("&gt; ") || line.equals("&gt;")) {
        out.append("<span class=\"quote\">")
            .append(line.substring(Math.min(line.length(), 5)))
            .append("</span>");
      } else if (line.startsWith("> ") || line.equals(">")) {
        out.append("<span class=\"quote\">")
            .append(line.substring(Math.min(line.length(), 2)))
            .append("</span>");
      } else {
        out.append(line);
      }
    }
    return out.toString()
        .replace("</span>\n<span class=\"quote\">", "<br>")
        .replace("</span>\n", "</span>");
  }

  private static String inline(String text) {
    Matcher m = CONTROL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String inner = m.group(1);
      int bar = inner.indexOf('|');
      String replacement;
      if (inner.startsWith("!") || inner.startsWith("@") || inner.startsWith("#")) {
        replacement = "<span class=\"mention\">@" + quoteAttr(inner.substring(1)) + "</span>";
      } else {
        String url = bar >= 0 ? inner.substring(0, bar) : inner;
        String label = bar >= 0 ? inner.substring(bar + 1) : inner;
        replacement = "<a href=\"" + quoteAttr(url) + "\">" + quoteAttr(label) + "</a>";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    String result = out.toString();
    result = CODE.matcher(result).replaceAll("<code>$1</code>");
    result = BOLD.matcher(result).replaceAll("<b>$1</b>");
    result = ITALIC.matcher(result).replaceAll("<i>$1</i>");
    result = STRIKE.matcher(result).replaceAll("<s>$1</s>");
    return result;
  }

  /**
   * Text that is already Slack-escaped (no raw {@code <>}) made safe inside HTML text and
   * attributes.
   */
  private static String quoteAttr(String slackEscaped) {
    return slackEscaped.replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String cssColor(String color) {
    if (color.matches("#[0-9A-Fa-f]{3,8}")) {
      return color;
    }
    switch (color) {
      case "good":
        return "#2eb886";
      case "warning":
        return "#daa038";
      case "danger":
        return "#a30200";
      default:
        return "#dddddd";
    }
  }

  private static List<Json> blocksOf(Json payload) {
    List<Json> blocks = new ArrayList<>(payload.get("blocks").elements());
    for (Json attachment : payload.get("attachments").elements()) {
      blocks.addAll(attachment.get("blocks").elements());
    }
    return blocks;
  }

  private static final String STYLE =
      String.join(
          "\n",
          "body { font-family: -apple-system, 'Segoe UI', Lato, Helvetica, Arial, sans-serif; font-size: 15px;",
          "       background: #f8f8f8; margin: 0; color: #1d1c1d; }",
          ".channel { max-width: 860px; margin: 0 auto; background: #fff; min-height: 100vh; }",
          ".channel-name { font-weight: 900; font-size: 18px; padding: 14px 20px; border-bottom: 1px solid #ddd; }",
          ".channel + .channel { margin-top: 24px; }",
          ".mode { font-weight: 400; font-size: 13px; color: #616061; margin-left: 12px; }",
          ".message.parent { border-bottom: none; }",
          ".thread { margin: 0 20px 10px 66px; border-left: 2px solid #e8e8e8; }",
          ".thread-count { color: #1264a3; font-weight: 700; font-size: 13px; padding: 2px 12px 4px; }",
          ".message.reply { padding: 8px 12px; border-bottom: none; }",
          ".evolution { padding: 10px 20px 16px; border-top: 1px solid #f0f0f0; }",
          ".evolution-title { color: #616061; font-size: 13px; font-weight: 700; margin-bottom: 6px; }",
          ".snapshots { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 10px; }",
          ".snapshot { zoom: 0.5; border: 1px solid #e8e8e8; border-radius: 6px; }",
          ".message { display: flex; padding: 10px 20px; border-bottom: 1px solid #f0f0f0; }",
          ".avatar { width: 36px; height: 36px; border-radius: 4px; background: #4a154b; color: #fff; font-weight: 700;",
          "          display: flex; align-items: center; justify-content: center; margin-right: 10px; flex: none; }",
          ".body { flex: 1; min-width: 0; }",
          ".sender { font-weight: 900; margin-bottom: 4px; }",
          ".app { font-size: 10px; font-weight: 700; background: #e8e8e8; color: #616061; padding: 1px 3px;",
          "       border-radius: 2px; vertical-align: middle; }",
          ".attachment { border-left: 4px solid #ddd; border-radius: 4px; padding: 4px 12px; margin: 4px 0; }",
          ".header { font-size: 18px; font-weight: 900; margin: 6px 0; }",
          ".section { margin: 6px 0; line-height: 1.45; overflow-wrap: anywhere; }",
          ".fields { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 18px; margin-top: 6px; }",
          ".context { color: #616061; font-size: 12.5px; margin: 6px 0; }",
          ".context span + span::before { content: ' | '; color: #bbb; }",
          ".divider { border: none; border-top: 1px solid #e8e8e8; margin: 8px 0; }",
          "code { font-family: Monaco, Menlo, Consolas, monospace; font-size: 12px; color: #c01343;",
          "       background: #f6f6f6; border: 1px solid #e8e8e8; border-radius: 3px; padding: 1px 3px; }",
          "pre { font-family: Monaco, Menlo, Consolas, monospace; font-size: 12px; background: #f8f8f8;",
          "      border: 1px solid #e8e8e8; border-radius: 4px; padding: 8px; white-space: pre-wrap; }",
          "a { color: #1264a3; text-decoration: none; }",
          ".mention { background: #fff3c4; color: #1264a3; padding: 0 2px; border-radius: 3px; }",
          ".quote { display: block; border-left: 4px solid #ddd; padding-left: 10px; color: #454245; }",
          ".button { display: inline-block; border: 1px solid #ccc; border-radius: 4px; padding: 4px 12px;",
          "          margin-right: 8px; font-weight: 700; color: #1d1c1d; }",
          "");
}
