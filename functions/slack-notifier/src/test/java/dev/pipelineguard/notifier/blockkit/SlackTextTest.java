package dev.pipelineguard.notifier.blockkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {
  @Test
  void escapesAmpersandFirstSoEntitiesInTheInputStayVisible() {
    assertThat(SlackText.escape("a & b < c > d &lt;", true)).isEqualTo("a &amp; b &lt; c &gt; d &amp;lt;");
  }

  @Test
  void specialMentionsUserMentionsChannelsAndDisguisedLinksBecomeVisibleText() {
    String escaped = SlackText.escape("<!channel> <!here> <@U123> <#C42|general> <https://evil|innocent>", true);

    assertThat(escaped).doesNotContain("<").doesNotContain(">")
        .isEqualTo("&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;#C42|general&gt; &lt;https://evil|innocent&gt;");
  }

  @Test
  void broadcastWordsGetAnInvisibleJoinerSoNoClientLinksThem() {
    String escaped = SlackText.escape("ping @here and @Channel and @everyone, not @hereford", true);

    assertThat(escaped).doesNotContainPattern("@(?i)(here|channel|everyone)")
        .contains("@" + SlackText.WORD_JOINER + "here", "@" + SlackText.WORD_JOINER + "Channel");
  }

  @Test
  void stripsControlCharactersAndBidiOverridesButKeepsNewlinesWhenMultiline() {
    assertThat(SlackText.escape("a\u0000b\u001b[31mc\u202Ed\ne\tf", true)).isEqualTo("ab[31mcd\ne\tf");
    assertThat(SlackText.escape("  a\n\nb\t c  ", false)).isEqualTo("a b c");
  }

  @Test
  void dropsLoneSurrogatesAndKeepsPairs() {
    assertThat(SlackText.escape("x\uD83Dy😀z\uDE00", true)).isEqualTo("xy😀z");
  }

  @Test
  void fitCutsOnACodePointBoundaryWithAnEllipsis() {
    String astral = "😀".repeat(10); // 20 UTF-16 units
    String cut = SlackText.fit(astral, 8, true);

    assertThat(cut).hasSizeLessThanOrEqualTo(8).endsWith("…").isEqualTo("😀😀😀…");
  }

  @Test
  void fitNeverSplitsAnEntity() {
    String cut = SlackText.fit("abc&def", 6, true); // escaped: abc&amp;def

    assertThat(cut).isEqualTo("abc…");
  }

  @Test
  void cutNeverSplitsALink() {
    String text = "see <https://console.aws.amazon.com/x|the console> now";

    assertThat(SlackText.cut(text, 20)).isEqualTo("see …");
  }

  @Test
  void cutClosesACodeBlockItOpened() {
    String text = "```" + "x".repeat(100) + "```";
    String cut = SlackText.cut(text, 40);

    assertThat(cut).hasSizeLessThanOrEqualTo(40).startsWith("```").endsWith("…```");
  }

  @Test
  void shortTextIsUnchanged() {
    assertThat(SlackText.fit("orders-api", 150, false)).isEqualTo("orders-api");
    assertThat(SlackText.fit(null, 10, false)).isEmpty();
  }

  @Test
  void onlyAbsoluteHttpsUrlsWithoutSpacesOrMarkupAreSafeLinkTargets() {
    assertThat(SlackText.isSafeUrl("https://console.aws.amazon.com/ecs/v2?region=us-east-1&x=1")).isTrue();
    assertThat(SlackText.isSafeUrl("http://console.aws.amazon.com/")).isFalse();
    assertThat(SlackText.isSafeUrl("javascript:alert(1)")).isFalse();
    assertThat(SlackText.isSafeUrl("https://evil.example/|<!channel>")).isFalse();
    assertThat(SlackText.isSafeUrl("https://evil.example/a b")).isFalse();
    assertThat(SlackText.isSafeUrl("https://user:pw@evil.example/")).isFalse();
    assertThat(SlackText.isSafeUrl("https:///nohost")).isFalse();
    assertThat(SlackText.isSafeUrl(null)).isFalse();
  }
}
