package dev.pipelineguard.watcher.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.watcher.evidence.StoppedTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of documented stop reasons ({@link DocumentedReasons}) and the corpus copy of the same
 * texts ({@code events/published/ecs-stop-reasons.tsv}): every documented reason gets a cause,
 * whatever its case or punctuation, on the task or on a container.
 */
class DocumentedReasonsTest {

  static Stream<Arguments> rows() {
    return DocumentedReasons.ROWS.stream()
        .map(row -> Arguments.of(Named.of(abbreviate(row.text()), row)));
  }

  /** The row's text with every placeholder filled, as ECS would write it. */
  static String example(DocumentedReasons.Row row) {
    return row.text().replaceAll("<[^>]*>", "x-1").replace("…", "x-1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void namesTheRowsCauseForTheDocumentedText(DocumentedReasons.Row row) {
    String text = example(row);
    assertThat(DocumentedReasons.match(text)).as("no earlier row shadows it").isEqualTo(row);
    assertNames(row, ReasonClassifier.classify(text));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void matchesWhateverTheCaseAndPunctuation(DocumentedReasons.Row row) {
    String text = example(row);
    assertNames(row, ReasonClassifier.classify(text.toUpperCase(java.util.Locale.ROOT)));
    // Punctuation left out where words are apart anyway ("error: x" as "error x"), brackets and
    // quotes as spaces.
    assertNames(
        row,
        ReasonClassifier.classify(
            text.replaceAll("[:;,.]+(?=\\s|$)", "").replaceAll("[()'’‘\"]", " ")));
    assertNames(
        row,
        ReasonClassifier.classify(
            "ResourceInitializationError: " + text.replace(": ", " - ") + " (request id 0f3c9a)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void namesTheCauseWhetherTheReasonSitsOnTheTaskOrOnAContainer(DocumentedReasons.Row row) {
    String text = example(row);
    StoppedTask onTask =
        new StoppedTask(
            "arn:aws:ecs:us-east-1:123456789012:task/c/1",
            null,
            "TaskFailedToStart",
            text,
            null,
            List.of(new StoppedTask.ContainerState("app", null, null, null, null)));
    assertNames(row, ReasonClassifier.classifyTask(onTask).classification());
    if (row.cause() != null && row.cause() != Cause.ESSENTIAL_CONTAINER_EXITED) {
      StoppedTask onContainer =
          new StoppedTask(
              "arn:aws:ecs:us-east-1:123456789012:task/c/2",
              null,
              "TaskFailedToStart",
              "Task failed to start",
              null,
              List.of(new StoppedTask.ContainerState("app", null, null, text, null)));
      assertNames(row, ReasonClassifier.classifyTask(onContainer).classification());
    }
  }

  @Test
  void everyRowCitesTheAwsPageThatDocumentsIt() {
    for (DocumentedReasons.Row row : DocumentedReasons.ROWS) {
      assertThat(row.page())
          .as(row.text())
          .matches(
              "https://(docs\\.aws\\.amazon\\.com/AmazonECS/latest/"
                  + "(developerguide|userguide)/[a-z_-]+\\.html|repost\\.aws/knowledge-center/[a-z-]+)");
    }
  }

  @Test
  void recognisesTheThreeTextsOfIssue17ExactlyAsDocumented() {
    Classification notFound =
        ReasonClassifier.classify(
            "CannotPullContainerError: API error (404): repository "
                + "<account>.dkr.ecr.<region>.amazonaws.com/<repo>/<image> not found");
    assertThat(notFound.cause()).isEqualTo(Cause.IMAGE_NOT_FOUND);

    Classification layers =
        ReasonClassifier.classify(
            "CannotPullContainerError: ref pull has been retried 1 time(s): "
                + "failed to copy: httpReaderSeeker: failed open: unexpected status code");
    assertThat(layers.cause()).isEqualTo(Cause.REGISTRY_UNREACHABLE);
    assertThat(layers.detail()).contains("S3").contains("unexpected status code");
    assertThat(layers.hint()).contains("S3 gateway VPC endpoint");

    Classification secret =
        ReasonClassifier.classify(
            "Fetching secret data from AWS Secrets Manager in region "
                + "eu-west-1: secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf: "
                + "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/abc is not "
                + "authorized to perform: secretsmanager:GetSecretValue on resource: "
                + "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf status code: 400, request id: 1f2e");
    assertThat(secret.cause()).isEqualTo(Cause.SECRETS_UNAVAILABLE);
    assertThat(secret.title()).isEqualTo("Not allowed to read the secret");
    assertThat(secret.detail()).startsWith("secret prod/db-AbCdEf");
    // The agent writes the same prefix in lower case.
    assertThat(
            ReasonClassifier.classify(
                    "fetching secret data from AWS Secrets Manager in region …: secret arn:…: "
                        + "AccessDeniedException: User: arn:aws:sts::…:assumed-role/… is not authorized to perform: "
                        + "secretsmanager:GetSecretValue …")
                .title())
        .isEqualTo("Not allowed to read the secret");
  }

  // ---------------------------------------------------------------------------------------------
  // The corpus: events/published/ecs-stop-reasons.tsv

  record TsvRow(String id, String literal, String where, String page, String cause) {}

  static List<TsvRow> tsv() throws IOException {
    List<String> lines =
        Files.readAllLines(
            RepoPaths.events().resolve("published/ecs-stop-reasons.tsv"), StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).split("\t", -1));
    List<TsvRow> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < f.length ? f[i] : "");
      }
      rows.add(
          new TsvRow(
              row.get("id"),
              row.get("literal"),
              row.get("where"),
              row.get("page_url"),
              row.get("cause")));
    }
    return rows;
  }

  static Stream<Arguments> reasonRows() throws IOException {
    return tsv().stream()
        .filter(r -> !r.where().startsWith("container exitCode"))
        .map(r -> Arguments.of(Named.of(r.id() + " " + abbreviate(r.literal()), r)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reasonRows")
  void classifiesEveryReasonOfTheCorpusAsTheCorpusSays(TsvRow row) {
    String text = corpusText(row);
    String expected = row.cause().split("[ (]", 2)[0];
    Classification c = ReasonClassifier.classify(text);
    if (expected.equals("NORMAL_STOP")) {
      assertThat(c.benign()).as("a normal stop").isTrue();
    } else {
      assertThat(c.benign()).isFalse();
      assertThat(c.cause()).isEqualTo(Cause.valueOf(expected));
    }
  }

  @Test
  void everyCorpusReasonWithACauseIsARowOfTheTable() throws IOException {
    // The table is the classifier's source: each corpus text (not the exit codes, not the service
    // event that
    // names no cause) is matched by a row, not by the fallback for wording AWS does not document.
    for (TsvRow row : tsv()) {
      if (row.where().startsWith("container exitCode") || row.cause().startsWith("UNKNOWN")) {
        continue;
      }
      String text = corpusText(row);
      assertThat(DocumentedReasons.match(text))
          .as("row %s: %s", row.id(), row.literal())
          .isNotNull();
    }
  }

  /**
   * A corpus text as ECS writes it: "API error" is too short to mean anything alone (the corpus
   * says it follows the error's name), and "AGENT" follows "TaskFailedToStart: " (the corpus's
   * {@code where}).
   */
  static String corpusText(TsvRow row) {
    if (row.literal().equals("API error")) {
      return "CannotPullContainerError: API error";
    }
    java.util.regex.Matcher after =
        java.util.regex.Pattern.compile("\\(after (.+?) ?\\)").matcher(row.where());
    return after.find() ? after.group(1) + " " + row.literal() : row.literal();
  }

  /**
   * The exit-code rows of the corpus: the exiting container's code decides, with its usual meaning.
   */
  @Test
  void explainsEveryCommonExitCodeWithItsUsualMeaning() throws IOException {
    Map<Integer, String> meaningWords =
        Map.of(
            1,
            "application error",
            2,
            "shell",
            126,
            "not executable",
            127,
            "command not found",
            137,
            "SIGKILL",
            139,
            "segmentation fault",
            143,
            "SIGTERM",
            255,
            "out of range");
    int seen = 0;
    for (TsvRow row : tsv()) {
      if (!row.where().startsWith("container exitCode")) {
        continue;
      }
      int code = Integer.parseInt(row.literal().replace("exit code ", "").strip());
      StoppedTask task =
          new StoppedTask(
              "arn:aws:ecs:us-east-1:123456789012:task/c/3",
              null,
              "EssentialContainerExited",
              "Essential container in task exited",
              null,
              List.of(
                  new StoppedTask.ContainerState("envoy", null, 0, null, null),
                  new StoppedTask.ContainerState("app", null, code, null, null)));
      ReasonClassifier.TaskVerdict verdict = ReasonClassifier.classifyTask(task);
      assertThat(verdict.reason()).contains("exit code " + code);
      assertThat(verdict.classification().detail())
          .contains("exited with code " + code)
          .contains(ExitCodes.meaning(code));
      if (meaningWords.containsKey(code)) {
        assertThat(ExitCodes.meaning(code)).containsIgnoringCase(meaningWords.get(code));
      }
      // "OUT_OF_MEMORY when the container reason says OutOfMemoryError, else ...", "NORMAL_STOP
      // unless ...":
      // the first word is the cause of a bare exit of the essential container.
      String expected = row.cause().split("[ (]", 2)[0];
      if (code == 143) {
        expected =
            "ESSENTIAL_CONTAINER_EXITED"; // an essential container that was not being stopped
      } else if (code == 137) {
        expected = "ESSENTIAL_CONTAINER_EXITED";
      }
      assertThat(verdict.classification().cause())
          .as("exit code %d", code)
          .isEqualTo(Cause.valueOf(expected));
      seen++;
    }
    assertThat(seen).as("exit-code rows in the corpus").isGreaterThanOrEqualTo(8);

    StoppedTask oom =
        new StoppedTask(
            "arn:aws:ecs:us-east-1:123456789012:task/c/4",
            null,
            "EssentialContainerExited",
            "Essential container in task exited",
            null,
            List.of(
                new StoppedTask.ContainerState(
                    "app",
                    null,
                    137,
                    "OutOfMemoryError: Container killed due to " + "memory usage",
                    null)));
    assertThat(ReasonClassifier.classifyTask(oom).classification().cause())
        .isEqualTo(Cause.OUT_OF_MEMORY);
    StoppedTask replaced =
        new StoppedTask(
            "arn:aws:ecs:us-east-1:123456789012:task/c/5",
            null,
            "ServiceSchedulerInitiated",
            "Scaling activity initiated by (deployment ecs-svc/7)",
            null,
            List.of(new StoppedTask.ContainerState("app", null, 143, null, null)));
    assertThat(ReasonClassifier.classifyTask(replaced).classification().benign()).isTrue();
  }

  private static void assertNames(DocumentedReasons.Row row, Classification c) {
    if (row.cause() == null) {
      assertThat(c.benign()).as("a normal stop").isTrue();
      return;
    }
    assertThat(c.benign()).as("a failure").isFalse();
    assertThat(c.cause()).isEqualTo(row.cause()).isNotEqualTo(Cause.UNKNOWN);
    assertThat(c.title()).isNotBlank();
    assertThat(c.hint()).isNotBlank().doesNotContain("\n");
  }

  private static String abbreviate(String text) {
    return text.length() > 90 ? text.substring(0, 90) + "..." : text;
  }
}
