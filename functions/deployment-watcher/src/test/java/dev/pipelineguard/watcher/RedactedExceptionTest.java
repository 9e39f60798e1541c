package dev.pipelineguard.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * What the handler lets out: its own clean exceptions as they are, anything quoting a credential
 * redacted.
 */
class RedactedExceptionTest {
  static final String KEY = "AKIAQ7LEAKEDKEY12345";

  static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void anExceptionWithCleanMessagesIsThrownAsItIs() {
    IllegalStateException cause =
        new IllegalStateException("DescribeServices failed: AccessDeniedException");
    cause.addSuppressed(new RuntimeException("Request attempt 1 failure: Rate exceeded"));
    RuntimeException e =
        new DeploymentWatcher.RetryableException(
            "cannot tell which deployment of web failed", cause);

    assertThat(RedactedException.outward(e)).isSameAs(e);
  }

  @Test
  void aCredentialInACauseOrASuppressedAttemptIsRedactedAndTheTracesKept() {
    RuntimeException sdk =
        new RuntimeException("not authorized: {\"password\": \"Hunter2-LEAKED\"}");
    sdk.addSuppressed(new RuntimeException("Request attempt 1 failure: key " + KEY));
    RuntimeException e =
        new DeploymentWatcher.RetryableException(
            "cannot tell which deployment of web failed",
            new IllegalStateException("DescribeServices failed: AccessDeniedException", sdk));

    RuntimeException out = RedactedException.outward(e);

    assertThat(printed(out))
        .doesNotContain("Hunter2-LEAKED", KEY)
        .contains(
            "DeploymentWatcher$RetryableException: cannot tell which deployment of web failed")
        .contains("java.lang.IllegalStateException: DescribeServices failed: AccessDeniedException")
        .contains(
            "java.lang.RuntimeException: not authorized: {\"password\": \"[redacted password]\"}");
    assertThat(out.getStackTrace()).isEqualTo(e.getStackTrace());
    assertThat(out.getCause().getCause().getStackTrace()).isEqualTo(sdk.getStackTrace());
    assertThat(out.getCause().getCause().getSuppressed()).isEmpty();
  }

  @Test
  void aZeroWidthCharacterCannotSplitACredentialInAMessage() {
    RuntimeException e = new IllegalArgumentException("bad value AKIAQ7LEAKED\u200bKEY12345");

    assertThat(printed(RedactedException.outward(e)))
        .doesNotContain("Q7LEAKED")
        .contains("[redacted aws-access-key-id]");
  }
}
