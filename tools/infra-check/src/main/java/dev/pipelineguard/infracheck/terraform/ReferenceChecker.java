package dev.pipelineguard.infracheck.terraform;

import dev.pipelineguard.infracheck.terraform.Body.Attribute;
import dev.pipelineguard.infracheck.terraform.Body.Block;
import dev.pipelineguard.infracheck.terraform.TerraformModule.Declared;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Static reference check of a tree of Terraform modules, without providers: every {@code var.},
 * {@code local.}, {@code module.}, {@code data.} and resource reference resolves to a declaration of
 * its module; {@code count.}/{@code each.} appear only where count/for_each is set; module calls pass
 * only declared variables and every required one, and read only declared outputs; outputs have a value
 * that refers to something; nothing is declared twice. {@code tests/*.tftest.hcl} files are checked
 * against the module they test (variables, assertions, expect_failures, override targets).
 */
public final class ReferenceChecker {
  private static final Set<String> MODULE_META_ARGUMENTS = Set.of("source", "version", "count", "for_each", "providers", "depends_on");
  private static final Set<String> PATH_NAMES = Set.of("module", "root", "cwd");
  private static final Set<String> EACH_NAMES = Set.of("key", "value");

  private final Path root;
  private final Map<Path, TerraformModule> modules = new HashMap<>();
  private final List<Finding> findings = new ArrayList<>();

  private ReferenceChecker(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Checks every directory under root that holds *.tf files (skipping .terraform). */
  public static List<Finding> check(Path root) {
    ReferenceChecker checker = new ReferenceChecker(root);
    for (Path directory : moduleDirectories(checker.root)) {
      checker.checkModule(checker.module(directory));
    }
    return checker.findings.stream().sorted().distinct().toList();
  }

  /** Command line: prints each finding, exits 1 when there is any. */
  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "terraform");
    List<Finding> found = check(root);
    found.forEach(System.out::println);
    System.out.println(found.isEmpty() ? "terraform references: OK" : found.size() + " problem(s)");
    System.exit(found.isEmpty() ? 0 : 1);
  }

  static List<Path> moduleDirectories(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isDirectory)
          .filter(d -> !d.toString().replace('\\', '/').contains("/.terraform"))
          .filter(d -> !TerraformModule.tfFiles(d).isEmpty())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + root, e);
    }
  }

  private TerraformModule module(Path directory) {
    Path key = directory.toAbsolutePath().normalize();
    return modules.computeIfAbsent(key, d -> TerraformModule.load(root, d));
  }

  private void checkModule(TerraformModule module) {
    findings.addAll(module.duplicates);
    for (Declared<Body> file : module.files) {
      for (Block block : file.node().blocks()) {
        checkTopLevelBlock(module, block, file.file());
      }
    }
    checkTests(module);
  }

  // --- Scopes ------------------------------------------------------------------------------------

  /** What a reference may use where it appears. */
  private record Scope(boolean count, boolean forEach, boolean self, Set<String> bound, boolean test) {
    static Scope plain() {
      return new Scope(false, false, false, Set.of(), false);
    }

    Scope binding(String name) {
      Set<String> names = new HashSet<>(bound);
      names.add(name);
      return new Scope(count, forEach, self, Set.copyOf(names), test);
    }
  }

  private void checkTopLevelBlock(TerraformModule module, Block block, String file) {
    switch (block.type()) {
      case "terraform", "moved", "import", "removed" -> { }
      case "variable" -> checkBody(module, block.body(), file, Scope.plain(), Set.of("type"));
      case "locals", "check" -> checkBody(module, block.body(), file, Scope.plain(), Set.of());
      case "provider" -> checkBody(module, block.body(), file, Scope.plain(), Set.of("alias"));
      case "output" -> {
        checkOutput(module, block, file);
        checkBody(module, block.body(), file, Scope.plain(), Set.of());
      }
      case "resource", "data" -> checkBody(module, block.body(), file, repeated(block.body(), true), Set.of("provider"));
      case "module" -> {
        checkModuleCall(module, block, file);
        checkBody(module, block.body(), file, repeated(block.body(), false), Set.of("source", "version", "providers"));
      }
      default -> findings.add(new Finding(file, block.line(), "unknown top-level block type " + block.type()));
    }
  }

  private static Scope repeated(Body body, boolean self) {
    return new Scope(body.attribute("count").isPresent(), body.attribute("for_each").isPresent(), self, Set.of(), false);
  }

  private void checkBody(TerraformModule module, Body body, String file, Scope scope, Set<String> skipped) {
    for (Attribute attribute : body.attributes()) {
      if (!skipped.contains(attribute.name())) {
        checkExpression(module, attribute.expression(), file, scope);
      }
    }
    for (Block nested : body.blocks()) {
      switch (nested.type()) {
        case "lifecycle" -> checkBody(module, nested.body(), file, scope, Set.of("ignore_changes"));
        case "dynamic" -> {
          // for_each belongs to the outer scope; the content sees the iterator (default: the label).
          String iterator = nested.body().attribute("iterator")
              .map(a -> a.expression().get(0).text()).orElse(nested.label(0));
          checkBody(module, nested.body().withoutBlocks(), file, scope, Set.of("iterator"));
          for (Block content : nested.body().blocks()) {
            checkBody(module, content.body(), file, scope.binding(iterator), Set.of());
          }
        }
        default -> checkBody(module, nested.body(), file, scope, Set.of());
      }
    }
  }

  private void checkExpression(TerraformModule module, List<Token> expression, String file, Scope scope) {
    for (Traversal reference : ExpressionScanner.references(expression, scope.bound())) {
      String problem = resolve(module, reference, scope);
      if (problem != null) {
        findings.add(new Finding(file, reference.line(), problem));
      }
    }
  }

  // --- Resolution --------------------------------------------------------------------------------

  /** Null when the reference resolves, else the problem in words. */
  private String resolve(TerraformModule module, Traversal reference, Scope scope) {
    String root = reference.root();
    String first = reference.firstStep();
    String where = " in " + module.displayPath;
    switch (root) {
      case "var":
        if (first == null) {
          return "var must be followed by a variable name";
        }
        return module.variables.containsKey(first) ? null
            : "var." + first + " is not declared (no variable \"" + first + "\"" + where + ")";
      case "local":
        if (first == null) {
          return "local must be followed by a local value name";
        }
        return module.locals.containsKey(first) ? null
            : "local." + first + " is not declared (no such entry in a locals block" + where + ")";
      case "module":
        return resolveModuleOutput(module, reference, where);
      case "data": {
        String type = reference.name(0);
        String name = reference.name(1);
        if (type == null || name == null) {
          return reference + " must name a data source as data.<type>.<name>";
        }
        return module.dataSources.containsKey(type + "." + name) ? null
            : "data." + type + "." + name + " is not declared (no data \"" + type + "\" \"" + name + "\"" + where + ")";
      }
      case "count":
        if (!"index".equals(first)) {
          return reference + " is not valid: count has only count.index";
        }
        return scope.count() ? null : "count.index is used in a block without count";
      case "each":
        if (!EACH_NAMES.contains(first)) {
          return reference + " is not valid: each has only each.key and each.value";
        }
        return scope.forEach() ? null : reference + " is used in a block without for_each";
      case "self":
        return scope.self() ? null : "self is only valid inside a resource";
      case "path":
        return PATH_NAMES.contains(first) ? null : reference + " is not valid: use path.module, path.root or path.cwd";
      case "terraform":
        return "workspace".equals(first) || "applying".equals(first) ? null : reference + " is not valid";
      case "run", "check":
        return scope.test() ? null : root + " is only valid in a test file";
      case "output":
        if (!scope.test()) {
          return "output is only valid in a test file";
        }
        return first != null && module.outputs.containsKey(first) ? null
            : "output." + first + " is not declared (no output \"" + first + "\"" + where + ")";
      case "resource":
        return resolveResource(module, reference.name(0), reference.name(1), reference, where);
      default:
        if (reference.steps().isEmpty()) {
          return "unknown name " + root + " (not a variable, local, resource or for-expression symbol)";
        }
        return resolveResource(module, root, first, reference, where);
    }
  }

  private static String resolveResource(TerraformModule module, String type, String name, Traversal reference, String where) {
    if (type == null || name == null) {
      return reference + " must name a resource as <type>.<name>";
    }
    return module.resources.containsKey(type + "." + name) ? null
        : type + "." + name + " is not declared (no resource \"" + type + "\" \"" + name + "\"" + where + ")";
  }

  private String resolveModuleOutput(TerraformModule module, Traversal reference, String where) {
    String name = reference.firstStep();
    if (name == null) {
      return "module must be followed by a module call name";
    }
    Declared<Block> call = module.moduleCalls.get(name);
    if (call == null) {
      return "module." + name + " is not declared (no module \"" + name + "\"" + where + ")";
    }
    String output = reference.name(1);
    TerraformModule callee = localCallee(module, call.node());
    if (output == null || callee == null || callee.outputs.containsKey(output)) {
      return null;
    }
    return "module." + name + "." + output + " is not an output of " + callee.displayPath;
  }

  /** The called module when its source is a local path, else null (registry modules are not checked). */
  private TerraformModule localCallee(TerraformModule caller, Block call) {
    String source = literal(call.body().attribute("source").map(Attribute::expression).orElse(List.of()));
    if (source == null || !(source.startsWith("./") || source.startsWith("../"))) {
      return null;
    }
    Path directory = caller.directory.resolve(source).normalize();
    if (!Files.isDirectory(directory) || TerraformModule.tfFiles(directory).isEmpty()) {
      return null;
    }
    return module(directory);
  }

  /** The value of a plain string literal expression, else null. */
  private static String literal(List<Token> expression) {
    if (expression.size() == 3 && expression.get(0).is(Token.Kind.OPEN_QUOTE) && expression.get(1).is(Token.Kind.TEMPLATE_TEXT)
        && expression.get(2).is(Token.Kind.CLOSE_QUOTE)) {
      return expression.get(1).text();
    }
    return null;
  }

  // --- Module calls and outputs ------------------------------------------------------------------

  private void checkModuleCall(TerraformModule module, Block call, String file) {
    Attribute source = call.body().attribute("source").orElse(null);
    if (source == null) {
      findings.add(new Finding(file, call.line(), "module \"" + call.label(0) + "\" has no source"));
      return;
    }
    String path = literal(source.expression());
    if (path != null && (path.startsWith("./") || path.startsWith("../"))) {
      Path directory = module.directory.resolve(path).normalize();
      if (!Files.isDirectory(directory) || TerraformModule.tfFiles(directory).isEmpty()) {
        findings.add(new Finding(file, source.line(), "module \"" + call.label(0) + "\": source " + path + " is not a directory with *.tf files"));
        return;
      }
    }
    TerraformModule callee = localCallee(module, call);
    if (callee == null) {
      return;
    }
    Set<String> passed = new TreeSet<>();
    for (Attribute argument : call.body().attributes()) {
      if (MODULE_META_ARGUMENTS.contains(argument.name())) {
        continue;
      }
      passed.add(argument.name());
      if (!callee.variables.containsKey(argument.name())) {
        findings.add(new Finding(file, argument.line(), "module \"" + call.label(0) + "\" passes " + argument.name()
            + ", which " + callee.displayPath + " does not declare as a variable"));
      }
    }
    for (String required : callee.requiredVariables()) {
      if (!passed.contains(required)) {
        findings.add(new Finding(file, call.line(), "module \"" + call.label(0) + "\" does not pass the required variable "
            + required + " of " + callee.displayPath + " (it has no default)"));
      }
    }
  }

  private void checkOutput(TerraformModule module, Block output, String file) {
    Attribute value = output.body().attribute("value").orElse(null);
    if (value == null) {
      findings.add(new Finding(file, output.line(), "output \"" + output.label(0) + "\" has no value"));
      return;
    }
    if (ExpressionScanner.references(value.expression(), Set.of()).isEmpty()) {
      findings.add(new Finding(file, value.line(), "output \"" + output.label(0)
          + "\" refers to nothing: its value uses no variable, local, resource, data source or module"));
    }
  }

  // --- Test files --------------------------------------------------------------------------------

  private void checkTests(TerraformModule module) {
    Path tests = module.directory.resolve("tests");
    if (!Files.isDirectory(tests)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(tests)) {
      files = entries.filter(p -> p.getFileName().toString().endsWith(".tftest.hcl")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + tests, e);
    }
    for (Path path : files) {
      String file = TerraformModule.display(root, path);
      checkTestFile(module, HclParser.parse(file, TerraformModule.read(path)), file);
    }
  }

  private void checkTestFile(TerraformModule module, Body test, String file) {
    Scope scope = new Scope(false, false, false, Set.of(), true);
    boolean otherModules = test.blocks("run").stream().anyMatch(run -> !run.body().blocks("module").isEmpty());
    for (Block block : test.blocks()) {
      switch (block.type()) {
        case "variables" -> {
          if (!otherModules) {
            checkTestVariables(module, block, file);
          }
          checkBody(module, block.body(), file, scope, Set.of());
        }
        case "override_resource", "override_data", "override_module" -> checkOverride(module, block, file, scope);
        case "mock_provider" -> block.body().blocks().stream()
            .filter(b -> b.type().startsWith("override_"))
            .forEach(b -> checkOverride(module, b, file, scope));
        case "run" -> {
          if (block.body().blocks("module").isEmpty()) {
            checkRun(module, block, file, scope);
            checkRunPassesRequiredVariables(module, test, block, file);
          }
        }
        default -> { }
      }
    }
  }

  private void checkRun(TerraformModule module, Block run, String file, Scope scope) {
    for (Attribute attribute : run.body().attributes()) {
      if (attribute.name().equals("expect_failures")) {
        checkExpression(module, attribute.expression(), file, scope);
      }
    }
    for (Block block : run.body().blocks()) {
      switch (block.type()) {
        case "variables" -> {
          checkTestVariables(module, block, file);
          checkBody(module, block.body(), file, scope, Set.of());
        }
        case "assert" -> checkBody(module, block.body(), file, scope, Set.of());
        case "override_resource", "override_data", "override_module" -> checkOverride(module, block, file, scope);
        default -> { }
      }
    }
  }

  private void checkRunPassesRequiredVariables(TerraformModule module, Body test, Block run, String file) {
    Set<String> passed = new HashSet<>();
    for (Block variables : test.blocks("variables")) {
      variables.body().attributes().forEach(a -> passed.add(a.name()));
    }
    for (Block variables : run.body().blocks("variables")) {
      variables.body().attributes().forEach(a -> passed.add(a.name()));
    }
    for (String required : module.requiredVariables()) {
      if (!passed.contains(required)) {
        findings.add(new Finding(file, run.line(), "run \"" + run.label(0) + "\" does not set the required variable "
            + required + " of " + module.displayPath));
      }
    }
  }

  private void checkTestVariables(TerraformModule module, Block variables, String file) {
    for (Attribute value : variables.body().attributes()) {
      if (!module.variables.containsKey(value.name())) {
        findings.add(new Finding(file, value.line(), "test sets " + value.name() + ", which " + module.displayPath + " does not declare as a variable"));
      }
    }
  }

  private void checkOverride(TerraformModule module, Block override, String file, Scope scope) {
    override.body().attribute("target").ifPresent(target -> checkExpression(module, target.expression(), file, scope));
  }
}
