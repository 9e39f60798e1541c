package dev.pipelineguard.validator.model;

/**
 * What a health URL answered: an HTTP status, or the reason there was no answer.
 *
 * @param status the status code, or 0 when {@code error} is set
 */
public record HttpAnswer(int status, String error, long millis) {
  public static HttpAnswer status(int status, long millis) {
    return new HttpAnswer(status, null, millis);
  }

  public static HttpAnswer error(String error, long millis) {
    return new HttpAnswer(0, error, millis);
  }
}
