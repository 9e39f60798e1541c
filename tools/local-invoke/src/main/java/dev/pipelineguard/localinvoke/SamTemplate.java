package dev.pipelineguard.localinvoke;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a function from a SAM template the way {@code sam local invoke} does: {@code
 * Globals.Function} merged under the function's own properties, {@code !Ref} resolved to parameters
 * (defaults, then overrides) and pseudo parameters, {@code Fn::Sub}/{@code Join}/{@code
 * Select}/{@code If}/ {@code FindInMap} evaluated, and anything unresolvable (such as {@code
 * !GetAtt}) left blank.
 */
final class SamTemplate {
  private static final String FUNCTION_TYPE = "AWS::Serverless::Function";
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  private final Path directory;
  private final Map<String, Object> template;
  private final Map<String, String> parameters;
  private final Map<String, String> pseudo;
  private final PrintStream warnings;

  SamTemplate(
      Path file,
      Map<String, String> parameterOverrides,
      Map<String, String> pseudo,
      PrintStream warnings) {
    this.directory = file.toAbsolutePath().getParent();
    this.template = CfnYaml.load(file);
    this.pseudo = pseudo;
    this.warnings = warnings;
    this.parameters = new LinkedHashMap<>();
    map(template.get("Parameters"))
        .forEach(
            (name, declaration) -> {
              Object fallback = map(declaration).get("Default");
              if (fallback != null) {
                parameters.put(name, scalar(fallback));
              }
            });
    parameterOverrides.forEach(
        (name, value) -> {
          if (!map(template.get("Parameters")).containsKey(name)) {
            throw new UsageException(
                "parameter override " + name + " is not a parameter of the template");
          }
          parameters.put(name, value);
        });
  }

  List<String> functionIds() {
    List<String> ids = new ArrayList<>();
    map(template.get("Resources"))
        .forEach(
            (id, resource) -> {
              if (FUNCTION_TYPE.equals(map(resource).get("Type"))) {
                ids.add(id);
              }
            });
    return ids;
  }

  /**
   * @param envOverrides the {@code -n} file: {@code {"LogicalId": {...}, "Parameters": {...}}}; it
   *     overrides only variables the template declares, the function's own entry winning.
   */
  FunctionSpec function(String logicalId, Map<String, Map<String, String>> envOverrides) {
    Object resource = map(template.get("Resources")).get(logicalId);
    if (resource == null || !FUNCTION_TYPE.equals(map(resource).get("Type"))) {
      throw new UsageException(
          "no function "
              + logicalId
              + " in the template (functions: "
              + String.join(", ", functionIds())
              + ")");
    }
    Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
    Map<String, Object> properties = new LinkedHashMap<>(globals);
    properties.putAll(map(map(resource).get("Properties")));

    Map<String, Object> declared =
        new LinkedHashMap<>(map(map(globals.get("Environment")).get("Variables")));
    declared.putAll(
        map(map(map(map(resource).get("Properties")).get("Environment")).get("Variables")));

    Map<String, String> shared = envOverrides.getOrDefault("Parameters", Map.of());
    Map<String, String> own = envOverrides.getOrDefault(logicalId, Map.of());
    Map<String, String> environment = new LinkedHashMap<>();
    declared.forEach(
        (name, value) -> {
          if (own.containsKey(name)) {
            environment.put(name, own.get(name));
          } else if (shared.containsKey(name)) {
            environment.put(name, shared.get(name));
          } else {
            String resolved = resolveString(value);
            if (resolved == null) {
              warnings.println(
                  "local-invoke: "
                      + logicalId
                      + " variable "
                      + name
                      + " uses an intrinsic that cannot be resolved locally; it is set to \"\"");
              resolved = "";
            }
            environment.put(name, resolved);
          }
        });

    String handler = resolveString(properties.get("Handler"));
    if (handler == null || handler.isBlank()) {
      throw new UsageException(logicalId + " has no Handler");
    }
    String codeUri = resolveString(properties.get("CodeUri"));
    if (codeUri == null || codeUri.isBlank()) {
      throw new UsageException(logicalId + " has no CodeUri");
    }
    int timeout = integer(properties.get("Timeout"), 3, "Timeout");
    int memory = integer(properties.get("MemorySize"), 128, "MemorySize");
    boolean snapStart =
        "PublishedVersions".equals(resolveString(map(properties.get("SnapStart")).get("ApplyOn")));
    String runtime = resolveString(properties.get("Runtime"));
    if (runtime == null || runtime.isBlank()) {
      throw new UsageException(logicalId + " has no Runtime (java25, java21, java17, ...)");
    }
    return new FunctionSpec(
        logicalId,
        handler,
        runtime,
        directory.resolve(codeUri).normalize(),
        timeout,
        memory,
        environment,
        snapStart);
  }

  private int integer(Object value, int fallback, String name) {
    if (value == null) {
      return fallback;
    }
    String text = resolveString(value);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new UsageException(name + " is not a number: " + text);
    }
  }

  /** A template value as a string, or null when it cannot be resolved locally. */
  String resolveString(Object value) {
    Object resolved = resolve(value);
    if (resolved == null || resolved instanceof Map || resolved instanceof List) {
      return null;
    }
    return scalar(resolved);
  }

  private Object resolve(Object value) {
    if (!(value instanceof Map)) {
      return value instanceof List ? resolveList((List<?>) value) : value;
    }
    Map<String, Object> node = map(value);
    if (node.size() != 1) {
      return node;
    }
    Map.Entry<String, Object> fn = node.entrySet().iterator().next();
    Object arg = fn.getValue();
    switch (fn.getKey()) {
      case "Ref":
        return ref(scalar(arg));
      case "Fn::Sub":
        return sub(arg);
      case "Fn::Join":
        {
          List<?> args = list(arg);
          Object items = args.size() == 2 ? resolve(args.get(1)) : null;
          if (!(items instanceof List)) {
            return null;
          }
          List<String> parts = new ArrayList<>();
          for (Object item : (List<?>) items) {
            String s = resolveString(item);
            if (s == null) {
              return null;
            }
            parts.add(s);
          }
          return String.join(scalar(args.get(0)), parts);
        }
      case "Fn::Select":
        {
          List<?> args = list(arg);
          Object items = args.size() == 2 ? resolve(args.get(1)) : null;
          String index = args.isEmpty() ? null : resolveString(args.get(0));
          if (!(items instanceof List) || index == null) {
            return null;
          }
          int i = Integer.parseInt(index);
          List<?> resolvedItems = (List<?>) items;
          return i >= 0 && i < resolvedItems.size() ? resolve(resolvedItems.get(i)) : null;
        }
      case "Fn::Split":
        {
          List<?> args = list(arg);
          String source = args.size() == 2 ? resolveString(args.get(1)) : null;
          return source == null
              ? null
              : List.of(source.split(Pattern.quote(scalar(args.get(0))), -1));
        }
      case "Fn::If":
        {
          List<?> args = list(arg);
          if (args.size() != 3) {
            return null;
          }
          Boolean condition = condition(scalar(args.get(0)));
          return condition == null ? null : resolve(condition ? args.get(1) : args.get(2));
        }
      case "Fn::FindInMap":
        {
          List<?> args = list(arg);
          if (args.size() != 3) {
            return null;
          }
          Object found =
              map(map(map(template.get("Mappings")).get(resolveString(args.get(0))))
                      .get(resolveString(args.get(1))))
                  .get(resolveString(args.get(2)));
          return found == null ? null : resolve(found);
        }
      default:
        return null; // Fn::GetAtt, Fn::ImportValue ...: only known once deployed
    }
  }

  private List<Object> resolveList(List<?> items) {
    List<Object> out = new ArrayList<>();
    for (Object item : items) {
      out.add(resolve(item));
    }
    return out;
  }

  private Object ref(String name) {
    if (pseudo.containsKey(name)) {
      return pseudo.get(name);
    }
    if (parameters.containsKey(name)) {
      return parameters.get(name);
    }
    if (map(template.get("Resources")).containsKey(name)) {
      return name; // SAM CLI resolves a resource's Ref to its logical ID locally
    }
    return null;
  }

  private Object sub(Object arg) {
    String pattern;
    Map<String, Object> variables;
    if (arg instanceof List) {
      List<?> args = (List<?>) arg;
      pattern = scalar(args.get(0));
      variables = args.size() > 1 ? map(args.get(1)) : Map.of();
    } else {
      pattern = scalar(arg);
      variables = Map.of();
    }
    Matcher m = SUB_VARIABLE.matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement;
      if (name.startsWith("!")) {
        replacement = "${" + name.substring(1) + "}";
      } else if (variables.containsKey(name)) {
        replacement = resolveString(variables.get(name));
      } else {
        Object r = name.contains(".") ? null : ref(name);
        replacement = r == null ? null : scalar(r);
      }
      if (replacement == null) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private Boolean condition(String name) {
    Object definition = map(template.get("Conditions")).get(name);
    return definition == null ? null : evaluate(definition);
  }

  private Boolean evaluate(Object expression) {
    Map<String, Object> node = map(expression);
    if (node.size() != 1) {
      return null;
    }
    Map.Entry<String, Object> fn = node.entrySet().iterator().next();
    List<?> args = fn.getValue() instanceof List ? (List<?>) fn.getValue() : List.of();
    switch (fn.getKey()) {
      case "Fn::Equals":
        {
          if (args.size() != 2) {
            return null;
          }
          String a = resolveString(args.get(0));
          String b = resolveString(args.get(1));
          return (a == null || b == null) ? null : a.equals(b);
        }
      case "Fn::Not":
        {
          Boolean inner = args.size() == 1 ? evaluate(args.get(0)) : null;
          return inner == null ? null : !inner;
        }
      case "Fn::And":
      case "Fn::Or":
        {
          boolean and = fn.getKey().equals("Fn::And");
          boolean result = and;
          for (Object arg : args) {
            Boolean b = evaluate(arg);
            if (b == null) {
              return null;
            }
            result = and ? result && b : result || b;
          }
          return result;
        }
      case "Condition":
        return condition(scalar(fn.getValue()));
      default:
        return null;
    }
  }

  @SuppressWarnings(
      "unchecked") // a parsed YAML tree: mappings are Map<String, Object>, sequences List<Object>
  static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  private static List<?> list(Object value) {
    return value instanceof List ? (List<?>) value : List.of();
  }

  /** Scalars as CloudFormation sees them: booleans lower case, numbers as written. */
  static String scalar(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Boolean) {
      return (Boolean) value ? "true" : "false";
    }
    return value.toString();
  }
}
