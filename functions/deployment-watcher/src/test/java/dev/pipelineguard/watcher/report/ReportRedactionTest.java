package dev.pipelineguard.watcher.report;

import static dev.pipelineguard.watcher.report.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Text;
import dev.pipelineguard.common.report.Report;
import dev.pipelineguard.common.report.ReportContract;
import dev.pipelineguard.watcher.diagnosis.RootCause;
import dev.pipelineguard.watcher.evidence.Evidence;
import dev.pipelineguard.watcher.evidence.Incident;
import dev.pipelineguard.watcher.evidence.PipelineExecution;
import dev.pipelineguard.watcher.evidence.StoppedTask;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Credentials in what ECS, the event or a task definition hand the report builder are redacted in
 * every field they reach, including when an invisible character splits them; the report still fits
 * SNS and keeps a valid subject.
 */
class ReportRedactionTest {

  /** A credential in its surroundings ({@code --db-password=x}), and the part that must vanish. */
  record Planted(String text, String secret) {
    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * Stop reasons as ECS words them (events/published/ecs-stop-reasons.tsv), a credential where
   * {@code %s} is.
   */
  static final List<String> REASONS =
      List.of(
          "CannotStartContainerError: Error response from daemon: failed to create shim task: OCI runtime create failed: "
              + "runc create failed: unable to start container process: exec: \"/app/start.sh %s\": stat /app/start.sh: "
              + "no such file or directory: unknown",
          "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref %s: not found",
          "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: "
              + "unable to retrieve secret from asm: service call has been retried 1 time(s): %s",
          "OutOfMemoryError: Container killed due to memory usage (%s)");

  @Property(tries = 1000)
  void plantedCredentialsInStopReasonsNeverReachTheReport(
      @ForAll("planted") Planted planted,
      @ForAll("reasons") String reason,
      @ForAll("surroundings") String before,
      @ForAll("surroundings") String after,
      @ForAll @IntRange(min = 1, max = 4) int taskCount,
      @ForAll boolean onTheContainer) {
    String text = String.format(reason, before + " " + planted.text() + " " + after);
    List<StoppedTask> tasks = new ArrayList<>();
    for (int i = 0; i < taskCount; i++) {
      tasks.add(
          new StoppedTask(
              "arn:aws:ecs:us-east-1:123456789012:task/pipeline-guard-dev/t" + i,
              FAILED_TD,
              "TaskFailedToStart",
              onTheContainer ? "Essential container in task exited" : text,
              CREATED.plusSeconds(60L * (i + 1)),
              List.of(
                  new StoppedTask.ContainerState(
                      "app",
                      FAILED_IMAGE,
                      onTheContainer ? 1 : null,
                      onTheContainer ? text : null,
                      null))));
    }
    Evidence evidence = evidence(tasks, List.of());

    Report report =
        ReportBuilder.build(rollback(), evidence, RootCause.analyze(tasks, List.of()), NOW, 30);

    String secret = planted.secret();
    String visible = Text.stripInvisible(secret); // what a reader would see
    for (String out : List.of(report.message(), report.subject(), report.attributes().toString())) {
      assertThat(out).doesNotContain(secret).doesNotContain(visible);
    }
    Json body = Json.parse(report.message());
    assertThat(body.path("evidence", "examples").texts())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e).startsWith(reason.substring(0, 20)).contains("[redacted "));
    assertThat(report.sizeBytes() + Text.utf8Length(report.subject()))
        .isLessThan(ReportContract.SNS_MAX_BYTES);
    assertThat(report.subject())
        .hasSizeLessThan(100)
        .matches(s -> s.codePoints().noneMatch(c -> Character.isISOControl(c) || isInvisible(c)));
    assertThat(report.message().codePoints()).noneMatch(ReportRedactionTest::isInvisible);
  }

  static boolean isInvisible(int c) {
    return Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029;
  }

  @Test
  void namesFromTheEventAreQuotedInTheSubjectAttributesSummaryLinksAndKey() {
    String key = "AKIAQ7LEAKEDKEY12345";
    Incident f =
        new Incident(
            Incident.Kind.ROLLBACK,
            REGION,
            ACCOUNT,
            "d " + key,
            "web\u200b " + key,
            "ecs-svc/1 --password=Hunter2-LEAKED",
            null,
            "SERVICE_DEPLOYMENT_FAILED",
            "evt " + key,
            "failed: token=" + key + "x",
            NOW);
    Evidence e =
        new Evidence(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            false,
            new PipelineExecution(
                "pipe",
                "exec " + key,
                "InProgress",
                "https://console.aws.amazon.com/x/" + key + "/x"),
            List.of());

    Report report = ReportBuilder.build(f, e, RootCause.analyze(List.of(), List.of()), NOW, 30);

    assertThat(report.message() + report.subject() + report.attributes())
        .doesNotContain(key, "Hunter2-LEAKED", "\u200b");
    assertThat(report.subject())
        .isEqualTo(
            "Rollback: web [redacted aws-access-key-id] (d [redacted "
                + "aws-access-key-id]): Cause not recognised");
    assertThat(report.attributes()).containsEntry("service", "web [redacted aws-access-key-id]");
    assertThat(ReportGate.key(f)).doesNotContain(key, "Hunter2-LEAKED");
    Json body = Json.parse(report.message());
    assertThat(body.get("summary").text())
        .startsWith(
            "web [redacted aws-access-key-id]: deployment ecs-svc/1 "
                + "--password=[redacted password] failed");
    assertThat(body.path("failedDeployment", "rolloutStateReason").text())
        .isEqualTo("failed: token=[redacted secret]");
  }

  @Test
  void aSecretsValueFromThatIsNeitherAnArnNorAPathIsDescribedWithoutQuotingIt() {
    String reason =
        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
            + "retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): "
            + "ResourceNotFoundException: Secrets Manager can't find the specified secret.";
    String pasted = "Tr0ub4dor&3-pasted-by-mistake";
    Evidence base = evidence(tasks(2, reason), List.of());
    Evidence e =
        new Evidence(
            base.service(),
            base.failed(),
            base.restored(),
            base.restoredDeploymentId(),
            taskDefinition(
                FAILED_TD,
                FAILED_IMAGE,
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf",
                "/prod/web/api-token",
                pasted),
            base.restoredTaskDefinition(),
            base.serviceDeployment(),
            base.stoppedTasks(),
            false,
            null,
            List.of());

    Json body =
        Json.parse(
            ReportBuilder.build(
                    rollback(), e, RootCause.analyze(e.stoppedTasks(), List.of()), NOW, 30)
                .message());

    assertThat(body.toPlain().toString()).doesNotContain(pasted);
    assertThat(body.path("cause", "detail").text())
        .isEqualTo(
            "a secret does not exist; the task definition references "
                + "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf, /prod/web/api-token, a valueFrom of "
                + pasted.length()
                + " characters that is neither an ARN nor a parameter path (not quoted)");
  }

  // --- generators
  // ----------------------------------------------------------------------------------

  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String DIGITS = "0123456789";
  static final String BASE64 = UPPER + LOWER + DIGITS + "+/";

  /** Printable ASCII but space, quotes, backslash and the characters that end a URL's userinfo. */
  static final String BARE = "!#$%&()*+,-.;=?^_`{|}~" + UPPER + LOWER + DIGITS;

  static final List<String> INVISIBLE =
      List.of("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u2029");

  @Provide
  Arbitrary<String> reasons() {
    return Arbitraries.of(REASONS);
  }

  @Provide
  Arbitrary<Planted> planted() {
    Arbitrary<Planted> plain =
        Arbitraries.oneOf(
            accessKeyId(),
            secretAccessKey(),
            dsnPassword(),
            passwordArgument(),
            bearer(),
            slackWebhook(),
            githubToken(),
            privateKey());
    // the same with an invisible character inside the secret: one word on screen, two to a pattern
    Arbitrary<Planted> split =
        Combinators.combine(plain, Arbitraries.of(INVISIBLE), Arbitraries.doubles().between(0, 1))
            .as(
                (p, invisible, where) -> {
                  int at = 1 + (int) (where * (p.secret().length() - 2));
                  String secret =
                      p.secret().substring(0, at) + invisible + p.secret().substring(at);
                  return new Planted(p.text().replace(p.secret(), secret), secret);
                });
    return Arbitraries.frequencyOf(Tuple.of(3, plain), Tuple.of(1, split));
  }

  static Arbitrary<String> chars(String alphabet, int min, int max) {
    return Arbitraries.strings()
        .withChars(alphabet.toCharArray())
        .ofMinLength(min)
        .ofMaxLength(max);
  }

  /**
   * Recognisably random: letters and digits around the body, so it cannot hide in the surroundings.
   */
  static Arbitrary<String> value(String alphabet, int min, int max) {
    return Combinators.combine(chars(LOWER, 3, 3), chars(alphabet, min, max), chars(DIGITS, 2, 2))
        .as((l, v, d) -> l + v + d);
  }

  static Arbitrary<Planted> accessKeyId() {
    return Combinators.combine(Arbitraries.of("AKIA", "ASIA"), chars(UPPER + DIGITS, 16, 16))
        .as((prefix, rest) -> new Planted(prefix + rest, prefix + rest));
  }

  static Arbitrary<Planted> secretAccessKey() {
    Arbitrary<String> key =
        chars(BASE64, 38, 38).map(k -> "Q" + k.substring(0, 19) + "q" + k.substring(19));
    Arbitrary<String> context =
        Arbitraries.of(
            "--aws-secret-access-key=%s", "AWS_SECRET_ACCESS_KEY=%s", "\"SecretAccessKey\":\"%s\"");
    return Combinators.combine(context, key).as((c, k) -> new Planted(String.format(c, k), k));
  }

  static Arbitrary<Planted> dsnPassword() {
    Arbitrary<String> scheme = Arbitraries.of("postgres", "mysql", "redis", "mongodb+srv", "amqp");
    Arbitrary<String> password = value(BARE, 1, 24);
    return Combinators.combine(scheme, chars(LOWER, 1, 8), password)
        .as((s, u, p) -> new Planted(s + "://" + u + ":" + p + "@db.internal:5432/app", p));
  }

  static Arbitrary<Planted> passwordArgument() {
    Arbitrary<String> key =
        Arbitraries.of(
            "--password",
            "--db-password",
            "-Dspring.datasource.password",
            "PGPASSWORD",
            "--passwd",
            "DB_PASSWORD");
    return Combinators.combine(key, value(BARE, 1, 24)).as((k, v) -> new Planted(k + "=" + v, v));
  }

  static Arbitrary<Planted> bearer() {
    Arbitrary<String> token = value(UPPER + LOWER + DIGITS + "-_.~+/", 12, 60);
    return Arbitraries.oneOf(
        token.map(t -> new Planted("Authorization: Bearer " + t, t)),
        token.map(t -> new Planted("-H 'Authorization: Bearer " + t + "'", t)));
  }

  static Arbitrary<Planted> slackWebhook() {
    return Combinators.combine(
            chars(UPPER + DIGITS, 9, 11),
            chars(UPPER + DIGITS, 9, 11),
            value(UPPER + LOWER + DIGITS, 20, 24))
        .as(
            (team, bot, secret) ->
                new Planted(
                    "https://hooks.slack.com/services/T" + team + "/B" + bot + "/" + secret,
                    secret));
  }

  static Arbitrary<Planted> githubToken() {
    return Combinators.combine(
            Arbitraries.of("ghp_", "gho_", "ghs_"), chars(UPPER + LOWER + DIGITS, 36, 36))
        .as((prefix, rest) -> new Planted(prefix + rest, prefix + rest));
  }

  static Arbitrary<Planted> privateKey() {
    Arbitrary<List<String>> lines = value(BASE64, 16, 64).list().ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(Arbitraries.of("RSA ", "EC ", "OPENSSH ", ""), lines)
        .as(
            (type, body) ->
                new Planted(
                    "-----BEGIN "
                        + type
                        + "PRIVATE KEY-----\n"
                        + String.join("\n", body)
                        + "\n-----END "
                        + type
                        + "PRIVATE KEY-----",
                    body.get(body.size() - 1)));
  }

  /**
   * Words a reason might hold next to a credential: ordinary ones, ids, punctuation, and anything
   * at all.
   */
  @Provide
  Arbitrary<String> surroundings() {
    Arbitrary<String> word =
        Arbitraries.oneOf(
            Arbitraries.of(
                "--port",
                "8080",
                "/app/config.yaml",
                "exec",
                "stat",
                "(container app)",
                "[401]",
                ":",
                "-v",
                "https://example.com/health",
                "sha256:0a1b2c3d",
                "arn:aws:ecs:us-east-1:123456789012:task/c/0123abcd",
                ""),
            chars(LOWER + UPPER + DIGITS + "./:-_", 1, 12));
    return Arbitraries.frequencyOf(
        Tuple.of(4, word.list().ofMaxSize(5).map(l -> String.join(" ", l))),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)));
  }
}
