package dev.pipelineguard.localinvoke;

/** A problem with how local-invoke was called; exits 2 with one clear line. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
