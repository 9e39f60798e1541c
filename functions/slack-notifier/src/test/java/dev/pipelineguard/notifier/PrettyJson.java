package dev.pipelineguard.notifier;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Deterministic, indented JSON for golden files: members in document order, two spaces. */
public final class PrettyJson {
  private PrettyJson() {}

  public static String write(Json json) {
    StringBuilder out = new StringBuilder();
    append(out, json, 0);
    return out.append('\n').toString();
  }

  private static void append(StringBuilder out, Json json, int depth) {
    switch (json.kind()) {
      case OBJECT:
        {
          Map<String, Json> fields = json.fields();
          if (fields.isEmpty()) {
            out.append("{}");
            return;
          }
          out.append("{\n");
          Iterator<Map.Entry<String, Json>> it = fields.entrySet().iterator();
          while (it.hasNext()) {
            Map.Entry<String, Json> e = it.next();
            indent(out, depth + 1).append(JsonWriter.write(e.getKey())).append(": ");
            append(out, e.getValue(), depth + 1);
            out.append(it.hasNext() ? ",\n" : "\n");
          }
          indent(out, depth).append('}');
          return;
        }
      case ARRAY:
        {
          List<Json> items = json.elements();
          if (items.isEmpty()) {
            out.append("[]");
            return;
          }
          out.append("[\n");
          for (int i = 0; i < items.size(); i++) {
            indent(out, depth + 1);
            append(out, items.get(i), depth + 1);
            out.append(i + 1 < items.size() ? ",\n" : "\n");
          }
          indent(out, depth).append(']');
          return;
        }
      default:
        out.append(JsonWriter.write(json));
    }
  }

  private static StringBuilder indent(StringBuilder out, int depth) {
    return out.append("  ".repeat(depth));
  }
}
