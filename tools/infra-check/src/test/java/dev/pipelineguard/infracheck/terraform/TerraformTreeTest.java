package dev.pipelineguard.infracheck.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.infracheck.terraform.Body.Attribute;
import dev.pipelineguard.infracheck.terraform.Body.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/** The repository's terraform/ tree: references, layout and the contracts with the SAM stack. */
class TerraformTreeTest {
  /** The directory holding template.yaml and terraform/ (not RepoPaths: it also wants events/). */
  private static final Path REPOSITORY = repository();
  private static final Path TERRAFORM = REPOSITORY.resolve("terraform");
  private static final List<String> MODULES = List.of("networking", "ecr", "iam", "ecs", "codepipeline", "notifications");
  private static final List<String> ENVIRONMENTS = List.of("dev", "prod");

  @Test
  void everyReferenceOfEveryModuleEnvironmentAndTestResolves() {
    List<Path> checked = ReferenceChecker.moduleDirectories(TERRAFORM.toAbsolutePath().normalize());

    assertThat(checked).extracting(p -> TERRAFORM.toAbsolutePath().normalize().relativize(p).toString().replace('\\', '/'))
        .contains("bootstrap", "environments/dev", "environments/prod", "modules/networking", "modules/ecr",
            "modules/iam", "modules/ecs", "modules/codepipeline", "modules/notifications");
    assertThat(ReferenceChecker.check(TERRAFORM)).isEmpty();
  }

  @Test
  void everyModuleHasTheStandardFilesAndPlanTests() {
    for (String module : MODULES) {
      Path directory = TERRAFORM.resolve("modules").resolve(module);
      for (String file : List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")) {
        assertThat(directory.resolve(file)).as("modules/%s/%s", module, file).isRegularFile();
      }
      assertThat(testFiles(directory)).as("modules/%s/tests/*.tftest.hcl", module).isNotEmpty();
    }
  }

  @Test
  void everyVariableIsTypedAndDescribed() {
    List<String> untyped = new ArrayList<>();
    for (Path directory : ReferenceChecker.moduleDirectories(TERRAFORM.toAbsolutePath().normalize())) {
      TerraformModule module = TerraformModule.load(TERRAFORM.toAbsolutePath().normalize(), directory);
      module.variables.forEach((name, declared) -> {
        Body body = declared.node().body();
        if (body.attribute("type").isEmpty() || body.attribute("description").isEmpty()) {
          untyped.add(declared.file() + ": variable " + name);
        }
      });
    }

    assertThat(untyped).as("variables without type or description").isEmpty();
  }

  @Test
  void environmentsKeepSeparateStateKeysWithS3NativeLocking() {
    Set<String> keys = new LinkedHashSet<>();
    for (String environment : ENVIRONMENTS) {
      Block backend = parse("environments/" + environment + "/versions.tf").blocks("terraform").get(0).body().blocks("backend").get(0);

      assertThat(backend.labels()).containsExactly("s3");
      assertThat(text(backend.body().attribute("use_lockfile").orElseThrow())).isEqualTo("true");
      keys.add(text(backend.body().attribute("key").orElseThrow()));
    }

    assertThat(keys).containsExactly("\"environments/dev/terraform.tfstate\"", "\"environments/prod/terraform.tfstate\"");
  }

  @Test
  void noSecretValueEntersTheStateAndNothingIsSubscribedToSlackOverHttps() throws IOException {
    List<String> offending = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TERRAFORM)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".tf") && !p.toString().contains(".terraform")).toList()) {
        for (Block resource : HclParser.parse(file.toString(), Files.readString(file)).blocks("resource")) {
          String type = resource.label(0);
          boolean https = resource.body().attribute("protocol").map(TerraformTreeTest::text).orElse("").contains("https");
          if (type.equals("aws_secretsmanager_secret_version") || (type.equals("aws_sns_topic_subscription") && https)) {
            offending.add(file + ": " + type + "." + resource.label(1));
          }
        }
      }
    }

    assertThat(offending).isEmpty();
  }

  /**
   * Behaviour settings of the functions that are SAM's to own (template defaults, or
   * {@code bin/deploy <env> --parameter-overrides ...}); every other parameter is infrastructure and
   * must come from Terraform.
   */
  static final Set<String> SAM_TUNING_PARAMETERS = Set.of(
      "SlackNotifyOn", "SlackRoutes", "SlackRouteSecretArns", "WatcherScanSchedule", "WatcherStuckAfterMinutes");

  @Test
  void environmentsFillExactlyTheSamTemplateParameters() throws IOException {
    Set<String> templateParameters = new java.util.TreeSet<>(samTemplateParameters());
    assertThat(templateParameters).contains("ProjectName", "ClusterName", "ReportTopicArn", "SlackWebhookSecretArn")
        .containsAll(SAM_TUNING_PARAMETERS);
    templateParameters.removeAll(SAM_TUNING_PARAMETERS);

    for (String environment : ENVIRONMENTS) {
      Attribute samParameters = parse("environments/" + environment + "/outputs.tf").blocks("locals").stream()
          .flatMap(b -> b.body().attribute("sam_parameters").stream()).findFirst().orElseThrow();

      assertThat(objectKeys(samParameters.expression())).as("%s sam_parameters", environment).isEqualTo(templateParameters);
    }
  }

  @Test
  void validatorUserParametersUseOnlyTheValidatorsKeys() {
    Attribute parameters = parse("modules/codepipeline/main.tf").blocks("locals").stream()
        .flatMap(b -> b.body().attribute("validator_parameters").stream()).findFirst().orElseThrow();

    assertThat(objectKeys(parameters.expression()))
        .contains("cluster", "service")
        .isSubsetOf("cluster", "service", "requiredSecrets", "healthUrl", "expectedStatus", "timeoutSeconds", "imageScan", "pipeline");
  }

  @Test
  void environmentsInvokeTheValidatorByTheSamFunctionName() throws IOException {
    String template = Files.readString(REPOSITORY.resolve("template.yaml"));
    assertThat(template).contains("FunctionName: !Sub ${ProjectName}-${Environment}-pre-deploy-validator");

    for (String environment : ENVIRONMENTS) {
      assertThat(Files.readString(TERRAFORM.resolve("environments/" + environment + "/main.tf")))
          .contains("validator_function_name = \"${var.project_name}-${local.environment}-pre-deploy-validator\"");
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static Body parse(String relative) {
    Path file = TERRAFORM.resolve(relative);
    return HclParser.parse(relative, TerraformModule.read(file));
  }

  private static String text(Attribute attribute) {
    StringBuilder text = new StringBuilder();
    attribute.expression().forEach(t -> text.append(t.text()));
    return text.toString();
  }

  /** Keys of the shallowest object constructor in the expression (skipping for-expression objects). */
  private static Set<String> objectKeys(List<Token> expression) {
    int depth = 0;
    int shallowest = Integer.MAX_VALUE;
    List<int[]> candidates = new ArrayList<>();
    for (int i = 0; i < expression.size(); i++) {
      Token token = expression.get(i);
      if (token.opens()) {
        depth++;
      } else if (token.closes()) {
        depth--;
      } else if (token.is(Token.Kind.IDENT) && i > 0 && i + 1 < expression.size() && expression.get(i + 1).isPunct("=")
          && (expression.get(i - 1).isPunct("{") || expression.get(i - 1).isPunct(",") || expression.get(i - 1).is(Token.Kind.NEWLINE))) {
        candidates.add(new int[] {i, depth});
        shallowest = Math.min(shallowest, depth);
      }
    }
    Set<String> keys = new TreeSet<>();
    for (int[] candidate : candidates) {
      if (candidate[1] == shallowest) {
        keys.add(expression.get(candidate[0]).text());
      }
    }
    return keys;
  }

  private static Set<String> samTemplateParameters() throws IOException {
    LoadSettings settings = LoadSettings.builder().build();
    String yaml = Files.readString(REPOSITORY.resolve("template.yaml"));
    Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, yaml)));
    MappingNode document = (MappingNode) composer.getSingleNode().orElseThrow();
    for (NodeTuple entry : document.getValue()) {
      if (((ScalarNode) entry.getKeyNode()).getValue().equals("Parameters")) {
        Set<String> names = new TreeSet<>();
        for (NodeTuple parameter : ((MappingNode) entry.getValueNode()).getValue()) {
          Node key = parameter.getKeyNode();
          names.add(((ScalarNode) key).getValue());
        }
        return names;
      }
    }
    throw new AssertionError("template.yaml has no Parameters");
  }

  private static Path repository() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("terraform"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root (template.yaml and terraform/) above " + Path.of("").toAbsolutePath());
  }

  private static List<Path> testFiles(Path module) {
    try (Stream<Path> files = Files.list(module.resolve("tests"))) {
      return files.filter(p -> p.toString().endsWith(".tftest.hcl")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
