package dev.pipelineguard.validator.check;

import java.util.function.Supplier;

/**
 * The result of reading something the checks need: a value, the AWS failure, or the reason it was
 * not read at all (something it depends on was unavailable).
 */
record Fetched<T>(T value, AwsCallException error, String notReadBecause) {

  static <T> Fetched<T> of(T value) {
    return new Fetched<>(value, null, null);
  }

  static <T> Fetched<T> failed(AwsCallException error) {
    return new Fetched<>(null, error, null);
  }

  static <T> Fetched<T> notRead(String because) {
    return new Fetched<>(null, null, because);
  }

  /** Runs a read, turning an {@link AwsCallException} into a failed result. */
  static <T> Fetched<T> attempt(Supplier<T> read) {
    try {
      return of(read.get());
    } catch (AwsCallException e) {
      return failed(e);
    }
  }

  boolean ok() {
    return error == null && notReadBecause == null;
  }

  /** Failed in a way that may pass later (throttling, 5xx, timeouts). */
  boolean retryable() {
    return error != null && error.transientFailure();
  }
}
