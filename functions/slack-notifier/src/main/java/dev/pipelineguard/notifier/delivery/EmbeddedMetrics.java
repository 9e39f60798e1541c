package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.common.JsonWriter;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CloudWatch metrics as embedded metric format (EMF) lines on stdout: Lambda ships them to
 * CloudWatch Logs, which extracts the metric. No PutMetricData call, no extra permission, no
 * latency.
 */
public final class EmbeddedMetrics {
  static final String NAMESPACE = "PipelineGuard/SlackNotifier";

  private final String functionName;
  private final Supplier<PrintStream> out;

  public EmbeddedMetrics(String functionName) {
    this(functionName, () -> System.out);
  }

  public EmbeddedMetrics(String functionName, Supplier<PrintStream> out) {
    this.functionName = functionName;
    this.out = out;
  }

  /**
   * Counts one occurrence of {@code metric}, dimensioned by function name. {@code properties} are
   * searchable in the log line but are not dimensions (no cardinality cost).
   */
  public void count(String metric, long epochMillis, Map<String, Object> properties) {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("Namespace", NAMESPACE);
    definition.put("Dimensions", List.of(List.of("FunctionName")));
    Map<String, Object> metricDefinition = new LinkedHashMap<>();
    metricDefinition.put("Name", metric);
    metricDefinition.put("Unit", "Count");
    definition.put("Metrics", List.of(metricDefinition));
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", epochMillis);
    aws.put("CloudWatchMetrics", List.of(definition));
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("_aws", aws);
    line.put("FunctionName", functionName);
    line.putAll(properties);
    line.put(metric, 1);
    PrintStream target = out.get();
    synchronized (target) {
      target.println(JsonWriter.write(line));
    }
  }
}
