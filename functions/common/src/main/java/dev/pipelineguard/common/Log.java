package dev.pipelineguard.common;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per decision on stdout, which Lambda ships to CloudWatch Logs. Callers pass ids and
 * outcomes, never an event body, a secret value, a webhook URL or artifact credentials.
 */
public final class Log {
  private final String component;
  private final PrintStream out;

  /** Logs to whatever {@code System.out} is at the time of each line (tests capture it). */
  public Log(String component) {
    this(component, null);
  }

  public Log(String component, PrintStream out) {
    this.component = component;
    this.out = out;
  }

  public void info(String event, Object... keyValues) {
    emit("INFO", event, keyValues);
  }

  public void warn(String event, Object... keyValues) {
    emit("WARN", event, keyValues);
  }

  public void error(String event, Object... keyValues) {
    emit("ERROR", event, keyValues);
  }

  private void emit(String level, String event, Object... keyValues) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("timestamp", Instant.now().toString());
    line.put("level", level);
    line.put("logger", component);
    line.put("event", event);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      line.put(String.valueOf(keyValues[i]), plain(keyValues[i + 1]));
    }
    String json = JsonWriter.write(line);
    PrintStream target = out != null ? out : System.out;
    synchronized (target) {
      target.println(json);
    }
  }

  private static Object plain(Object value) {
    if (value == null
        || value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Map
        || value instanceof java.util.List
        || value instanceof Json) {
      return value;
    }
    return String.valueOf(value);
  }
}
