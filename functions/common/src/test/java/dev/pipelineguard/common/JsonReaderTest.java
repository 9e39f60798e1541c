package dev.pipelineguard.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {
  @Property(tries = 300)
  void whatTheWriterWritesTheReaderReadsBack(@ForAll("documents") Object document) {
    String written = JsonWriter.write(document);

    Json read = Json.parse(written);

    assertThat(JsonWriter.write(read)).isEqualTo(written);
  }

  @Provide
  Arbitrary<Object> documents() {
    Arbitrary<Object> scalars =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
            Arbitraries.strings().all().ofMaxLength(10).map(s -> (Object) s),
            Arbitraries.longs().map(n -> (Object) n),
            Arbitraries.of(true, false).map(b -> (Object) b),
            Arbitraries.just(null));
    Arbitrary<Object> lists = scalars.list().ofMaxSize(4).map(l -> (Object) l);
    Arbitrary<Object> maps =
        Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), Arbitraries.oneOf(scalars, lists))
            .ofMaxSize(5)
            .map(m -> (Object) new LinkedHashMap<>(m));
    return Arbitraries.oneOf(maps, lists, scalars);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":1,}",
        "[1,]",
        "{'a':1}",
        "01",
        "1.",
        "-",
        ".5",
        "1e",
        "NaN",
        "tru",
        "\"\\x\"",
        "\"\\u12\"",
        "\"tab\there\"",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "[1 2]",
        "{1:2}",
        "\"unterminated"
      })
  void rejectsWhatIsNotJson(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(JsonException.class)
        .hasMessageStartingWith("malformed JSON at line");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "12.5e-3",
        "1E+2",
        "-7.0",
        "\"\"",
        "[]",
        "{}",
        " { } ",
        "null",
        "[true,false]"
      })
  void acceptsEveryJsonForm(String text) {
    assertThat(Json.parse(text).isMissing()).isFalse();
  }

  @org.junit.jupiter.api.Test
  void decodesEscapesAndSurrogatePairs() {
    Json doc = Json.parse("{\"s\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 😀\"}");

    assertThat(doc.get("s").text()).isEqualTo("q\" b\\ s/ \b\f\n\r\t é 😀 😀");
  }

  @org.junit.jupiter.api.Test
  void keepsNumberLiteralsAsWrittenAndMembersInOrder() {
    Json doc = Json.parse("{\"z\":7.0,\"a\":1e3,\"m\":[1,2]}");

    assertThat(doc.fields().keySet()).containsExactly("z", "a", "m");
    assertThat(doc.get("z").text()).isEqualTo("7.0");
    assertThat(doc.get("a").wholeNumber()).contains(1000L);
    assertThat(doc.get("m").elements()).extracting(Json::text).containsExactly("1", "2");
  }

  @org.junit.jupiter.api.Test
  void reportsThePositionOfAnError() {
    assertThatThrownBy(() -> Json.parse("{\n  \"a\": [1, 2,, 3]\n}"))
        .hasMessage("malformed JSON at line 2, column 14: unexpected character");
  }

  @org.junit.jupiter.api.Test
  void aHugeFlatDocumentParses() {
    StringBuilder big = new StringBuilder("[");
    for (int i = 0; i < 100_000; i++) {
      big.append(i > 0 ? "," : "").append("{\"i\":").append(i).append('}');
    }
    big.append(']');

    assertThat(Json.parse(big.toString()).elements()).hasSize(100_000);
  }
}
