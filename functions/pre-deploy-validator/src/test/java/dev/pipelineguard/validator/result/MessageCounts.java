package dev.pipelineguard.validator.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counts a failure message states agree with what it lists: "(N problems)" with the problem
 * lines (and the "… and M more" line for those left out), "N of M checks failed" with the FAILED
 * sections.
 */
public final class MessageCounts {
  private static final Pattern PROBLEMS = Pattern.compile("\\((\\d+) problems?\\)\\.\\n");
  private static final Pattern CHECKS = Pattern.compile("(\\d+) of \\d+ checks failed");
  private static final Pattern MORE = Pattern.compile("(?m)^  - … and (\\d+) more$");

  private MessageCounts() {}

  public static void assertAgree(String message) {
    Matcher problems = PROBLEMS.matcher(message);
    if (problems.find()) {
      long listed = message.lines().filter(l -> l.startsWith("  - ")).count();
      Matcher more = MORE.matcher(message);
      long leftOut =
          more.find() ? Long.parseLong(more.group(1)) - 1 : 0; // its own line is counted in listed
      assertThat(listed + leftOut)
          .as("problems listed or counted as left out in:%n%s", message)
          .isEqualTo(Long.parseLong(problems.group(1)));
    }
    Matcher checks = CHECKS.matcher(message);
    if (checks.find()) {
      long sections = message.lines().filter(l -> l.startsWith("FAILED ")).count();
      assertThat(sections)
          .as("FAILED sections in:%n%s", message)
          .isEqualTo(Long.parseLong(checks.group(1)));
    }
  }
}
