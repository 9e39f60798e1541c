package dev.pipelineguard.validator.result;

import dev.pipelineguard.common.Text;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The PutJobFailureResult message: at most 5000 characters, naming every failing (and unfinished)
 * check with its evidence and fix. When it would be longer, each check gets an equal share and its
 * evidence is cut with "and N more", so no failing check is ever left out.
 */
public final class FailureMessage {
  public static final int LIMIT = 5000;
  private static final int MAX_TITLE = 600;
  private static final int MAX_LINE = 600;

  /** Room kept for the "… and N more" line. */
  private static final int MORE_LINE = 24;

  private FailureMessage() {}

  static String forChecks(String subject, List<CheckResult> checks, String jobId, String note) {
    List<CheckResult> failed = checks.stream().filter(c -> c.is(CheckStatus.FAILED)).toList();
    List<CheckResult> unfinished = checks.stream().filter(c -> c.is(CheckStatus.PENDING)).toList();
    String header =
        "Deployment blocked by pipeline-guard: "
            + failed.size()
            + " of "
            + checks.size()
            + " checks failed for "
            + subject
            + ".";
    List<String> passed = names(checks, CheckStatus.PASSED);
    List<String> skipped = names(checks, CheckStatus.SKIPPED);
    StringBuilder footer = new StringBuilder();
    if (!passed.isEmpty()) {
      footer.append("Passed: ").append(String.join(", ", passed)).append(". ");
    }
    if (!skipped.isEmpty()) {
      footer.append("Skipped: ").append(String.join(", ", skipped)).append(". ");
    }
    if (note != null) {
      footer.append(TextSanitizer.clean(note, 300)).append(". ");
    }
    footer
        .append("Job ")
        .append(TextSanitizer.clean(jobId, 80))
        .append(": the validator logs one line per check with this job id.");
    List<Section> sections = new ArrayList<>();
    for (CheckResult c : failed) {
      sections.add(
          new Section(
              "FAILED " + c.check().id() + " (" + c.failureType().apiName() + "): " + c.summary(),
              c.details(),
              c.fix()));
    }
    for (CheckResult c : unfinished) {
      sections.add(
          new Section("NOT FINISHED " + c.check().id() + ": " + c.summary(), c.details(), c.fix()));
    }
    return assemble(header, sections, footer.toString());
  }

  public static String forParameters(List<String> problems, String jobId) {
    String header =
        "Deployment blocked by pipeline-guard: the action's UserParameters cannot be used ("
            + problems.size()
            + (problems.size() == 1 ? " problem)." : " problems).");
    Section section =
        new Section(
            "FAILED parameters (ConfigurationError)",
            problems,
            "UserParameters must be a JSON object such as {\"cluster\": \"prod\", \"service\": \"orders-api\"}; allowed keys: "
                + String.join(", ", ValidatorParameters.KEYS)
                + ".");
    return assemble(header, List.of(section), "Job " + TextSanitizer.clean(jobId, 80) + ".");
  }

  /** A failed validation that could not run at all (an internal error). */
  public static String forInternalError(String what, String jobId) {
    return Text.truncate(
        "Deployment blocked by pipeline-guard: the validator could not complete ("
            + TextSanitizer.clean(what)
            + "). This is a validator problem, not necessarily a deployment problem: retry the stage; if it repeats, the "
            + "validator's log for job "
            + TextSanitizer.clean(jobId, 80)
            + " has the details.",
        LIMIT);
  }

  private record Section(String title, List<String> details, String fix) {
    /**
     * At most {@code budget} characters: title and fix take up to a third each, evidence the rest.
     */
    String render(int budget) {
      String head =
          Text.truncate(Text.oneLine(title), Math.min(MAX_TITLE, Math.max(20, budget / 3)));
      String fixLine =
          fix == null || fix.isBlank()
              ? ""
              : "\n  Fix: "
                  + Text.truncate(Text.oneLine(fix), Math.min(MAX_LINE, Math.max(20, budget / 3)));
      StringBuilder out = new StringBuilder(head);
      int room = budget - head.length() - fixLine.length();
      int shown = 0;
      for (String detail : details) {
        int reserve = details.size() - shown > 1 ? MORE_LINE : 0;
        int lineMax = Math.min(MAX_LINE, room - reserve - 5);
        if (lineMax < 40) {
          break;
        }
        String line = "\n  - " + Text.truncate(Text.oneLine(detail), lineMax);
        out.append(line);
        room -= line.length();
        shown++;
      }
      if (shown < details.size()) {
        out.append("\n  - … and ").append(details.size() - shown).append(" more");
      }
      return out.append(fixLine).toString();
    }
  }

  private static String assemble(String header, List<Section> sections, String footer) {
    StringBuilder full = new StringBuilder(header);
    for (Section s : sections) {
      full.append("\n\n").append(s.render(Integer.MAX_VALUE / 4));
    }
    full.append("\n\n").append(footer);
    if (full.length() <= LIMIT) {
      return full.toString();
    }
    int fixed = header.length() + footer.length() + 2 + sections.size() * 2;
    int share = Math.max(80, (LIMIT - fixed) / Math.max(1, sections.size()));
    StringBuilder cut = new StringBuilder(header);
    for (Section s : sections) {
      cut.append("\n\n").append(s.render(share - 2));
    }
    cut.append("\n\n").append(footer);
    return Text.truncate(cut.toString(), LIMIT);
  }

  private static List<String> names(List<CheckResult> checks, CheckStatus status) {
    return checks.stream().filter(c -> c.is(status)).map(c -> c.check().id()).toList();
  }
}
