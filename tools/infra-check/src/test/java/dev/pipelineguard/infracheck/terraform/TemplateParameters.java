package dev.pipelineguard.infracheck.terraform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * template.yaml's Parameters and the constraints CloudFormation applies to a value passed for one.
 */
final class TemplateParameters {
  private TemplateParameters() {}

  /**
   * Parameter name -> its properties (Type, AllowedPattern, AllowedValues as a list, MinLength
   * ...), as plain strings. Read as YAML nodes: the template's short-form tags (!Sub, !Ref) need no
   * constructors.
   */
  static Map<String, Map<String, Object>> read(Path template) throws IOException {
    LoadSettings settings = LoadSettings.builder().build();
    Composer composer =
        new Composer(
            settings,
            new ParserImpl(settings, new StreamReader(settings, Files.readString(template))));
    MappingNode document = (MappingNode) composer.getSingleNode().orElseThrow();
    for (NodeTuple entry : document.getValue()) {
      if (scalar(entry.getKeyNode()).equals("Parameters")) {
        Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
        for (NodeTuple parameter : ((MappingNode) entry.getValueNode()).getValue()) {
          Map<String, Object> properties = new LinkedHashMap<>();
          for (NodeTuple property : ((MappingNode) parameter.getValueNode()).getValue()) {
            Node value = property.getValueNode();
            if (value instanceof SequenceNode sequence) {
              properties.put(
                  scalar(property.getKeyNode()),
                  sequence.getValue().stream().map(TemplateParameters::scalar).toList());
            } else if (value instanceof ScalarNode) {
              properties.put(scalar(property.getKeyNode()), scalar(value));
            }
          }
          parameters.put(scalar(parameter.getKeyNode()), properties);
        }
        return parameters;
      }
    }
    throw new IllegalStateException(template + " has no Parameters");
  }

  /**
   * Why CloudFormation would refuse {@code value} for a parameter with these properties; empty =
   * accepted.
   */
  static List<String> violations(Map<String, Object> properties, String value) {
    List<String> problems = new ArrayList<>();
    if (properties == null) {
      problems.add("not a parameter of the template");
      return problems;
    }
    Object type = properties.get("Type");
    if ("Number".equals(type) && !value.matches("-?\\d+(\\.\\d+)?")) {
      problems.add("Type Number, but not a number");
    }
    if (properties.get("AllowedPattern") instanceof String pattern) {
      // A CommaDelimitedList's pattern applies to each member.
      List<String> members =
          "CommaDelimitedList".equals(type) ? List.of(value.split(",", -1)) : List.of(value);
      for (String member : members) {
        if (!member.matches(pattern)) {
          problems.add(
              (members.size() > 1 ? "member '" + member + "' " : "")
                  + "does not match AllowedPattern "
                  + pattern);
        }
      }
    }
    if (properties.get("AllowedValues") instanceof List<?> allowed && !allowed.contains(value)) {
      problems.add("not one of AllowedValues " + allowed);
    }
    if (properties.get("MinLength") instanceof String min
        && value.length() < Integer.parseInt(min)) {
      problems.add("shorter than MinLength " + min);
    }
    if (properties.get("MaxLength") instanceof String max
        && value.length() > Integer.parseInt(max)) {
      problems.add("longer than MaxLength " + max);
    }
    return problems;
  }

  private static String scalar(Node node) {
    return ((ScalarNode) node).getValue();
  }
}
