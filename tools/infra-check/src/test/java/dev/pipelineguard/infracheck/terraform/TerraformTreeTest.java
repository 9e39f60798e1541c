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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Conventions of the repository's terraform/ tree that neither {@code terraform validate} nor the
 * plan tests express: the layout, typed and described variables, the state backends, the
 * environments as thin callers of modules/environment, and the contracts with the SAM stack.
 * References, module arguments and test files are checked by Terraform itself ({@link
 * TerraformRootsTest}).
 */
class TerraformTreeTest {
  /** The directory holding template.yaml and terraform/ (not RepoPaths: it also wants events/). */
  private static final Path REPOSITORY = TerraformWorkspace.repository();

  private static final Path TERRAFORM = REPOSITORY.resolve("terraform");
  private static final List<String> MODULES =
      List.of("networking", "ecr", "iam", "ecs", "codepipeline", "notifications", "environment");
  private static final List<String> ENVIRONMENTS = List.of("dev", "prod");

  @Test
  void everyModuleHasTheStandardFilesAndPlanTests() {
    for (String module : MODULES) {
      Path directory = TERRAFORM.resolve("modules").resolve(module);
      for (String file :
          List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")) {
        assertThat(directory.resolve(file)).as("modules/%s/%s", module, file).isRegularFile();
      }
      assertThat(testFiles(directory)).as("modules/%s/tests/*.tftest.hcl", module).isNotEmpty();
    }
  }

  @Test
  void everyVariableIsTypedAndDescribed() throws IOException {
    List<String> untyped = new ArrayList<>();
    for (Path file : tfFiles()) {
      for (Block variable :
          HclParser.parse(file.toString(), Files.readString(file)).blocks("variable")) {
        Body body = variable.body();
        if (body.attribute("type").isEmpty() || body.attribute("description").isEmpty()) {
          untyped.add(TERRAFORM.relativize(file) + ": variable " + variable.label(0));
        }
      }
    }

    assertThat(untyped).as("variables without type or description").isEmpty();
  }

  @Test
  void environmentsKeepSeparateStateKeysWithS3NativeLockingAndTheBucketsEncryption() {
    Set<String> keys = new LinkedHashSet<>();
    for (String environment : ENVIRONMENTS) {
      Block backend =
          parse("environments/" + environment + "/versions.tf")
              .blocks("terraform")
              .get(0)
              .body()
              .blocks("backend")
              .get(0);

      assertThat(backend.labels()).containsExactly("s3");
      assertThat(text(backend.body().attribute("use_lockfile").orElseThrow())).isEqualTo("true");
      // Finding 2: encrypt = true without kms_key_id stores the state with SSE-S3, not the bucket's
      // KMS default.
      assertThat(
              backend.body().attribute("encrypt").isEmpty()
                  || backend.body().attribute("kms_key_id").isPresent())
          .as("environments/%s: encrypt without kms_key_id", environment)
          .isTrue();
      keys.add(text(backend.body().attribute("key").orElseThrow()));
    }

    assertThat(keys)
        .containsExactly(
            "\"environments/dev/terraform.tfstate\"", "\"environments/prod/terraform.tfstate\"");
  }

  /** Finding 6: each environment is a backend, a provider and one call of modules/environment. */
  @Test
  void environmentsAreOneCallOfTheEnvironmentModule() throws IOException {
    for (String environment : ENVIRONMENTS) {
      Body main = parse("environments/" + environment + "/main.tf");

      assertThat(main.blocks("module"))
          .as("environments/%s/main.tf modules", environment)
          .singleElement()
          .satisfies(
              m ->
                  assertThat(text(m.body().attribute("source").orElseThrow()))
                      .isEqualTo("\"../../modules/environment\""));
      assertThat(main.blocks("resource"))
          .as("environments/%s/main.tf resources", environment)
          .isEmpty();
      assertThat(main.blocks("data")).isEmpty();
    }
    for (String shared : List.of("variables.tf", "outputs.tf", "providers.tf")) {
      assertThat(Files.readString(TERRAFORM.resolve("environments/prod/" + shared)))
          .as(
              "environments/prod/%s is environments/dev/%s (what differs belongs in main.tf)",
              shared, shared)
          .isEqualTo(Files.readString(TERRAFORM.resolve("environments/dev/" + shared)));
    }
    Set<String> moduleOutputs = names(parse("modules/environment/outputs.tf").blocks("output"));
    assertThat(names(parse("environments/dev/outputs.tf").blocks("output")))
        .as("outputs passed through")
        .isEqualTo(moduleOutputs);
  }

  @Test
  void noSecretValueEntersTheStateAndNothingIsSubscribedToSlackOverHttps() throws IOException {
    List<String> offending = new ArrayList<>();
    for (Path file : tfFiles()) {
      for (Block resource :
          HclParser.parse(file.toString(), Files.readString(file)).blocks("resource")) {
        String type = resource.label(0);
        boolean https =
            resource
                .body()
                .attribute("protocol")
                .map(TerraformTreeTest::text)
                .orElse("")
                .contains("https");
        if (type.equals("aws_secretsmanager_secret_version")
            || (type.equals("aws_sns_topic_subscription") && https)) {
          offending.add(file + ": " + type + "." + resource.label(1));
        }
      }
    }

    assertThat(offending).isEmpty();
  }

  /**
   * Behaviour settings of the functions that are SAM's to own (template defaults, or {@code
   * bin/deploy <env> --parameter-overrides ...}); every other parameter is infrastructure and must
   * come from Terraform.
   */
  static final Set<String> SAM_TUNING_PARAMETERS =
      Set.of(
          "SlackMode",
          "SlackNotifyOn",
          "SlackRoutes",
          "SlackRouteSecretArns",
          "WatcherScanSchedule",
          "WatcherStuckAfterMinutes");

  @Test
  void environmentsFillExactlyTheSamTemplateParameters() throws IOException {
    Set<String> templateParameters = new java.util.TreeSet<>(samTemplateParameters());
    assertThat(templateParameters)
        .contains("ProjectName", "ClusterName", "ReportTopicArn", "SlackWebhookSecretArn")
        .containsAll(SAM_TUNING_PARAMETERS);
    templateParameters.removeAll(SAM_TUNING_PARAMETERS);

    Attribute samParameters =
        parse("modules/environment/outputs.tf").blocks("locals").stream()
            .flatMap(b -> b.body().attribute("sam_parameters").stream())
            .findFirst()
            .orElseThrow();

    assertThat(objectKeys(samParameters.expression()))
        .as("modules/environment sam_parameters")
        .isEqualTo(templateParameters);
  }

  @Test
  void validatorUserParametersUseOnlyTheValidatorsKeys() {
    Attribute parameters =
        parse("modules/codepipeline/main.tf").blocks("locals").stream()
            .flatMap(b -> b.body().attribute("validator_parameters").stream())
            .findFirst()
            .orElseThrow();

    assertThat(objectKeys(parameters.expression()))
        .contains("cluster", "service")
        .isSubsetOf(
            "cluster",
            "service",
            "requiredSecrets",
            "healthUrl",
            "expectedStatus",
            "timeoutSeconds",
            "imageScan",
            "pipeline");
  }

  @Test
  void environmentsInvokeTheValidatorByTheSamFunctionName() throws IOException {
    String template = Files.readString(REPOSITORY.resolve("template.yaml"));
    assertThat(template)
        .contains("FunctionName: !Sub ${ProjectName}-${Environment}-pre-deploy-validator");

    assertThat(Files.readString(TERRAFORM.resolve("modules/environment/main.tf")))
        .contains(
            "validator_function_name = \"${var.project_name}-${var.environment}-pre-deploy-validator\"");
  }

  /**
   * Issue 13, item 6: the reports topic (Terraform) admits Publish from roles under {@code
   * role/<project>/<env>/report-publishers/}, and SAM puts exactly the roles of the functions that
   * publish there (RolePath): the validator's and the watcher's, not the notifier's.
   */
  @Test
  void reportsTopicAdmitsExactlyTheRolesOfTheFunctionsThatPublish() throws IOException {
    Map<String, Object> template = TemplateYaml.read(REPOSITORY.resolve("template.yaml"));
    Set<String> publishers =
        TemplateYaml.statements(template).stream()
            .filter(s -> s.actions().contains("sns:Publish"))
            .map(TemplateYaml.Statement::function)
            .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    assertThat(publishers)
        .containsExactly("DeploymentWatcherFunction", "PreDeployValidatorFunction");

    TemplateYaml.functions(template)
        .forEach(
            (function, properties) -> {
              List<String> path = TemplateYaml.strings(properties.get("RolePath"));
              if (publishers.contains(function)) {
                assertThat(path)
                    .as("%s RolePath", function)
                    .containsExactly("/${ProjectName}/${Environment}/report-publishers/");
              } else {
                assertThat(path)
                    .as("%s RolePath (it does not publish reports)", function)
                    .noneMatch(p -> p.contains("report-publishers"));
              }
            });
    assertThat(Files.readString(TERRAFORM.resolve("modules/notifications/main.tf")))
        .contains(":role/${var.project_name}/${var.environment}/report-publishers/*\"");
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static Body parse(String relative) {
    try {
      return HclParser.parse(relative, Files.readString(TERRAFORM.resolve(relative)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> tfFiles() throws IOException {
    try (Stream<Path> files = Files.walk(TERRAFORM)) {
      return files
          .filter(p -> p.toString().endsWith(".tf") && !p.toString().contains(".terraform"))
          .sorted()
          .toList();
    }
  }

  private static Set<String> names(List<Block> blocks) {
    return blocks.stream()
        .map(b -> b.label(0))
        .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
  }

  private static String text(Attribute attribute) {
    StringBuilder text = new StringBuilder();
    attribute.expression().forEach(t -> text.append(t.text()));
    return text.toString();
  }

  /**
   * Keys of the shallowest object constructor in the expression (skipping for-expression objects).
   */
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
      } else if (token.is(Token.Kind.IDENT)
          && i > 0
          && i + 1 < expression.size()
          && expression.get(i + 1).isPunct("=")
          && (expression.get(i - 1).isPunct("{")
              || expression.get(i - 1).isPunct(",")
              || expression.get(i - 1).is(Token.Kind.NEWLINE))) {
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
    return new TreeSet<>(TemplateParameters.read(REPOSITORY.resolve("template.yaml")).keySet());
  }

  private static List<Path> testFiles(Path module) {
    try (Stream<Path> files = Files.list(module.resolve("tests"))) {
      return files.filter(p -> p.toString().endsWith(".tftest.hcl")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
