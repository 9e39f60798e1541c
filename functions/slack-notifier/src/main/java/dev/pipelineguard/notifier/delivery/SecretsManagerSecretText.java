package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.aws.AwsErrors;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * One Slack secret's text from Secrets Manager, for the webhook and the app secret alike: what a
 * retry cannot fix (missing, deleted, denied, undecryptable) is a configuration error; everything
 * else, including no answer, is {@link SlackUnavailableException}, so Lambda retries the event.
 * Messages name the secret and the endpoint's error code, never a value.
 */
final class SecretsManagerSecretText {
  private SecretsManagerSecretText() {}

  /**
   * @param what the secret in words, e.g. "Slack webhook secret"
   * @param configError builds the exception for an answer a retry cannot change
   */
  static String read(
      SecretsManagerClient client,
      String secretArn,
      String what,
      BiFunction<String, Throwable, RuntimeException> configError) {
    GetSecretValueResponse response;
    try {
      response = client.getSecretValue(b -> b.secretId(secretArn));
    } catch (AwsServiceException e) {
      // The endpoint's text: it reaches logs.
      String code = OutsideText.quote(AwsErrors.codeOrStatus(e), 100);
      if (AwsErrors.isPermanent(e)) {
        throw configError.apply("cannot read the " + what + " " + secretArn + ": " + code, e);
      }
      throw new SlackUnavailableException(
          "Secrets Manager did not return the " + what + " " + secretArn + ": " + code, e);
    } catch (SdkClientException e) {
      throw new SlackUnavailableException(
          "cannot read the " + what + " " + secretArn + ": " + clientProblem(e), e);
    } catch (UncheckedIOException e) {
      // The url-connection client lets some I/O failures (a reset connection) out unchecked,
      // past the SDK's retries (aws-sdk-java-v2 #7347): transient, like any unreachable endpoint.
      throw new SlackUnavailableException(
          "cannot read the " + what + " " + secretArn + ": " + ioProblem(e), e);
    }
    String value = response.secretString();
    if (value == null && response.secretBinary() != null) {
      value = response.secretBinary().asUtf8String();
    }
    return value;
  }

  /**
   * The SDK's client-side problem in a few words (its messages name endpoints, never secret
   * values).
   */
  static String clientProblem(SdkClientException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("credentials")) {
      return "no AWS credentials";
    }
    return "Secrets Manager unreachable (" + OutsideText.quote(message, 200) + ")";
  }

  /** An I/O failure the SDK let out unchecked, by kind only (its message may name the endpoint). */
  static String ioProblem(UncheckedIOException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return "Secrets Manager unreachable ("
        + cause.getClass().getSimpleName()
        + ", a transient I/O failure)";
  }
}
