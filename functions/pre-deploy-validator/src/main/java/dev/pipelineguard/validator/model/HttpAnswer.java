package dev.pipelineguard.validator.model;

/**
 * What a health URL answered: an HTTP status, or the reason there was no answer.
 *
 * @param status the status code, or 0 when {@code error} is set
 * @param refused the URL was not called at all: its host is an address the validator does not
 *     connect to (link-local, the instance metadata service); {@code error} says which
 */
public record HttpAnswer(int status, String error, long millis, boolean refused) {
  public static HttpAnswer status(int status, long millis) {
    return new HttpAnswer(status, null, millis, false);
  }

  public static HttpAnswer error(String error, long millis) {
    return new HttpAnswer(0, error, millis, false);
  }

  public static HttpAnswer refused(String why, long millis) {
    return new HttpAnswer(0, why, millis, true);
  }
}
