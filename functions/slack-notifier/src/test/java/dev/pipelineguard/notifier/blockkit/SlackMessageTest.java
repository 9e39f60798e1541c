package dev.pipelineguard.notifier.blockkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.notifier.blockkit.SlackMessage.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackMessageTest {
  @Test
  void hasAFallbackTextAHeaderAndAColouredAttachmentAndDoesNotUnfurl() {
    Json payload =
        Json.parse(
            SlackMessage.builder(Severity.FAILURE)
                .title("Pipeline failed: orders")
                .section(Mrkdwn.text("why"))
                .build()
                .json());

    assertThat(payload.get("text").text()).isEqualTo(":red_circle: Pipeline failed: orders");
    assertThat(payload.path("blocks").at(0).path("text", "text").text())
        .isEqualTo(":red_circle: Pipeline failed: orders");
    assertThat(payload.path("attachments").at(0).get("color").text())
        .isEqualTo(Severity.FAILURE.color());
    assertThat(payload.get("unfurl_links").bool()).contains(false);
    assertThat(BlockKitLimits.violations(payload)).isEmpty();
  }

  @Test
  void mrkdwnTextIsVerbatimSoSlackDoesNotLinkifyIt() {
    Json payload =
        Json.parse(
            SlackMessage.builder(Severity.INFO)
                .title("t")
                .section(Mrkdwn.text("#general"))
                .build()
                .json());

    assertThat(
            payload.path("attachments").at(0).get("blocks").at(0).path("text", "verbatim").bool())
        .contains(true);
  }

  @Test
  void aLongTitleIsCutToTheHeaderLimit() {
    Json payload =
        Json.parse(SlackMessage.builder(Severity.INFO).title("x".repeat(500)).build().json());

    assertThat(payload.path("blocks").at(0).path("text", "text").text())
        .hasSize(SlackMessage.HEADER_MAX)
        .endsWith("…");
    assertThat(payload.get("text").text().length()).isLessThanOrEqualTo(SlackMessage.FALLBACK_MAX);
  }

  @Test
  void fieldsGoTenToASectionAndEmptyOnesAreLeftOut() {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      fields.add(Field.of("F" + i, i % 5 == 0 ? Mrkdwn.EMPTY : Mrkdwn.line("v" + i)));
    }
    Json payload =
        Json.parse(SlackMessage.builder(Severity.INFO).title("t").fields(fields).build().json());
    List<Json> blocks = payload.path("attachments").at(0).get("blocks").elements();

    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).get("fields").elements()).hasSize(10);
    assertThat(blocks.get(1).get("fields").elements()).hasSize(10);
  }

  @Test
  void tooManySectionsStayWithinFiftyBlocksAndSayWhatWasLeftOut() {
    SlackMessage.Builder builder = SlackMessage.builder(Severity.INFO).title("t");
    for (int i = 0; i < 80; i++) {
      builder.section(Mrkdwn.text("section " + i));
    }
    builder.footer(List.of(Mrkdwn.line("footer")));
    Json payload = Json.parse(builder.build().json());
    List<Json> blocks = payload.path("attachments").at(0).get("blocks").elements();

    assertThat(blocks.size() + 1).isEqualTo(SlackMessage.MAX_BLOCKS);
    assertThat(blocks.get(blocks.size() - 2).toString()).contains("33 more parts left out");
    assertThat(blocks.get(blocks.size() - 1).toString()).contains("footer");
    assertThat(BlockKitLimits.violations(payload)).isEmpty();
  }

  @Test
  void theTextBudgetKeepsHugeMessagesWellUnderSlacksLimit() {
    SlackMessage.Builder builder = SlackMessage.builder(Severity.INFO).title("t");
    for (int i = 0; i < 20; i++) {
      builder.section(Mrkdwn.text("y".repeat(10_000)));
    }
    String json = builder.build().json();

    assertThat(json.length()).isLessThan(BlockKitLimits.MAX_PAYLOAD_CHARS);
    assertThat(BlockKitLimits.violations(Json.parse(json))).isEmpty();
  }

  @Test
  void aContextKeepsAtMostTenElements() {
    List<Mrkdwn> elements = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      elements.add(Mrkdwn.line("e" + i));
    }
    Json payload =
        Json.parse(SlackMessage.builder(Severity.INFO).title("t").context(elements).build().json());

    assertThat(payload.path("attachments").at(0).get("blocks").at(0).get("elements").elements())
        .hasSize(10);
  }

  @Test
  void aMessageWithOnlyATitleHasNoAttachment() {
    Json payload = Json.parse(SlackMessage.builder(Severity.INFO).title("t").build().json());

    assertThat(payload.has("attachments")).isFalse();
    assertThat(BlockKitLimits.violations(payload)).isEmpty();
  }
}
