package dev.pipelineguard.infracheck.terraform;

/** The HCL text is not well formed; the message names the file, line and column. */
public final class HclSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  HclSyntaxException(String file, int line, int column, String problem) {
    super(file + ":" + line + ":" + column + ": " + problem);
  }
}
