package dev.pipelineguard.common.report;

import dev.pipelineguard.common.Text;
import java.util.Map;

/**
 * A report as it is published to SNS: subject, JSON message ({@link ReportContract}) and String
 * message attributes, in the order they were put.
 */
public record Report(String subject, String message, Map<String, String> attributes) {
  public Report {
    attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
  }

  /** What SNS counts against its limit: the message and each attribute's name, type and value. */
  public int sizeBytes() {
    int size = Text.utf8Length(message);
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      size += Text.utf8Length(a.getKey()) + Text.utf8Length(a.getValue()) + "String".length();
    }
    return size;
  }

  /**
   * Within SNS's limit with the subject and a margin for the envelope ({@link
   * ReportContract#SNS_MAX_BYTES}).
   */
  public boolean fits(int maxBytes) {
    return sizeBytes() + Text.utf8Length(subject) + ReportContract.ENVELOPE_MARGIN_BYTES
        <= maxBytes;
  }
}
