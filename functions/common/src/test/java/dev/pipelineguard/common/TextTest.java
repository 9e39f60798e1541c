package dev.pipelineguard.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TextTest {
  @Property
  void truncateNeverExceedsTheLimitNorSplitsASurrogatePair(
      @ForAll @StringLength(max = 400) String text, @ForAll @IntRange(min = 1, max = 300) int max) {
    String cut = Text.truncate(text, max);

    assertThat(cut.length()).isLessThanOrEqualTo(max);
    assertThat(cut.isEmpty() || !Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isTrue();
    if (text.length() <= max) {
      assertThat(cut).isEqualTo(text);
    } else {
      assertThat(cut).endsWith(Text.ELLIPSIS);
    }
  }

  @Test
  void truncateKeepsAstralCharactersWhole() {
    String text = "ab" + "😀".repeat(10);

    String cut =
        Text.truncate(text, 6); // room for "ab", one emoji (2 units), then "…" would split the next

    assertThat(cut).isEqualTo("ab😀…");
  }

  @Property
  void utf8LengthCountsWhatTheEncoderWrites(@ForAll @StringLength(max = 300) String text) {
    assertThat(Text.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void stripInvisibleRemovesZeroWidthFormatAndSeparatorCharacters() {
    assertThat(
            Text.stripInvisible(
                "AKIA\u200bIOSFODNN7\ufeffEXAMPLE\u2028\u2029\u200c\u200d\u2060\u00ad"
                    + "\u202e\ud834\udd73x"))
        .isEqualTo("AKIAIOSFODNN7EXAMPLEx"); // U+1D173: a format character past the BMP
    String plain = "tab\tnew line\nemoji \ud83d\ude00 \u4e2d";
    assertThat(Text.stripInvisible(plain)).isSameAs(plain);
    assertThat(Text.stripInvisible(null)).isEmpty();
  }

  @Test
  void stripControlRemovesControlAndBidiCharactersAndLoneSurrogates() {
    String hostile = "ok\u0000\u0007\u001b[31m\u202Eevil\uD800 done\nnext";

    assertThat(Text.stripControl(hostile, true)).isEqualTo("ok[31mevil done\nnext");
    assertThat(Text.oneLine(hostile)).isEqualTo("ok[31mevil done next");
  }

  @Test
  void urlDecodeReadsPercentEscapesAsUtf8AndRefusesMalformedOnes() {
    assertThat(Text.urlDecode("a%20b%2Fc%E2%80%8Bd%253D")).isEqualTo("a b/c\u200Bd%3D");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Text.urlDecode("100%zz"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
