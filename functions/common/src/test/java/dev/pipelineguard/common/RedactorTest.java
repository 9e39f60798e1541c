package dev.pipelineguard.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RedactorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "key %41KIAIOSFODNN7EXAMPLE here|key [redacted aws-access-key-id] here",
        "key %2541KIAIOSFODNN7EXAMPLE here|key [redacted aws-access-key-id] here",
        "cb?secret%3Dabc123def456&x=1|cb?secret=[redacted secret]",
        "%68ooks.slack.com/services/T000/B000/XXXX|[redacted slack-webhook]",
        "https://example.com/cb?id=gh%70_abcdefghijklmnopqrstuvwxyz0123&x=1"
            + "|https://example.com/cb?id=[redacted github-token]&x=1",
        // escapes that hide nothing stay escaped
        "100% sure: %41 is A, path a%2Fb|100% sure: %41 is A, path a%2Fb",
        "https://example.com/q?name=orders%20api&region=eu-west-1|https://example.com/q?name=orders%20api&region=eu-west-1",
      })
  void percentEscapesHideNoCredential(String text, String expected) {
    assertThat(Redactor.redact(text)).isEqualTo(expected);
  }

  @Test
  void theIssuesStopReasonKeepsItsWordsButLosesItsCredentials() {
    String reason =
        "CannotStartContainerError: Error response from daemon: failed to create shim task: OCI runtime "
            + "create failed: runc create failed: unable to start container process: exec: \"/app/start.sh "
            + "--db-password=hunter2 --aws-key=AKIAIOSFODNN7EXAMPLE postgres://app:s3cr3t@db/x\": stat /app/start.sh: "
            + "no such file or directory: unknown";

    String redacted = Redactor.redact(reason);

    assertThat(redacted).doesNotContain("hunter2", "AKIAIOSFODNN7EXAMPLE", "s3cr3t");
    assertThat(redacted)
        .isEqualTo(
            "CannotStartContainerError: Error response from daemon: failed to create shim "
                + "task: OCI runtime create failed: runc create failed: unable to start container process: exec: "
                + "\"/app/start.sh --db-password=[redacted password] --aws-key=[redacted aws-access-key-id] "
                + "postgres://app:[redacted password]@db/x\": stat /app/start.sh: no such file or directory: unknown");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // AWS
        "key AKIAIOSFODNN7EXAMPLE is not valid|key [redacted aws-access-key-id] is not valid",
        "ASIAIOSFODNN7EXAMPLE,ABIAIOSFODNN7EXAMPLE;ACCAIOSFODNN7EXAMPLE|"
            + "[redacted aws-access-key-id],[redacted aws-access-key-id];[redacted aws-access-key-id]",
        "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|aws_secret_access_key=[redacted aws-secret-access-key]",
        "AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|AWS_SECRET_ACCESS_KEY: [redacted aws-secret-access-key]",
        "`{\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}`|"
            + "`{\"SecretAccessKey\":\"[redacted aws-secret-access-key]\"}`",
        "--aws-secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|--aws-secret [redacted aws-secret-access-key]",
        "token IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD end|token [redacted aws-session-token] end",
        "?X-Amz-Security-Token=FwoGZXIvYXdzEBYaDExample0123456789&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101|"
            + "?X-Amz-Security-Token=[redacted aws-session-token]&X-Amz-Credential=[redacted aws-access-key-id]%2F20240101",
        // passwords in URLs and DSNs: scheme, user and host stay
        "postgres://app:s3cr3t@db/x|postgres://app:[redacted password]@db/x",
        "redis://:pa55@cache:6379/0|redis://:[redacted password]@cache:6379/0",
        "mongodb+srv://u:p@ss:w0rd@cluster0.example.net/db|mongodb+srv://u:[redacted password]@cluster0.example.net/db",
        "https://x-access-token:v1.abc123@github.com/o/r.git|https://x-access-token:[redacted password]@github.com/o/r.git",
        "jdbc:sqlserver://db;user=app;password=Secret1|jdbc:sqlserver://db;user=app;password=[redacted password]",
        // arguments, environment and config forms
        "--password=hunter2 --db-password hunter3 -x|--password=[redacted password] --db-password [redacted password] -x",
        "PGPASSWORD=hunter2 MYSQL_PWD=hunter3 DB_PASSWORD = hunter4|"
            + "PGPASSWORD=[redacted password] MYSQL_PWD=[redacted password] DB_PASSWORD = [redacted password]",
        "passwd:hunter2 Passwd:hunter3|passwd:[redacted password] Passwd:[redacted password]",
        "secret=abc token=def api_key=ghi API-KEY=jkl client_secret=mno|"
            + "secret=[redacted secret] token=[redacted secret] api_key=[redacted secret] API-KEY=[redacted secret] "
            + "client_secret=[redacted secret]",
        "`{\"password\": \"hunter 2\", \"user\": \"app\"}`|`{\"password\": \"[redacted password]\", \"user\": \"app\"}`",
        "`{'auth_token': 'x y z'}`|`{'auth_token': '[redacted secret]'}`",
        "`{\\\"password\\\":\\\"hunter2\\\"}`|`{\\\"password\\\":\\\"[redacted password]\\\"}`",
        "`password=\"with \\\" quote\" next`|`password=\"[redacted password]\" next`",
        "https://api.example.com/cb?code=1&access_token=abc123&state=x|"
            + "https://api.example.com/cb?code=1&access_token=[redacted secret]",
        "`exec: [\"/app/start.sh\", \"--db-password\", \"hunter2\"]`|"
            + "`exec: [\"/app/start.sh\", \"--db-password\", \"[redacted password]\"]`",
        "`--password password=\"hunter2\"`|`--password [redacted password]\"[redacted password]\"`",
        "`token= \"password\": \"hunter2\"`|`token= \"[redacted secret]\": \"[redacted password]\"`",
        "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|"
            + "[redacted aws-access-key-id]:[redacted aws-secret-access-key]",
        // authorization headers
        "Authorization: Bearer abc.def-123_XYZ|Authorization: Bearer [redacted authorization]",
        "`{\"Authorization\": \"token abc123\"}`|`{\"Authorization\": \"token [redacted authorization]\"}`",
        "Proxy-Authorization: Negotiate YIIabc==|Proxy-Authorization: Negotiate [redacted authorization]",
        "`-H \"authorization: Basic dXNlcjpwYXNz\"`|`-H \"authorization: Basic [redacted authorization]\"`",
        "got Bearer mF_9.B5f-4.1JqM in header|got Bearer [redacted authorization] in header",
        "sent Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ== twice|sent Basic [redacted authorization] twice",
        // Slack
        "post to https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX failed|"
            + "post to [redacted slack-webhook] failed",
        "https://hooks.slack.com/workflows/T01/A02/123/abcDEF and hooks.slack.com/triggers/T01/456/def|"
            + "[redacted slack-webhook] and [redacted slack-webhook]",
        "url=https%3A%2F%2Fhooks.slack.com%2Fservices%2FT0%2FB0%2Fsecret|url=https%3A%2F%2F[redacted slack-webhook]",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx|[redacted slack-token]",
        "xoxp-1-2-3-abcdef xoxa-2-abcdefgh xoxr-abcdefgh12 xoxs-abcdefgh12 xapp-1-A0-1-abc|"
            + "[redacted slack-token] [redacted slack-token] [redacted slack-token] [redacted slack-token] "
            + "[redacted slack-token]",
        // GitHub
        "ghp_0123456789abcdefghijABCDEFGHIJ012345 gho_0123456789abcdefghijABCDEFGHIJ012345|"
            + "[redacted github-token] [redacted github-token]",
        "ghu_0123456789abcdefghijKL ghs_0123456789abcdefghijKL ghr_0123456789abcdefghijKL|"
            + "[redacted github-token] [redacted github-token] [redacted github-token]",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz|[redacted github-token]",
        // JWT
        "session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok|"
            + "session [redacted jwt] ok",
        "unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. ok|unsigned [redacted jwt] ok",
        // private keys, multi-line or joined onto one line, with or without the END line
        "`key -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA+/x=\n-----END RSA PRIVATE KEY----- after`|key [redacted private-key] after",
        "`k: -----BEGIN PRIVATE KEY----- MIIEvQIBADANBg kqhkiG9w0BAQEF -----END PRIVATE KEY-----.`|k: [redacted private-key].",
        "`\"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA\\n-----END OPENSSH PRIVATE KEY-----\\n\"`|"
            + "`\"[redacted private-key]\\n\"`",
        "`exec: \"-----BEGIN EC PRIVATE KEY----- MHcCAQEEI\": stat`|`exec: \"[redacted private-key]`",
        "-----BEGIN PGP PRIVATE KEY BLOCK----- Version: x lQOYBF|[redacted private-key]",
      })
  void redactsEachKindAndSaysWhichKindWasRemoved(String text, String expected) {
    assertThat(Redactor.redact(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-password-AbCdEf",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password:AWSCURRENT:",
        "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password",
        "arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task/Ab/0123456789abcdef0123456789abcdef",
        "arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/0123456789abcdef0123456789abcdef",
        "is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:x",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "public.ecr.aws/docker/library/nginx:1.27-alpine",
        "commit 4f9c2a1e8b7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b and 4F9C2A1E8B7D6C5B4A3F2E1D0C9B8A7F6E5D4C3B",
        "request id: 9cf1881e-14d7-4257-b4a8-be9b56e09e3c, RequestId 5e4b6f9c-1b2a-4c3d-8e7f-0a1b2c3d4e5f",
        "(Service: S3, Status Code: 403, Request ID: 1X2Y3Z4A5B6C7D8E, Extended Request ID: "
            + "abCDef0123456789abCDef0123456789abCDef0123456789abCDef0123456789abCDef01234567=)",
        "task 0123456789abcdef0123456789abcdef stopped",
        "https://console.aws.amazon.com/ecs/v2/clusters/prod/services/orders?region=us-east-1",
        "https://example.com:8443/path/@scope/pkg?x=1#y and ssh://git@github.com/o/r.git",
        "secret not found; password must be at least 12 characters; the token expired; Passed: 5",
        "The security token included in the request is invalid. (Service: Sts, Status Code: 403)",
        "unable to retrieve secret from asm: service call has been retried 5 time(s)",
        "variable DB_PASSWORD: the name suggests a password",
        "SecretId=prod/db secretArn=arn:aws:secretsmanager:x tokenUrl=https://auth.example.com/t PWD=/app",
        "Basic authentication failed; bearer authentication required; Bearer realm",
        "--token-file /run/token and --password-length 12 kept",
        "keys: cluster, service; json-key:version-stage:version-id",
        "`{\"password\": \"[redacted password]\"}`",
        "-----BEGIN CERTIFICATE----- MIIBszCCAVmgAwIBAgIU -----END CERTIFICATE-----",
        "user@example.com mailto:ops@example.com",
      })
  void leavesOrdinaryTextAsItWas(String text) {
    assertThat(Redactor.redact(text)).isEqualTo(text);
  }

  @Test
  void cleanTextComesBackAsTheSameString() {
    String text = "Essential container in task exited";

    assertThat(Redactor.redact(text)).isSameAs(text);
    assertThat(Redactor.redact(null)).isEmpty();
  }

  @Test
  void markersAreInertInSlackMrkdwnAndBoundTheGrowth() {
    for (Redactor.Kind kind : Redactor.Kind.values()) {
      assertThat(kind.marker()).matches("\\[redacted [a-z0-9-]+]");
      assertThat(kind.marker().length()).isLessThanOrEqualTo(Redactor.MAX_MARKER_LENGTH);
    }
  }

  /** Every stop reason AWS documents (events/published/ecs-stop-reasons.tsv) passes unchanged. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedStopReasons")
  void documentedEcsStopReasonsPassUnchanged(String id, String reason) {
    assertThat(Redactor.redact(reason)).isEqualTo(reason);
  }

  /**
   * Every text field of every published AWS event passes unchanged, except the example credentials
   * AWS puts into CodePipeline job events.
   */
  @Test
  void publishedAwsEventsPassUnchangedExceptTheirExampleCredentials() throws IOException {
    List<String> changed = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(RedactorCorpus.repoRoot().resolve("events/published"))) {
      files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    int strings = 0;
    for (Path file : files) {
      List<String> texts = new ArrayList<>();
      collectStrings(Json.parse(Files.readAllBytes(file)).toPlain(), texts);
      for (String text : texts) {
        strings++;
        if (!Redactor.redact(text).equals(text)) {
          changed.add(Redactor.redact(text));
        }
      }
    }

    assertThat(files).hasSizeGreaterThan(60);
    assertThat(strings).isGreaterThan(1000);
    assertThat(changed)
        .isNotEmpty()
        .allSatisfy(
            text ->
                assertThat(text)
                    .matches(
                        "\\[redacted (aws-access-key-id|aws-secret-access-key|aws-session-token)]"));
  }

  static Stream<Arguments> documentedStopReasons() {
    return RedactorCorpus.stopReasons().entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @SuppressWarnings(
      "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
  private static void collectStrings(Object node, List<String> out) {
    if (node instanceof String s) {
      out.add(s);
      if (s.startsWith("{") || s.startsWith("[")) {
        try {
          collectStrings(Json.parse(s.getBytes(StandardCharsets.UTF_8)).toPlain(), out);
        } catch (RuntimeException notJson) {
          // a string that only looks like JSON
        }
      }
    } else if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.add(String.valueOf(e.getKey()));
        collectStrings(e.getValue(), out);
      }
    } else if (node instanceof List<?> list) {
      list.forEach(item -> collectStrings(item, out));
    }
  }
}
