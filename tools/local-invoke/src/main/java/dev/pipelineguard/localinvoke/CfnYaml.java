package dev.pipelineguard.localinvoke;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Loads a CloudFormation/SAM YAML template, turning the short tags ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt} ...) into their long forms ({@code {"Ref": ...}}, {@code {"Fn::Sub": ...}}).
 */
final class CfnYaml {
  private static final List<String> FUNCTIONS =
      List.of(
          "Ref",
          "Condition",
          "Sub",
          "GetAtt",
          "Join",
          "Select",
          "Split",
          "If",
          "Equals",
          "Not",
          "And",
          "Or",
          "FindInMap",
          "ImportValue",
          "Base64",
          "Cidr",
          "GetAZs",
          "Transform",
          "Length",
          "ToJsonString");

  private CfnYaml() {}

  @SuppressWarnings(
      "unchecked") // a parsed YAML tree: mappings are Map<String, Object>, sequences List<Object>
  static Map<String, Object> load(Path file) {
    LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
    try (Reader reader = Files.newBufferedReader(file)) {
      Object doc = new Load(settings, new Constructor(settings)).loadFromReader(reader);
      if (!(doc instanceof Map)) {
        throw new UsageException(file + " is not a template (no top-level mapping)");
      }
      return (Map<String, Object>) doc;
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof UsageException) {
        throw e;
      }
      throw new UsageException(
          "cannot parse " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static final class Constructor extends StandardConstructor {
    Constructor(LoadSettings settings) {
      super(settings);
      for (String function : FUNCTIONS) {
        tagConstructors.put(new Tag("!" + function), new Intrinsic(function));
      }
    }

    private final class Intrinsic implements ConstructNode {
      private final String name;

      Intrinsic(String name) {
        this.name = name;
      }

      @Override
      public Object construct(Node node) {
        String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
        Object value;
        if (node instanceof ScalarNode) {
          String scalar = constructScalar((ScalarNode) node);
          if (name.equals("GetAtt")) {
            int dot = scalar.indexOf('.');
            value =
                dot < 0
                    ? List.of(scalar)
                    : List.of(scalar.substring(0, dot), scalar.substring(dot + 1));
          } else {
            value = scalar;
          }
        } else if (node instanceof SequenceNode) {
          value = constructSequence((SequenceNode) node);
        } else {
          value = constructMapping((MappingNode) node);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(key, value);
        return out;
      }
    }
  }
}
