package dev.pipelineguard.notifier.blockkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MrkdwnTest {
  @Test
  void linkEscapesTheLabelAndTheAmpersandsOfTheUrl() {
    Mrkdwn link = Mrkdwn.link("https://console.aws.amazon.com/x?a=1&b=2", "<b>|x");

    assertThat(link.value())
        .isEqualTo("<https://console.aws.amazon.com/x?a=1&amp;b=2|&lt;b&gt;\u2223x>");
  }

  @Test
  void anUnsafeUrlLeavesOnlyTheEscapedLabel() {
    assertThat(Mrkdwn.link("javascript:alert(1)", "Open").value()).isEqualTo("Open");
    assertThat(Mrkdwn.linkIfSafe("http://evil.example", "Open")).isEqualTo(Mrkdwn.EMPTY);
  }

  @Test
  void codeCannotBeClosedByBackticksInTheText() {
    assertThat(Mrkdwn.code("a`b", 20).value()).isEqualTo("`a\u02CBb`");
    assertThat(Mrkdwn.codeBlock("```\n<!channel>", 100).value())
        .isEqualTo("```\u02CB\u02CB\u02CB\n&lt;!channel&gt;```");
  }

  @Test
  void codeBlockKeepsItsFencesWhenCut() {
    Mrkdwn block = Mrkdwn.codeBlock("x".repeat(5000), 100);

    assertThat(block.length()).isLessThanOrEqualTo(100);
    assertThat(block.value()).startsWith("```").endsWith("…```");
  }

  @Test
  void quotePrefixesEachLineAndStopsAfterTheLineLimit() {
    assertThat(Mrkdwn.quote("one\n\ntwo\nthree\nfour", 2, 500).value())
        .isEqualTo("> one\n> two\n> …");
  }

  @Test
  void emptyInputsGiveEmptyMarkup() {
    assertThat(Mrkdwn.code(null, 10).isEmpty()).isTrue();
    assertThat(Mrkdwn.codeBlock("  ", 10).isEmpty()).isTrue();
    assertThat(Mrkdwn.quote(null, 3, 100).isEmpty()).isTrue();
    assertThat(Mrkdwn.join(", ", Mrkdwn.EMPTY, Mrkdwn.line("a"), null).value()).isEqualTo("a");
  }

  @Test
  void boldCannotBeBrokenByStarsInTheText() {
    assertThat(Mrkdwn.bold("a*b", 20).value()).isEqualTo("*a\u2217b*");
  }
}
