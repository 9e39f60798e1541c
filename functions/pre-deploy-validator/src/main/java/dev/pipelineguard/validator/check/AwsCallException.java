package dev.pipelineguard.validator.check;

import dev.pipelineguard.common.aws.AwsErrors;
import dev.pipelineguard.validator.model.TextSanitizer;

/**
 * A failed call to AWS (or to the health URL), classified by what the validator should do about it.
 * The message names the service, operation and error code; the detail is cleaned and short.
 */
public final class AwsCallException extends RuntimeException {
  /** How a failure affects a check. */
  public enum Kind {
    /** The resource does not exist. */
    NOT_FOUND,
    /** The validator's role (or the artifact credentials) may not do this. */
    ACCESS_DENIED,
    /** Throttled: retry later. */
    THROTTLED,
    /** 5xx, network error or timeout: retry later. */
    UNAVAILABLE,
    /** Anything else: a rejected request or an unexpected error. */
    OTHER
  }

  private final Kind kind;
  private final String operation;
  private final String errorCode;
  private final String detail;

  public AwsCallException(
      Kind kind, String operation, String errorCode, String detail, Throwable cause) {
    super(
        operation
            + " failed: "
            + errorCode
            + (detail == null || detail.isEmpty() ? "" : ": " + detail),
        cause);
    this.kind = kind;
    this.operation = operation;
    this.errorCode = errorCode;
    this.detail = detail == null ? "" : detail;
  }

  /**
   * A failed SDK call, read the common way ({@link AwsErrors}): when AWS answered, its error code
   * (or HTTP status) and message; when it did not (the url-connection client's UncheckedIOException
   * included), which client-side failure. Only those are quoted, cleaned.
   *
   * @param operation the IAM-style action, e.g. {@code secretsmanager:GetSecretValue}
   */
  public static AwsCallException of(String operation, RuntimeException e) {
    Kind kind = Kind.valueOf(AwsErrors.kind(e).name());
    String code = AwsErrors.codeOrStatus(e);
    if (code != null) {
      return new AwsCallException(
          kind,
          operation,
          TextSanitizer.clean(code, 80),
          TextSanitizer.clean(AwsErrors.message(e), 240),
          e);
    }
    Throwable failure = AwsErrors.unwrap(e);
    return new AwsCallException(
        kind,
        operation,
        failure.getClass().getSimpleName(),
        TextSanitizer.clean(failure.getMessage(), 240),
        e);
  }

  public Kind kind() {
    return kind;
  }

  /** E.g. {@code secretsmanager:GetSecretValue}, the IAM action name. */
  public String operation() {
    return operation;
  }

  public String errorCode() {
    return errorCode;
  }

  public String detail() {
    return detail;
  }

  boolean transientFailure() {
    return kind == Kind.THROTTLED || kind == Kind.UNAVAILABLE;
  }

  /** One line for a message: operation, code and cleaned detail. */
  public String evidence() {
    return TextSanitizer.clean(getMessage());
  }
}
