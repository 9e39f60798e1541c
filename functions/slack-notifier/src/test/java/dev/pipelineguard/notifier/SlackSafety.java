package dev.pipelineguard.notifier;

import dev.pipelineguard.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What would make a posted payload unsafe: a live mention ({@code <!channel>}, {@code <@U..>},
 * {@code <#C..>}), a {@code <...>} that is not one of our {@code <https://...|label>} links, a link
 * to a host outside {@code allowedLinkHosts}, a broadcast word Slack could link, a control
 * character, an invisible one ({@link #hiddenText}) or an unbalanced code fence.
 */
public final class SlackSafety {
  private static final Pattern LINK = Pattern.compile("<(https://[^|<>\\s]+)\\|([^<>|]+)>");
  private static final Pattern BROADCAST =
      Pattern.compile("@(channel|here|everyone)", Pattern.CASE_INSENSITIVE);

  private SlackSafety() {}

  public static List<String> problems(Json payload) {
    List<String> out = new ArrayList<>();
    walk(payload, "payload", out);
    out.addAll(hiddenText(payload));
    return out;
  }

  private static void walk(Json node, String at, List<String> out) {
    if (node.isObject()) {
      node.fields()
          .forEach(
              (k, v) -> {
                if (k.equals("text") && v.isString()) {
                  checkText(v.text(), at + ".text", out);
                } else {
                  walk(v, at + "." + k, out);
                }
              });
    } else if (node.isArray()) {
      List<Json> items = node.elements();
      for (int i = 0; i < items.size(); i++) {
        walk(items.get(i), at + "[" + i + "]", out);
      }
    }
  }

  static void checkText(String text, String at, List<String> out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        out.add(at + " has control character U+" + String.format("%04X", (int) c));
        break;
      }
    }
    String withoutLinks = text;
    Matcher links = LINK.matcher(text);
    while (links.find()) {
      String url = links.group(1).toLowerCase(Locale.ROOT);
      String host = url.substring("https://".length()).split("[/?#]", 2)[0];
      if (!(host.endsWith("console.aws.amazon.com")
          || host.endsWith("console.amazonaws.cn")
          || host.endsWith("console.amazonaws-us-gov.com")
          || host.equals("github.com"))) {
        out.add(at + " links to an unexpected host " + host);
      }
      withoutLinks = withoutLinks.replace(links.group(), "LINK");
    }
    withoutLinks = withoutLinks.replaceAll("(?m)^> ", ""); // our block quotes
    if (withoutLinks.indexOf('<') >= 0 || withoutLinks.indexOf('>') >= 0) {
      out.add(at + " has a raw < or > outside a link: " + excerpt(withoutLinks));
    }
    if (text.contains("<!") || text.contains("<@") || text.contains("<#")) {
      out.add(at + " has a live mention");
    }
    if (BROADCAST.matcher(text).find()) {
      out.add(at + " has a broadcast word Slack could link");
    }
  }

  /**
   * Text a reader cannot see or that changes the markup around it: line or paragraph separators and
   * zero-width or other format characters (our own word joiner after an {@code @} aside), and a
   * text object with an odd number of code fences.
   */
  public static List<String> hiddenText(Json payload) {
    List<String> out = new ArrayList<>();
    collectTexts(
        payload,
        "payload",
        (at, text) -> {
          for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean ourJoiner = cp == 0x2060 && i > 0 && text.charAt(i - 1) == '@';
            if (!ourJoiner
                && (cp == 0x2028
                    || cp == 0x2029
                    || Character.getType(cp) == Character.FORMAT
                    || (cp >= 0xFE00 && cp <= 0xFE0F))) {
              out.add(at + " has invisible character U+" + String.format("%04X", cp));
              break;
            }
            i += Character.charCount(cp);
          }
          if (FENCE.matcher(text).results().count() % 2 == 1) {
            out.add(at + " has an unbalanced code fence: " + text);
          }
        });
    return out;
  }

  private static final Pattern FENCE = Pattern.compile("`{3,}");

  private static void collectTexts(
      Json node, String at, java.util.function.BiConsumer<String, String> texts) {
    if (node.isObject()) {
      node.fields()
          .forEach(
              (k, v) -> {
                if (k.equals("text") && v.isString()) {
                  texts.accept(at + ".text", v.text());
                } else {
                  collectTexts(v, at + "." + k, texts);
                }
              });
    } else if (node.isArray()) {
      List<Json> items = node.elements();
      for (int i = 0; i < items.size(); i++) {
        collectTexts(items.get(i), at + "[" + i + "]", texts);
      }
    }
  }

  private static String excerpt(String text) {
    int at =
        Math.max(
            0,
            Math.min(text.indexOf('<') < 0 ? text.indexOf('>') : text.indexOf('<'), text.length())
                - 20);
    return text.substring(at, Math.min(text.length(), at + 60));
  }
}
