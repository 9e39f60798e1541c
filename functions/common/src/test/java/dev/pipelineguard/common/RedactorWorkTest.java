package dev.pipelineguard.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redaction is linear in the text's length, whatever the text: measured as characters read (a
 * counting CharSequence under every pass), not as time, so the test is deterministic. A budget that
 * is exceeded stops the run at once, so a regression fails fast instead of running for hours.
 */
class RedactorWorkTest {
  static final int MIB = 1 << 20;

  /**
   * Characters read per input character. Every rule reads each character a small, fixed number of
   * times (the trigger scan, one attempt per position, bounded look-arounds, one rescan of short
   * values); a quadratic pattern reads about n/2 per character: half a million at 1 MiB.
   */
  static final long READS_PER_CHAR = 64;

  static Stream<Arguments> hostileUnits() {
    return Stream.of(
            "password=",
            "password= ",
            "\"password\":\"",
            "\"password\": \"a\", ",
            "--password ",
            "--password -",
            "password:",
            "passwd:x ",
            "token ",
            "secret_arn=",
            "Authorization: ",
            "Authorization: Bearer ",
            "Bearer ",
            "Bearer abcdefgh1 ",
            "Basic dXNlcjpwYXNz ",
            "basic ",
            "\\\"password\\\":\\\"",
            "password='",
            "x",
            "a:",
            "://",
            "://a:",
            "://u:" + "p".repeat(300),
            "://u:p@",
            "@",
            "eyJ",
            "eyJabcdefghij.",
            "eyJabcdefghij.abc",
            "%20eyJabcdefghij.",
            "-----BEGIN ",
            "-----BEGIN RSA PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----x-----END",
            "AKIA",
            "AKIAAAAAAAAAAAAAAAAA",
            "AKIAAAAAAAAAAAAAAAAAB",
            "xoxb-",
            "xoxb-1234567",
            "ghp_",
            "github_pat_",
            "hooks.slack.com/",
            "IQoJb3JpZ2lu",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY secret ",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "secret " + "A".repeat(39) + "a ",
            "[redacted password]",
            "[redacted aws-access-key-id]x".repeat(2) + " ",
            "\"a\": \"",
            "\\\"",
            "'",
            "api_key=" + "x".repeat(127) + " ",
            "token=" + "y".repeat(129) + "=")
        .map(unit -> Arguments.of(unit.length() > 40 ? unit.substring(0, 40) + "…" : unit, unit));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileUnits")
  void aMebibyteOfOneHostileUnitIsRedactedInLinearWork(String name, String unit) {
    String text = unit.repeat(MIB / unit.length() + 1).substring(0, MIB);
    Redactor.Meter meter = new Redactor.Meter(READS_PER_CHAR * MIB);

    String redacted = Redactor.redact(text, meter, true).toString();

    assertThat(meter.reads()).isLessThanOrEqualTo(READS_PER_CHAR * MIB); // the meter throws first
    assertThat(redacted.length())
        .isLessThanOrEqualTo(
            MIB
                + Redactor.MAX_MARKER_LENGTH
                    * RedactorPropertiesTest.count(redacted, Redactor.MARKER_PREFIX));
  }

  @Provide
  Arbitrary<String> hostileMix() {
    return Arbitraries.of(RedactorPropertiesTest.FRAGMENTS)
        .list()
        .ofMinSize(20_000)
        .ofMaxSize(40_000)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 8)
  void generatedHostileMixesAreRedactedInLinearWork(@ForAll("hostileMix") String text) {
    Redactor.Meter meter = new Redactor.Meter(READS_PER_CHAR * text.length());

    Redactor.redact(text, meter, true);

    assertThat(meter.reads()).isLessThanOrEqualTo(READS_PER_CHAR * text.length());
  }

  /** The meter can fail: a pattern without a token boundary rescans a run from each position. */
  @Test
  void theMeterCatchesQuadraticWork() {
    String text = "eyJ".repeat(20_000);
    Pattern naive = Pattern.compile("eyJ[A-Za-z0-9_-]++\\.");
    Redactor.Meter meter = new Redactor.Meter(READS_PER_CHAR * text.length());

    assertThatThrownBy(() -> naive.matcher(Redactor.metered(text, meter)).find())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("read more than");
  }

  @Test
  void textWithoutTriggerWordsCostsOnlyThePreCheck() {
    String clean =
        "Essential container in task exited: exit code 137 (OutOfMemoryError). ".repeat(1000);
    String triggering = clean.replace("task", "secret");
    Redactor.Meter cleanMeter = new Redactor.Meter(Long.MAX_VALUE);
    Redactor.Meter triggeringMeter = new Redactor.Meter(Long.MAX_VALUE);

    CharSequence result = Redactor.redact(clean, cleanMeter, true);
    Redactor.redact(triggering, triggeringMeter, true);

    assertThat(result).isSameAs(clean);
    // the scan reads each character, and the start of any word beginning like a trigger again
    assertThat(cleanMeter.reads()).isLessThanOrEqualTo(4L * clean.length());
    assertThat(triggeringMeter.reads()).isGreaterThan(2 * cleanMeter.reads());
  }
}
