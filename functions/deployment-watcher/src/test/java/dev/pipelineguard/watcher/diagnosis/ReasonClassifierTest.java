package dev.pipelineguard.watcher.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.watcher.evidence.StoppedTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classifier over the table of real stopped-task reasons (stopped-reasons.json,
 * stopped-tasks.json).
 */
class ReasonClassifierTest {

  static Json table(String resource) {
    try (InputStream in = ReasonClassifierTest.class.getResourceAsStream("/" + resource)) {
      return Json.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> reasons() {
    return table("stopped-reasons.json").elements().stream()
        .map(row -> Arguments.of(Named.of(abbreviate(row.get("reason").text()), row)));
  }

  static Stream<Arguments> tasks() {
    return table("stopped-tasks.json").elements().stream()
        .map(row -> Arguments.of(Named.of(row.get("name").text(), row)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reasons")
  void classifiesRealReasonText(Json row) {
    Classification c = ReasonClassifier.classify(row.get("reason").text());
    assertExpected(row, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  void classifiesStoppedTaskWithContainerReasonWinning(Json row) {
    ReasonClassifier.TaskVerdict verdict = ReasonClassifier.classifyTask(task(row));
    assertExpected(row, verdict.classification());
    row.get("reason").optText().ifPresent(r -> assertThat(verdict.reason()).contains(r));
  }

  @Test
  void everyCauseHasATitleAndAOneLineHint() {
    for (Cause cause : Cause.values()) {
      assertThat(cause.title()).isNotBlank();
      assertThat(cause.hint()).isNotBlank().doesNotContain("\n").hasSizeLessThanOrEqualTo(300);
    }
  }

  @Test
  void registryUnreachableHintIsTheArticlesFix() {
    String hint =
        ReasonClassifier.classify(
                "CannotPullContainerError: ... dial tcp 10.0.3.17:443: i/o timeout")
            .hint();
    assertThat(hint)
        .contains("ecr.api")
        .contains("ecr.dkr")
        .contains("S3 gateway endpoint")
        .contains("NAT")
        .contains("egress on TCP 443");
  }

  @Test
  void tellsSecretsFromEcrAuthInsideTheSharedResourceInitializationPrefix() {
    String prefix =
        "ResourceInitializationError: unable to pull secrets or registry auth: "
            + "execution resource retrieval failed: ";
    Classification ecr =
        ReasonClassifier.classify(
            prefix
                + "unable to retrieve ecr registry auth: "
                + "service call has been retried 3 time(s): AccessDeniedException: not authorized to perform: "
                + "ecr:GetAuthorizationToken");
    Classification secret =
        ReasonClassifier.classify(
            prefix
                + "unable to retrieve secret from asm: "
                + "service call has been retried 1 time(s): failed to fetch secret "
                + "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf from secrets manager: "
                + "AccessDeniedException: not authorized to perform: secretsmanager:GetSecretValue");
    assertThat(ecr.cause()).isEqualTo(Cause.REGISTRY_AUTH);
    assertThat(secret.cause()).isEqualTo(Cause.SECRETS_UNAVAILABLE);
    assertThat(secret.detail()).startsWith("secret prod/db-AbCdEf");
  }

  @Test
  void namesEverySecretAndParameterInTheText() {
    assertThat(
            ReasonClassifier.secretNames(
                "failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:a/b-XyZ123 and "
                    + "arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/app/key; invalid ssm parameters: /x/y, /z."))
        .containsExactly("a/b-XyZ123", "/app/key", "/x/y", "/z");
  }

  @Test
  void tenThousandCharacterReasonIsClassifiedFromItsPrefix() {
    String huge =
        "CannotPullContainerError: failed to resolve ref x: not found " + "x".repeat(10_000);
    assertThat(ReasonClassifier.classify(huge).cause()).isEqualTo(Cause.IMAGE_NOT_FOUND);
  }

  @Property(tries = 300)
  void anyTextGetsAClassificationWithTitleAndNoLineBreaksInHint(@ForAll String text) {
    Classification c = ReasonClassifier.classify(text);
    assertThat(c).isNotNull();
    assertThat(c.title()).isNotBlank();
    if (!c.benign()) {
      assertThat(c.cause()).isNotNull();
      assertThat(c.hint()).isNotBlank().doesNotContain("\n");
    }
  }

  private static void assertExpected(Json row, Classification c) {
    String expected = row.get("cause").text();
    if (expected.equals("BENIGN")) {
      assertThat(c.benign()).as("benign").isTrue();
      assertThat(c.cause()).isNull();
    } else {
      assertThat(c.benign()).as("benign").isFalse();
      assertThat(c.cause()).isEqualTo(Cause.valueOf(expected));
      assertThat(c.hint()).isNotBlank().doesNotContain("\n");
    }
    row.get("detail")
        .optText()
        .ifPresent(d -> assertThat(c.detail()).as("detail").containsIgnoringCase(d));
    row.get("title")
        .optText()
        .ifPresent(t -> assertThat(c.title()).as("title").containsIgnoringCase(t));
    row.get("hint")
        .optText()
        .ifPresent(h -> assertThat(c.hint()).as("hint").containsIgnoringCase(h));
  }

  static StoppedTask task(Json row) {
    List<StoppedTask.ContainerState> containers = new ArrayList<>();
    for (Json c : row.get("containers").elements()) {
      containers.add(
          new StoppedTask.ContainerState(
              c.get("name").text(),
              c.get("image").text(),
              c.get("exitCode").wholeNumber().map(Long::intValue).orElse(null),
              c.get("reason").text(),
              c.get("healthStatus").text()));
    }
    return new StoppedTask(
        "arn:aws:ecs:us-east-1:123456789012:task/c/0123",
        null,
        row.get("stopCode").text(),
        row.get("stoppedReason").text(),
        null,
        containers);
  }

  private static String abbreviate(String text) {
    if (text.isBlank()) {
      return "(empty reason)";
    }
    return text.length() > 90 ? text.substring(0, 90) + "..." : text;
  }
}
