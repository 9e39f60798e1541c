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
 * template.yaml as plain values (maps, lists, strings), and the IAM statements SAM turns into the
 * functions' roles. A short-form tag becomes CloudFormation's long form: {@code !Sub x} is {@code
 * {"Fn::Sub": x}}, {@code !Ref X} is {@code {"Ref": X}}.
 */
final class TemplateYaml {
  private TemplateYaml() {}

  /** One statement of a function's {@code Policies}, with the function's logical id. */
  record Statement(String function, Map<String, Object> body) {
    List<String> actions() {
      return strings(body.get("Action"));
    }

    /** Each resource as text: {@code !Sub} strings as written, {@code !Ref X} as {@code ${X}}. */
    List<String> resources() {
      return strings(body.get("Resource"));
    }

    /**
     * Condition operator -> key -> values as text, e.g. StringEquals -> kms:ViaService -> [...].
     */
    Map<String, Map<String, List<String>>> conditions() {
      Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
      if (body.get("Condition") instanceof Map<?, ?> operators) {
        operators.forEach(
            (operator, keys) -> {
              Map<String, List<String>> byKey = new LinkedHashMap<>();
              ((Map<?, ?>) keys).forEach((key, values) -> byKey.put((String) key, strings(values)));
              conditions.put((String) operator, byKey);
            });
      }
      return conditions;
    }

    /** Every condition key, whatever its operator. */
    List<String> conditionKeys() {
      return conditions().values().stream().flatMap(keys -> keys.keySet().stream()).toList();
    }

    @Override
    public String toString() {
      return function + "/" + body.getOrDefault("Sid", "(no Sid)");
    }
  }

  @SuppressWarnings(
      "unchecked") // a parsed YAML tree: mappings are Map<String, Object>, sequences List<Object>
  static Map<String, Object> read(Path template) throws IOException {
    LoadSettings settings = LoadSettings.builder().build();
    Composer composer =
        new Composer(
            settings,
            new ParserImpl(settings, new StreamReader(settings, Files.readString(template))));
    return (Map<String, Object>) plain(composer.getSingleNode().orElseThrow());
  }

  /** Logical id -> properties of every AWS::Serverless::Function. */
  @SuppressWarnings(
      "unchecked") // a parsed YAML tree: mappings are Map<String, Object>, sequences List<Object>
  static Map<String, Map<String, Object>> functions(Map<String, Object> template) {
    Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
    ((Map<String, Object>) template.get("Resources"))
        .forEach(
            (id, resource) -> {
              Map<String, Object> body = (Map<String, Object>) resource;
              if ("AWS::Serverless::Function".equals(body.get("Type"))) {
                functions.put(id, (Map<String, Object>) body.get("Properties"));
              }
            });
    return functions;
  }

  /** Every inline statement of every function, both branches of each {@code !If}. */
  @SuppressWarnings(
      "unchecked") // a parsed YAML tree: mappings are Map<String, Object>, sequences List<Object>
  static List<Statement> statements(Map<String, Object> template) {
    List<Statement> statements = new ArrayList<>();
    functions(template)
        .forEach(
            (id, properties) -> {
              for (Object policy : (List<Object>) properties.getOrDefault("Policies", List.of())) {
                if (policy instanceof Map<?, ?> document
                    && document.get("Statement") instanceof List<?> list) {
                  for (Object statement : list) {
                    for (Object body : branches(statement)) {
                      statements.add(new Statement(id, (Map<String, Object>) body));
                    }
                  }
                }
              }
            });
    return statements;
  }

  /** A value's alternatives: both sides of {@code Fn::If}, none for {@code AWS::NoValue}. */
  static List<Object> branches(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof Map<?, ?> map && map.size() == 1) {
      if (map.get("Fn::If") instanceof List<?> condition) {
        List<Object> both = new ArrayList<>(branches(condition.get(1)));
        both.addAll(branches(condition.get(2)));
        return both;
      }
      if ("AWS::NoValue".equals(map.get("Ref"))) {
        return List.of();
      }
    }
    return List.of(value);
  }

  /** A string, list, Ref, Sub, GetAtt, Join or Split of them as the texts they stand for. */
  static List<String> strings(Object value) {
    List<String> texts = new ArrayList<>();
    for (Object branch : branches(value)) {
      if (branch instanceof String text) {
        texts.add(text);
      } else if (branch instanceof List<?> list) {
        list.forEach(item -> texts.addAll(strings(item)));
      } else if (branch instanceof Map<?, ?> map && map.size() == 1) {
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        Object argument = entry.getValue();
        switch ((String) entry.getKey()) {
          case "Ref" -> texts.add("${" + argument + "}");
          case "Fn::GetAtt" ->
              texts.add(
                  "${"
                      + (argument instanceof List<?> l ? String.join(".", strings(l)) : argument)
                      + "}");
          case "Fn::Sub" ->
              texts.add(argument instanceof List<?> l ? (String) l.get(0) : (String) argument);
          // [delimiter, members] and [delimiter, source]: a list joined and split again names its
          // members.
          case "Fn::Join", "Fn::Split" -> texts.addAll(strings(((List<?>) argument).get(1)));
          default ->
              throw new IllegalArgumentException(
                  "unexpected intrinsic function " + entry.getKey() + " in " + value);
        }
      } else {
        throw new IllegalArgumentException("unexpected value " + branch);
      }
    }
    return texts;
  }

  private static Object plain(Node node) {
    Object value;
    if (node instanceof ScalarNode scalar) {
      value = scalar.getValue();
    } else if (node instanceof SequenceNode sequence) {
      List<Object> list = new ArrayList<>();
      sequence.getValue().forEach(item -> list.add(plain(item)));
      value = list;
    } else {
      Map<String, Object> map = new LinkedHashMap<>();
      for (NodeTuple entry : ((MappingNode) node).getValue()) {
        map.put(((ScalarNode) entry.getKeyNode()).getValue(), plain(entry.getValueNode()));
      }
      value = map;
    }
    String tag = node.getTag().getValue();
    if (tag.startsWith("!")) {
      String function = tag.substring(1);
      Map<String, Object> intrinsic = new LinkedHashMap<>();
      intrinsic.put(function.equals("Ref") ? "Ref" : "Fn::" + function, value);
      return intrinsic;
    }
    return value;
  }
}
