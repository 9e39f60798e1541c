package dev.pipelineguard.validator.model;

import java.util.List;

/**
 * The result of looking for a file in an artifact zip.
 *
 * @param content the file's bytes, or {@code null} when not found or unreadable
 * @param problem why the artifact could not be read (not a zip, corrupt, too large), or null
 * @param entries the zip's entry names (at most {@link #MAX_LISTED}), to explain a missing file
 */
@SuppressWarnings(
    "ArrayRecordComponent") // never compared: equals would compare the array's identity
public record ArtifactFile(
    String artifactName, byte[] content, String problem, List<String> entries) {
  public static final int MAX_LISTED = 20;

  public ArtifactFile {
    entries = List.copyOf(entries);
  }

  public boolean found() {
    return content != null;
  }
}
