package dev.pipelineguard.infracheck.terraform;

/** One problem: where it is (path relative to the checked root) and what is wrong. */
public record Finding(String file, int line, String message) implements Comparable<Finding> {
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }

  @Override
  public int compareTo(Finding other) {
    int byFile = file.compareTo(other.file);
    return byFile != 0 ? byFile : Integer.compare(line, other.line);
  }
}
