package dev.pipelineguard.notifier.blockkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import org.junit.jupiter.api.Test;

class BlockKitLimitsTest {
  private static Json section(String text) {
    return Json.parse(
        "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":" + quote(text) + "}}");
  }

  private static String quote(String s) {
    return dev.pipelineguard.common.JsonWriter.write(s);
  }

  @Test
  void aMissingFallbackTextIsAViolation() {
    assertThat(BlockKitLimits.violations(Json.parse("{\"blocks\":[]}")))
        .containsExactly("the top-level text fallback is missing");
  }

  @Test
  void aLongHeaderASectionOverThreeThousandAndTooManyFieldsAreViolations() {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      fields.append(i == 0 ? "" : ",").append("{\"type\":\"mrkdwn\",\"text\":\"f\"}");
    }
    String payload =
        "{\"text\":\"t\",\"blocks\":[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":"
            + quote("h".repeat(151))
            + "}},"
            + section("s".repeat(3001))
            + ",{\"type\":\"section\",\"fields\":["
            + fields
            + "]}]}";

    assertThat(BlockKitLimits.violations(Json.parse(payload)))
        .containsExactly(
            "blocks[0].text.text has 151 characters (max 150)",
            "blocks[1].text.text has 3001 characters (max 3000)",
            "blocks[2] has 11 fields (max 10)");
  }

  @Test
  void moreThanFiftyBlocksInAllIsAViolation() {
    StringBuilder blocks = new StringBuilder();
    for (int i = 0; i < 51; i++) {
      blocks.append(i == 0 ? "" : ",").append("{\"type\":\"divider\"}");
    }
    assertThat(
            BlockKitLimits.violations(
                Json.parse(
                    "{\"text\":\"t\",\"attachments\":[{\"color\":\"#000000\","
                        + "\"blocks\":["
                        + blocks
                        + "]}]}")))
        .containsExactly("51 blocks (max 50)");
  }

  @Test
  void aHeaderMustBePlainTextAndAContextAtMostTenElements() {
    StringBuilder elements = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      elements.append(i == 0 ? "" : ",").append("{\"type\":\"mrkdwn\",\"text\":\"e\"}");
    }
    String payload =
        "{\"text\":\"t\",\"blocks\":[{\"type\":\"header\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"h\"}},"
            + "{\"type\":\"context\",\"elements\":["
            + elements
            + "]},{\"type\":\"image\"}]}";

    assertThat(BlockKitLimits.violations(Json.parse(payload)))
        .containsExactly(
            "blocks[0].text must be plain_text",
            "blocks[1] has 11 elements (1 to 10)",
            "blocks[2] has an unexpected type image");
  }

  @Test
  void aLoneSurrogateIsAViolation() {
    // escaped in the JSON text: a raw lone surrogate would not survive UTF-8 encoding
    String payload =
        "{\"text\":\"t\",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\","
            + "\"text\":\"a\\ud83db\"}}]}";

    assertThat(BlockKitLimits.violations(Json.parse(payload)))
        .anyMatch(v -> v.contains("lone surrogate"));
  }

  @Test
  void anOversizedPayloadIsAViolationEvenWhenEveryBlockFits() {
    StringBuilder blocks = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      blocks.append(i == 0 ? "" : ",").append(section("z".repeat(2900)));
    }
    assertThat(
            BlockKitLimits.violations(Json.parse("{\"text\":\"t\",\"blocks\":[" + blocks + "]}")))
        .singleElement()
        .asString()
        .startsWith("payload has");
  }
}
