package dev.pipelineguard.notifier.blockkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {
  @Test
  void escapesAmpersandFirstSoEntitiesInTheInputStayVisible() {
    assertThat(SlackText.escape("a & b < c > d &lt;", true))
        .isEqualTo("a &amp; b &lt; c &gt; d &amp;lt;");
  }

  @Test
  void specialMentionsUserMentionsChannelsAndDisguisedLinksBecomeVisibleText() {
    String escaped =
        SlackText.escape("<!channel> <!here> <@U123> <#C42|general> <https://evil|innocent>", true);

    assertThat(escaped)
        .doesNotContain("<")
        .doesNotContain(">")
        .isEqualTo(
            "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;#C42|general&gt; &lt;https://evil|innocent&gt;");
  }

  @Test
  void broadcastWordsGetAnInvisibleJoinerSoNoClientLinksThem() {
    String escaped = SlackText.escape("ping @here and @Channel and @everyone, not @hereford", true);

    assertThat(escaped)
        .doesNotContainPattern("@(?i)(here|channel|everyone)")
        .contains("@" + SlackText.WORD_JOINER + "here", "@" + SlackText.WORD_JOINER + "Channel");
  }

  @Test
  void stripsControlCharactersAndBidiOverridesButKeepsNewlinesWhenMultiline() {
    assertThat(SlackText.escape("a\u0000b\u001b[31mc\u202Ed\ne\tf", true))
        .isEqualTo("ab[31mcd\ne\tf");
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
    assertThat(SlackText.isSafeUrl("https://console.aws.amazon.com/ecs/v2?region=us-east-1&x=1"))
        .isTrue();
    assertThat(SlackText.isSafeUrl("http://console.aws.amazon.com/")).isFalse();
    assertThat(SlackText.isSafeUrl("javascript:alert(1)")).isFalse();
    assertThat(SlackText.isSafeUrl("https://evil.example/|<!channel>")).isFalse();
    assertThat(SlackText.isSafeUrl("https://evil.example/a b")).isFalse();
    assertThat(SlackText.isSafeUrl("https://user:pw@evil.example/")).isFalse();
    assertThat(SlackText.isSafeUrl("https:///nohost")).isFalse();
    assertThat(SlackText.isSafeUrl(null)).isFalse();
  }

  @Test
  void oneLineFieldsLoseLineAndParagraphSeparatorsAndZeroWidthCharacters() {
    String raw =
        "Deploy\u2028failed\u2029now: ord\u200Bers\uFEFF-api \u200Cx\u200Dy\u2060z\u00AD!\uFE0F \u0085end\u000Bok";

    assertThat(SlackText.escape(raw, false)).isEqualTo("Deploy failed now: orders-api xyz! end ok");
    assertThat(SlackText.fit(raw, 150, false))
        .doesNotContain("\u2028", "\u2029", "\u200B", "\uFEFF");
  }

  @Test
  void multilineTextKeepsSeparatorsAsNewlinesAndLosesInvisibleCharacters() {
    assertThat(SlackText.escape("a\u2028b\u2029c\rd\r\ne\u200B\u202Ef", true))
        .isEqualTo("a\nb\nc\nd\nef");
  }

  @Test
  void invisibleCharactersAreNotInvisibleAnyMoreInTitlesAndFields() {
    SlackMessage message =
        SlackMessage.builder(Severity.FAILURE)
            .title("Pipeline\u2028failed:\u200B orders")
            .fields(
                java.util.List.of(
                    SlackMessage.Field.of("Commit", Mrkdwn.line("fix\u2029it\uFEFF"))))
            .context(java.util.List.of(Mrkdwn.line("ctx\u2028line")))
            .build();

    assertThat(message.json())
        .doesNotContain("\\u2028", "\\u2029", "\u2028", "\u2029", "\u200B", "\uFEFF")
        .contains("Pipeline failed: orders", "fix it", "ctx line");
  }

  @Test
  void aSingleCodeFenceInEventTextIsMadeInertAndPairsStayCode() {
    String inert = "\u02CB\u02CB\u02CB";

    assertThat(SlackText.escape("run ``` this", true)).isEqualTo("run " + inert + " this");
    assertThat(SlackText.escape("```code``` and ```", true)).isEqualTo("```code``` and " + inert);
    assertThat(SlackText.escape("```code```", false)).isEqualTo("```code```");
    assertThat(SlackText.escape("a ```` b", false)).isEqualTo("a " + inert + "\u02CB b");
  }

  @Test
  void eventTextCannotOpenACodeBlockOverTheMarkupAfterIt() {
    Mrkdwn section =
        Mrkdwn.text("Revert ``` oops").then("\n").then(Mrkdwn.codeBlock("reason", 100));

    assertThat(section.value()).isEqualTo("Revert \u02CB\u02CB\u02CB oops\n```reason```");
  }
}
