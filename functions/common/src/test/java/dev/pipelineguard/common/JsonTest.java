package dev.pipelineguard.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void navigatesWithoutThrowingOnMissingOrMistypedMembers() {
    Json doc = Json.parse("{\"a\":{\"b\":[1,\"two\",null]},\"s\":\"x\"}");

    assertThat(doc.path("a", "b").at(1).text()).isEqualTo("two");
    assertThat(doc.path("a", "b").at(0).text()).isEqualTo("1");
    assertThat(doc.path("a", "b").at(2).isAbsent()).isTrue();
    assertThat(doc.path("a", "b").at(7).isMissing()).isTrue();
    assertThat(doc.path("s", "deeper", "still").isMissing()).isTrue();
    assertThat(doc.get("nope").text()).isNull();
    assertThat(doc.get("nope").textOr("fallback")).isEqualTo("fallback");
    assertThat(doc.get("s").elements()).isEmpty();
  }

  @Test
  void readsNumbersSentAsIntsFloatsOrStrings() {
    Json doc =
        Json.parse("{\"int\":7,\"float\":7.0,\"string\":\"7\",\"frac\":7.5,\"bad\":\"seven\"}");

    assertThat(doc.get("int").wholeNumber()).contains(7L);
    assertThat(doc.get("float").wholeNumber()).contains(7L);
    assertThat(doc.get("string").wholeNumber()).contains(7L);
    assertThat(doc.get("frac").wholeNumber()).isEmpty();
    assertThat(doc.get("frac").number()).contains(new BigDecimal("7.5"));
    assertThat(doc.get("bad").number()).isEmpty();
  }

  @Test
  void malformedInputIsAnErrorThatNeverQuotesTheInput() {
    String secretish = "{\"secretAccessKey\": wJalrXUtnFEMI/K7MDENG}";

    assertThatThrownBy(() -> Json.parse(secretish))
        .isInstanceOf(JsonException.class)
        .hasMessageStartingWith("malformed JSON at line 1")
        .hasMessageNotContaining("wJalr");
    assertThatThrownBy(() -> Json.parse("")).isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> Json.parse("{\"a\":1")).isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> Json.parse("{} {}")).isInstanceOf(JsonException.class);
  }

  @Test
  void deeplyNestedInputIsRejectedNotAStackOverflow() {
    String deep = "[".repeat(5000) + "]".repeat(5000);

    assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonException.class);
  }

  @Test
  void parseIfJsonTellsJsonFromPlainText() {
    assertThat(Json.parseIfJson("{\"a\":1}").get("a").text()).isEqualTo("1");
    assertThat(Json.parseIfJson("Pipeline failed at 10:00").isMissing()).isTrue();
    assertThat(Json.parseIfJson("{not json").isMissing()).isTrue();
    assertThat(Json.parseIfJson(null).isMissing()).isTrue();
  }

  @Test
  void writesAndReadsBackTheSameTree() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put(
        "text", "quote \" backslash \\ newline \n tab \t bell \u0007 line-sep \u2028 astral 😀");
    value.put("n", 42);
    value.put("d", new BigDecimal("1.50"));
    value.put("list", List.of(true, false, "x"));
    value.put("nothing", null);

    String written = JsonWriter.write(value);
    Json back = Json.parse(written);

    assertThat(back.get("text").text()).isEqualTo(value.get("text"));
    assertThat(written).contains("\\u0007").contains("\\u2028").doesNotContain("\n");
    assertThat(back.get("n").text()).isEqualTo("42");
    assertThat(back.get("d").text()).isEqualTo("1.50");
    assertThat(back.get("list").at(2).text()).isEqualTo("x");
    assertThat(back.get("nothing").isAbsent()).isTrue();
    assertThat(JsonWriter.write(back)).isEqualTo(written);
  }
}
