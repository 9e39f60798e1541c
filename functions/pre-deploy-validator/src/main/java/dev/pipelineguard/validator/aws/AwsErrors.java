package dev.pipelineguard.validator.aws;

import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Classifies SDK exceptions into {@link AwsCallException}s, quoting only the error code and message. */
final class AwsErrors {
  private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException",
      "UnauthorizedOperation", "AuthorizationError", "Forbidden", "UnrecognizedClientException",
      "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId",
      "SignatureDoesNotMatch", "DecryptionFailure", "KMSAccessDeniedException", "KMSDisabledException",
      "KMSInvalidStateException", "KMSNotFoundException", "AllAccessDisabled");
  private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException", "ParameterNotFound",
      "ImageNotFoundException", "RepositoryNotFoundException", "ClusterNotFoundException", "TargetGroupNotFound",
      "TargetGroupNotFoundException", "NoSuchKey", "NoSuchBucket", "ServiceNotFoundException", "NotFound");
  private static final Set<String> THROTTLED = Set.of("ThrottlingException", "Throttling", "TooManyRequestsException",
      "RequestLimitExceeded", "SlowDown", "ThrottledException", "RequestThrottled", "RequestThrottledException");

  private AwsErrors() {}

  /**
   * Also the url-connection client's {@link UncheckedIOException}: SDK 2.40.2 lets a connection reset
   * while connecting out as one, neither an SdkException nor retried (aws-sdk-java-v2 #7347). It is
   * no answer, like any other client-side failure.
   *
   * @param operation the IAM-style action, e.g. {@code secretsmanager:GetSecretValue}
   */
  static AwsCallException classify(String operation, RuntimeException e) {
    if (e instanceof SdkException) {
      return classify(operation, (SdkException) e);
    }
    Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    return new AwsCallException(AwsCallException.Kind.UNAVAILABLE, operation, cause.getClass().getSimpleName(),
        TextSanitizer.clean(cause.getMessage(), 240), e);
  }

  /** @param operation the IAM-style action, e.g. {@code secretsmanager:GetSecretValue} */
  static AwsCallException classify(String operation, SdkException e) {
    if (e instanceof AwsServiceException) {
      AwsServiceException service = (AwsServiceException) e;
      String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      String message = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
      int status = service.statusCode();
      if (code == null || code.isBlank()) {
        code = "HTTP " + status;
      }
      AwsCallException.Kind kind;
      if (service.isThrottlingException() || THROTTLED.contains(code) || status == 429) {
        kind = AwsCallException.Kind.THROTTLED;
      } else if (ACCESS_DENIED.contains(code) || status == 403) {
        kind = AwsCallException.Kind.ACCESS_DENIED;
      } else if (NOT_FOUND.contains(code) || status == 404) {
        kind = AwsCallException.Kind.NOT_FOUND;
      } else if (status >= 500) {
        kind = AwsCallException.Kind.UNAVAILABLE;
      } else {
        kind = AwsCallException.Kind.OTHER;
      }
      return new AwsCallException(kind, operation, TextSanitizer.clean(code, 80), TextSanitizer.clean(message, 240), e);
    }
    // Client-side: connection failures, timeouts, unreadable responses.
    return new AwsCallException(AwsCallException.Kind.UNAVAILABLE, operation, e.getClass().getSimpleName(),
        TextSanitizer.clean(e.getMessage(), 240), e);
  }
}
