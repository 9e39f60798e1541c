package dev.pipelineguard.common.report;

import static dev.pipelineguard.common.report.ReportContract.ACCOUNT;
import static dev.pipelineguard.common.report.ReportContract.CLUSTER;
import static dev.pipelineguard.common.report.ReportContract.DETECTED_AT;
import static dev.pipelineguard.common.report.ReportContract.KIND;
import static dev.pipelineguard.common.report.ReportContract.LINKS;
import static dev.pipelineguard.common.report.ReportContract.REGION;
import static dev.pipelineguard.common.report.ReportContract.SCHEMA;
import static dev.pipelineguard.common.report.ReportContract.SERVICE;
import static dev.pipelineguard.common.report.ReportContract.SEVERITY;
import static dev.pipelineguard.common.report.ReportContract.SUMMARY;

import dev.pipelineguard.common.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every report says first, written and read in one place. Writers pass values already quoted
 * ({@code OutsideText}); null values are written as JSON null and read back as null.
 *
 * @param links console links by name, in order (the writer decides which; a reader checks hosts)
 */
public record ReportHeader(
    String schema,
    String kind,
    String severity,
    String region,
    String account,
    String cluster,
    String service,
    String summary,
    String detectedAt,
    Map<String, String> links) {

  public ReportHeader {
    links =
        links == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(links));
  }

  /**
   * The start of a report's JSON body: a mutable, ordered map the writer adds its own fields to.
   */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(SCHEMA, schema);
    body.put(KIND, kind);
    body.put(SEVERITY, severity);
    body.put(REGION, region);
    body.put(ACCOUNT, account);
    body.put(CLUSTER, cluster);
    body.put(SERVICE, service);
    body.put(SUMMARY, summary);
    body.put(DETECTED_AT, detectedAt);
    body.put(LINKS, new LinkedHashMap<String, Object>(links));
    return body;
  }

  /**
   * The common fields of a report body; what is missing, blank or not text reads as null (links:
   * empty).
   */
  public static ReportHeader read(Json body) {
    Map<String, String> links = new LinkedHashMap<>();
    for (Map.Entry<String, Json> link : body.get(LINKS).fields().entrySet()) {
      links.put(link.getKey(), text(link.getValue()));
    }
    return new ReportHeader(
        text(body.get(SCHEMA)),
        text(body.get(KIND)),
        text(body.get(SEVERITY)),
        text(body.get(REGION)),
        text(body.get(ACCOUNT)),
        text(body.get(CLUSTER)),
        text(body.get(SERVICE)),
        text(body.get(SUMMARY)),
        text(body.get(DETECTED_AT)),
        links);
  }

  /**
   * Lenient, as a reader of other versions must be: a string or number, stripped; blank is null.
   */
  private static String text(Json value) {
    String text = value.text();
    if (text == null || text.isBlank()) {
      return null;
    }
    return text.strip();
  }
}
