package dev.pipelineguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockKitRendererTest {
  @Test
  void rendersLinksEmphasisCodeAndEscapedTextAsSlackDoes() {
    String html =
        BlockKitRenderer.mrkdwnToHtml(
            "*Pipeline* <https://x.example/a?b=1&amp;c=2|my &lt;pipe&gt;> `web:42` _it_\n> quoted");

    assertThat(html)
        .contains("<b>Pipeline</b>")
        .contains("<a href=\"https://x.example/a?b=1&amp;c=2\">my &lt;pipe&gt;</a>")
        .contains("<code>web:42</code>")
        .contains("<i>it</i>")
        .contains("<span class=\"quote\">quoted</span>")
        .doesNotContain("<pipe>");
  }

  @Test
  void aLiveMentionWouldBeVisibleNotSilent() {
    assertThat(BlockKitRenderer.mrkdwnToHtml("hi <!channel>"))
        .contains("<span class=\"mention\">@channel</span>");
    assertThat(BlockKitRenderer.mrkdwnToText("hi <!channel>")).isEqualTo("hi @channel");
  }

  @Test
  void emojiShortcodesStandAloneButArnsStayText() {
    assertThat(BlockKitRenderer.emoji(":red_circle: failed")).isEqualTo("\uD83D\uDD34 failed");
    assertThat(BlockKitRenderer.emoji("arn:aws:secretsmanager:us-east-1:123:secret:db"))
        .doesNotContain("\u3299");
    assertThat(BlockKitRenderer.emoji(":not_an_emoji_we_know:"))
        .isEqualTo(":not_an_emoji_we_know:");
  }

  @Test
  void aMessageBecomesReadableTextAndAPageWithItsColourBar() {
    Json message =
        Json.parse(
            "{\"text\":\"fallback\",\"blocks\":[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\","
                + "\"text\":\"Rolled back: web\"}}],\"attachments\":[{\"color\":\"#d40e0d\",\"blocks\":[{\"type\":\"section\","
                + "\"fields\":[{\"type\":\"mrkdwn\",\"text\":\"*Service*\\nweb\"}]},{\"type\":\"context\",\"elements\":["
                + "{\"type\":\"mrkdwn\",\"text\":\"a\"},{\"type\":\"mrkdwn\",\"text\":\"b\"}]}]}]}");

    assertThat(BlockKitRenderer.toText(message))
        .contains("Rolled back: web\n====")
        .contains("  *Service*\n  web")
        .contains("  a | b");
    assertThat(BlockKitRenderer.toHtmlPage("t", List.of(message)))
        .contains("border-left-color:#d40e0d")
        .contains("<div class=\"header\">Rolled back: web</div>")
        .contains("<div class=\"field\"><b>Service</b><br>web</div>");
  }

  @Test
  void aThreadShowsItsParentItsRepliesUnderItAndTheParentsEarlierStates() {
    Json parent =
        Json.parse(
            "{\"text\":\"p\",\"blocks\":[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"Failed: p\"}}]}");
    Json earlier =
        Json.parse(
            "{\"text\":\"p\",\"blocks\":[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"Running: p\"}}]}");
    Json reply = Json.parse("{\"text\":\"Approved\"}");
    BlockKitRenderer.SlackThread thread =
        new BlockKitRenderer.SlackThread(parent, List.of(reply, reply), List.of(earlier), 9);

    String page = BlockKitRenderer.toHtmlPage("t", thread, List.of(reply));

    assertThat(page)
        .containsSubsequence(
            "class=\"channel app-mode\"",
            "<div class=\"message parent\">",
            "Failed: p",
            "<div class=\"thread\"><div class=\"thread-count\">2 replies</div>",
            "<div class=\"message reply\">",
            "9 versions",
            "<div class=\"snapshot\">",
            "Running: p",
            "class=\"channel webhook-mode\"",
            "only=app-mode");
    assertThat(BlockKitRenderer.toHtmlPage("t", List.of(reply)))
        .doesNotContain("app-mode\"")
        .contains("webhook-mode");
  }
}
