package dev.pipelineguard.emulation;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A Lambda {@link Context} whose remaining time counts down from a deadline, like the runtime's.
 */
public final class TestContext implements Context {
  private final String requestId;
  private final Instant deadline;
  private final Clock clock;

  public TestContext(Duration timeout) {
    this("test-request-1", timeout, Clock.systemUTC());
  }

  public TestContext(String requestId, Duration timeout, Clock clock) {
    this.requestId = requestId;
    this.clock = clock;
    this.deadline = clock.instant().plus(timeout);
  }

  public static TestContext withTimeout(int seconds) {
    return new TestContext(Duration.ofSeconds(seconds));
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/test";
  }

  @Override
  public String getLogStreamName() {
    return "test-stream";
  }

  @Override
  public String getFunctionName() {
    return "test-function";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:" + TestAws.REGION + ":" + TestAws.ACCOUNT + ":function:test-function";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.out.print(message);
      }

      @Override
      public void log(byte[] message) {
        System.out.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
