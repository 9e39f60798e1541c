package dev.pipelineguard.common.aws;

import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one way the functions read a failed AWS call: the error code AWS answered, whether it was
 * throttled, what kind of failure it is, and which client-side failure it was when AWS did not
 * answer. Returns raw codes: each caller quotes them where it puts them into its own text.
 *
 * <p>"No answer" includes the url-connection client's {@link UncheckedIOException}: SDK 2.40.2 lets
 * a connection reset while connecting out as one, neither an SdkException nor retried
 * (aws-sdk-java-v2 #7347). Adapters catch it beside {@code SdkException}.
 */
public final class AwsErrors {
  /** What a failure means to the caller. */
  public enum Kind {
    /** The resource does not exist. */
    NOT_FOUND,
    /** The caller may not do this (IAM, KMS, expired or unknown credentials). */
    ACCESS_DENIED,
    /** Throttled: retry later. */
    THROTTLED,
    /** 5xx, network error or timeout: AWS did not answer, retry later. */
    UNAVAILABLE,
    /** Anything else: a rejected request or an unexpected error. */
    OTHER
  }

  private static final Set<String> ACCESS_DENIED =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "UnauthorizedOperation",
          "AuthorizationError",
          "Forbidden",
          "UnrecognizedClientException",
          "InvalidClientTokenId",
          "ExpiredToken",
          "ExpiredTokenException",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "DecryptionFailure",
          "KMSAccessDeniedException",
          "KMSDisabledException",
          "KMSInvalidStateException",
          "KMSNotFoundException",
          "AllAccessDisabled");
  private static final Set<String> NOT_FOUND =
      Set.of(
          "ResourceNotFoundException",
          "ParameterNotFound",
          "ImageNotFoundException",
          "RepositoryNotFoundException",
          "ClusterNotFoundException",
          "TargetGroupNotFound",
          "TargetGroupNotFoundException",
          "NoSuchKey",
          "NoSuchBucket",
          "ServiceNotFoundException",
          "NotFound");
  private static final Set<String> THROTTLED =
      Set.of(
          "ThrottlingException",
          "Throttling",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          "SlowDown",
          "ThrottledException",
          "RequestThrottled",
          "RequestThrottledException");

  /**
   * Reading a secret: a retry cannot fix these (missing, deleted, not ours to read, undecryptable).
   */
  private static final Set<String> PERMANENT =
      Set.of(
          "ResourceNotFoundException",
          "AccessDeniedException",
          "InvalidRequestException",
          "DecryptionFailure",
          "InvalidParameterException",
          "ValidationException");

  private AwsErrors() {}

  /** The error code AWS answered, or null: no answer, or an answer without a code. */
  public static String code(Throwable e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return null;
  }

  /**
   * When AWS answered: its error code, else {@code HTTP <status>}. Null when AWS did not answer.
   */
  public static String codeOrStatus(Throwable e) {
    if (!(e instanceof AwsServiceException service)) {
      return null;
    }
    String code = code(e);
    return code == null || code.isBlank() ? "HTTP " + service.statusCode() : code;
  }

  /** The error message AWS answered, or null. Outside text: quote it. */
  public static String message(Throwable e) {
    return e instanceof AwsServiceException service && service.awsErrorDetails() != null
        ? service.awsErrorDetails().errorMessage()
        : null;
  }

  /** AWS said so (the SDK knows its services' throttling codes). */
  public static boolean isThrottling(Throwable e) {
    return e instanceof SdkServiceException service && service.isThrottlingException();
  }

  /**
   * AWS did not answer: a client-side failure, including the url-connection client's
   * UncheckedIOException.
   */
  public static boolean isNoAnswer(Throwable e) {
    return e instanceof SdkClientException || e instanceof UncheckedIOException;
  }

  /** The failure itself: the IOException inside an UncheckedIOException, else {@code e}. */
  public static Throwable unwrap(RuntimeException e) {
    return e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
  }

  /** What the failure means: by status and code for an answer; UNAVAILABLE for no answer. */
  public static Kind kind(RuntimeException e) {
    if (!(e instanceof AwsServiceException service)) {
      return Kind.UNAVAILABLE; // client-side: connection failures, timeouts, unreadable responses
    }
    String code = codeOrStatus(service);
    int status = service.statusCode();
    if (service.isThrottlingException() || THROTTLED.contains(code) || status == 429) {
      return Kind.THROTTLED;
    }
    if (ACCESS_DENIED.contains(code) || status == 403) {
      return Kind.ACCESS_DENIED;
    }
    if (NOT_FOUND.contains(code) || status == 404) {
      return Kind.NOT_FOUND;
    }
    return status >= 500 ? Kind.UNAVAILABLE : Kind.OTHER;
  }

  /**
   * Reading a secret: an answer a retry cannot change (missing, deleted, denied, undecryptable,
   * invalid).
   */
  public static boolean isPermanent(AwsServiceException e) {
    return PERMANENT.contains(codeOrStatus(e)) || e.statusCode() == 403;
  }

  /**
   * For a log line or exception message: the error code AWS answered (quoted with {@code quote}),
   * marked when throttled, or the client-side failure's class and root cause (e.g. {@code
   * SdkClientException (ConnectException)}). Never a message, which may quote the request.
   */
  public static String describe(
      RuntimeException e, java.util.function.UnaryOperator<String> quote) {
    String code = code(e);
    if (code != null) {
      return quote.apply(code) + (isThrottling(e) ? " (throttled after retries)" : "");
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return e.getClass().getSimpleName()
        + (root == e ? "" : " (" + root.getClass().getSimpleName() + ")");
  }
}
