package dev.pipelineguard.infracheck.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.ExternalCommand;
import dev.pipelineguard.infracheck.terraform.TemplateYaml.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege of the functions' roles as template.yaml grants them (issue 13, item 6): no
 * statement on every resource where AWS offers a narrower one, KMS only through its service for our
 * own secrets, parameters and topic, no permission the code never uses, and parameters that cannot
 * widen any of it. Terraform's side (the reports topic policy) is tested in modules/notifications.
 */
class TemplateLeastPrivilegeTest {
  private static final Path REPOSITORY = TerraformWorkspace.repository();

  /**
   * What is granted on "*", and why (docs/security.md repeats this list): AWS offers no
   * resource-level permission for these actions, as its Service Authorization Reference says
   * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodepipeline.html,
   * .../list_amazonelasticcontainerservice.html, .../list_elasticloadbalancingv2.html), which the
   * test checks against the copy cfn-lint ships. ecs:ListServices and ecs:ListTasks carry an
   * ecs:cluster condition instead (ListTasks' only resource type is the container instance, which
   * Fargate has not).
   */
  private static final Set<String> ON_EVERY_RESOURCE =
      Set.of(
          "codepipeline:PutJobSuccessResult",
          "codepipeline:PutJobFailureResult",
          "ecs:DescribeTaskDefinition",
          "ecs:ListServices",
          "ecs:ListTasks",
          "elasticloadbalancing:DescribeTargetHealth");

  private static final String ACCOUNT_KEYS =
      "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*";

  private static Map<String, Object> template;
  private static List<Statement> statements;
  private static Map<String, Map<String, Object>> parameters;

  @BeforeAll
  static void read() throws IOException {
    template = TemplateYaml.read(REPOSITORY.resolve("template.yaml"));
    statements = TemplateYaml.statements(template);
    parameters = TemplateParameters.read(REPOSITORY.resolve("template.yaml"));
    assertThat(statements).as("statements read from template.yaml").hasSizeGreaterThan(15);
  }

  // --- what the roles may do -------------------------------------------------------------------

  @Test
  void onlyActionsWithoutResourceLevelPermissionsAreGrantedOnEveryResource() throws IOException {
    Map<String, List<String>> resourceTypes = serviceAuthorizationReference();
    List<String> scopable = new ArrayList<>();
    Set<String> onEveryResource = new TreeSet<>();
    for (Statement statement : statements) {
      if (!statement.resources().contains("*")) {
        continue;
      }
      for (String action : statement.actions()) {
        // A wildcard action (kms:GenerateDataKey*) stands for every action it matches.
        Pattern glob =
            Pattern.compile(
                Pattern.quote(action.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q"));
        List<String> matched =
            resourceTypes.keySet().stream().filter(known -> glob.matcher(known).matches()).toList();
        assertThat(matched).as("%s: %s is an action AWS knows", statement, action).isNotEmpty();
        for (String known : matched) {
          List<String> types = resourceTypes.get(known);
          boolean clusterScoped =
              types.equals(List.of("container-instance"))
                  && statement.conditionKeys().contains("ecs:cluster");
          if (!types.isEmpty() && !clusterScoped) {
            scopable.add(statement + ": " + known + " can name its " + types);
          }
        }
        onEveryResource.add(action);
      }
    }

    assertThat(scopable)
        .as("statements on \"*\" whose actions can be scoped to a resource")
        .isEmpty();
    assertThat(onEveryResource)
        .as("actions on \"*\" (the documented list)")
        .isEqualTo(new TreeSet<>(ON_EVERY_RESOURCE));
  }

  /**
   * KMS: this account's keys (the keys themselves are not known to the template: AWS managed by
   * default, which need no grant, or a customer managed key), only through the service that holds
   * the data, and only for our own secrets, parameters and topic as KMS's encryption context names
   * them.
   */
  @Test
  void kmsIsUsableOnlyThroughItsServiceForTheFunctionsOwnResources() {
    Map<String, String> contextKey =
        Map.of(
            "secretsmanager", "kms:EncryptionContext:SecretARN",
            "ssm", "kms:EncryptionContext:PARAMETER_ARN",
            "sns", "kms:EncryptionContext:aws:sns:topicArn");
    Map<String, String> dataAction =
        Map.of(
            "secretsmanager",
            "secretsmanager:GetSecretValue",
            "ssm",
            "ssm:GetParameter",
            "sns",
            "sns:Publish");
    List<Statement> kms =
        statements.stream()
            .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("kms:")))
            .toList();
    assertThat(kms).as("KMS statements").isNotEmpty();

    for (Statement statement : kms) {
      assertThat(statement.actions())
          .as("%s mixes KMS with other actions", statement)
          .allMatch(a -> a.startsWith("kms:"));
      assertThat(statement.resources()).as("%s resources", statement).containsExactly(ACCOUNT_KEYS);
      List<String> via =
          statement
              .conditions()
              .getOrDefault("StringEquals", Map.of())
              .getOrDefault("kms:ViaService", List.of());
      assertThat(via)
          .as("%s kms:ViaService", statement)
          .singleElement()
          .asString()
          .matches("[a-z]+\\.\\$\\{AWS::Region}\\.amazonaws\\.com");
      String service = via.get(0).substring(0, via.get(0).indexOf('.'));
      List<String> context =
          statement.conditions().values().stream()
              .flatMap(keys -> keys.getOrDefault(contextKey.get(service), List.of()).stream())
              .toList();
      List<String> own =
          statements.stream()
              .filter(s -> s.function().equals(statement.function()))
              .filter(s -> s.actions().contains(dataAction.get(service)))
              .flatMap(s -> s.resources().stream())
              .toList();
      assertThat(new TreeSet<>(context))
          .as(
              "%s: %s names exactly what the role reads through %s",
              statement, contextKey.get(service), service)
          .isNotEmpty()
          .isEqualTo(new TreeSet<>(own));
    }
  }

  /**
   * Every action a role grants is one its code calls (the SDK method is the action's name in lower
   * camel case): a permission nobody uses only widens what a stolen credential can do. KMS actions
   * are exempt, since the services call KMS on the function's behalf.
   */
  @Test
  void everyActionGrantedIsCalledByTheFunctionsCode() throws IOException {
    List<String> unused = new ArrayList<>();
    for (var function : TemplateYaml.functions(template).entrySet()) {
      String codeUri = (String) function.getValue().get("CodeUri");
      Matcher module = Pattern.compile("functions/([a-z-]+)/target/").matcher(codeUri);
      assertThat(module.find()).as("%s CodeUri %s", function.getKey(), codeUri).isTrue();
      Set<String> calls =
          methodCalls(
              REPOSITORY.resolve("functions").resolve(module.group(1)).resolve("src/main/java"),
              REPOSITORY.resolve("functions/common/src/main/java"));
      for (Statement statement : statements) {
        if (!statement.function().equals(function.getKey())) {
          continue;
        }
        for (String action : statement.actions()) {
          String name = action.substring(action.indexOf(':') + 1);
          String method = Character.toLowerCase(name.charAt(0)) + name.substring(1);
          if (!action.startsWith("kms:")
              && calls.stream().noneMatch(call -> call.startsWith(method))) {
            unused.add(statement + ": " + action + " (no " + method + "(...) call)");
          }
        }
      }
    }

    assertThat(unused).as("permissions the code never uses").isEmpty();
  }

  // --- what the parameters may widen -----------------------------------------------------------

  /** A parameter that reaches a policy cannot be a wildcard, a policy variable or empty. */
  @Test
  void parametersThatReachAPolicyRefuseWildcardsPolicyVariablesAndEmptiness() {
    Set<String> inPolicies = new TreeSet<>();
    Pattern reference = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
    for (Statement statement : statements) {
      List<String> texts = new ArrayList<>(statement.resources());
      statement.conditions().values().forEach(keys -> keys.values().forEach(texts::addAll));
      for (String text : texts) {
        Matcher matcher = reference.matcher(text);
        while (matcher.find()) {
          if (parameters.containsKey(matcher.group(1))) {
            inPolicies.add(matcher.group(1));
          }
        }
      }
    }
    assertThat(inPolicies)
        .contains(
            "ClusterName",
            "PipelineName",
            "ReportTopicArn",
            "SlackWebhookSecretArn",
            "SlackRouteSecretArns",
            "SecretsPrefix",
            "ParameterPrefix",
            "ProjectName");

    List<String> hostile =
        List.of(
            "*",
            "a*",
            "?",
            "${aws:username}",
            "pipeline-guard/dev/app/*",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:*",
            "arn:aws:sns:us-east-1:123456789012:*");
    for (String name : inPolicies) {
      for (String value : hostile) {
        assertThat(TemplateParameters.violations(parameters.get(name), value))
            .as("%s=%s is refused", name, value)
            .isNotEmpty();
      }
      // SlackRouteSecretArns' statements exist only when it is set (condition
      // HasSlackRouteSecrets).
      if (!name.equals("SlackRouteSecretArns")) {
        assertThat(TemplateParameters.violations(parameters.get(name), ""))
            .as("%s=\"\" is refused", name)
            .isNotEmpty();
      }
    }
  }

  /**
   * The validator may read one environment's application secrets: {@code <project>/<env>/app/} and
   * below. No accepted value covers the Slack webhook secret, the build secrets or another subtree,
   * checked over every combination of a few hostile pieces.
   */
  @Test
  void secretPrefixesAdmitOneEnvironmentsApplicationSecretsOnly() {
    Map<String, Object> secrets = parameters.get("SecretsPrefix");
    Map<String, Object> params = parameters.get("ParameterPrefix");
    for (String refused :
        List.of(
            "",
            "*",
            "/",
            "pipeline-guard/",
            "pipeline-guard/dev/",
            "pipeline-guard/dev/slack",
            "pipeline-guard/dev/slack-webhook",
            "pipeline-guard/dev/slack-webhook/",
            "pipeline-guard/dev/build/",
            "pipeline-guard/dev/app",
            "pipeline-guard/dev/a",
            "pipeline-guard/dev/app/*",
            "pipeline-guard/*/app/",
            "pipeline-guard/dev/ap?/",
            "pipeline-guard/qa/app/",
            "/pipeline-guard/dev/app/",
            "pipeline-guard/${aws:username}/app/")) {
      assertThat(TemplateParameters.violations(secrets, refused))
          .as("SecretsPrefix=%s is refused", refused)
          .isNotEmpty();
      assertThat(TemplateParameters.violations(params, "/" + refused))
          .as("ParameterPrefix=/%s is refused", refused)
          .isNotEmpty();
    }
    for (String accepted :
        List.of("pipeline-guard/dev/app/", "shop/prod/app/", "shop/staging/app/payments/")) {
      assertThat(TemplateParameters.violations(secrets, accepted))
          .as("SecretsPrefix=%s", accepted)
          .isEmpty();
      assertThat(TemplateParameters.violations(params, "/" + accepted))
          .as("ParameterPrefix=/%s", accepted)
          .isEmpty();
    }

    // By construction: whatever is accepted, "secret:<prefix>*" cannot reach outside app/.
    List<String> pieces =
        List.of("", "shop", "dev", "prod", "app", "slack-webhook", "build", "*", "a", "slack");
    List<String> outside =
        List.of(
            "shop/dev/slack-webhook-AbCdEf",
            "shop/prod/slack-webhook-AbCdEf",
            "shop/dev/build/token-AbCdEf",
            "shop/dev/application-AbCdEf",
            "shop/dev/apps/x-AbCdEf",
            "shop/dev-AbCdEf");
    int accepted = 0;
    for (String a : pieces) {
      for (String b : pieces) {
        for (String c : pieces) {
          for (String end : List.of("", "/", "/x/")) {
            String value = String.join("/", a, b, c) + end;
            if (TemplateParameters.violations(secrets, value).isEmpty()) {
              accepted++;
              for (String name : outside) {
                assertThat(name)
                    .as("SecretsPrefix=%s reaches %s", value, name)
                    .doesNotStartWith(value);
              }
              assertThat(value)
                  .as("SecretsPrefix=%s", value)
                  .matches("[a-z][a-z0-9-]+/(dev|staging|prod)/app/(.+/)?");
            }
          }
        }
      }
    }
    assertThat(accepted).as("combinations accepted").isPositive();
  }

  @Test
  void defaultsAreTheDevEnvironmentsOwnAndSatisfyTheirConstraints() {
    parameters.forEach(
        (name, properties) -> {
          if (properties.get("Default") instanceof String value) {
            assertThat(TemplateParameters.violations(properties, value))
                .as("%s default %s", name, value)
                .isEmpty();
          }
        });
    String project = (String) parameters.get("ProjectName").get("Default");
    String environment = (String) parameters.get("Environment").get("Default");
    assertThat(parameters.get("SecretsPrefix"))
        .containsEntry("Default", project + "/" + environment + "/app/");
    assertThat(parameters.get("ParameterPrefix"))
        .containsEntry("Default", "/" + project + "/" + environment + "/app/");
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** Names of the methods called in these source trees ({@code .name(} and {@code ::name}). */
  private static Set<String> methodCalls(Path... roots) throws IOException {
    Set<String> calls = new TreeSet<>();
    Pattern call = Pattern.compile("(?:\\.|::)([a-z][A-Za-z0-9]*)\\s*\\(?");
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher matcher = call.matcher(Files.readString(file));
          while (matcher.find()) {
            calls.add(matcher.group(1));
          }
        }
      }
    }
    return calls;
  }

  /**
   * AWS's Service Authorization Reference as cfn-lint ships it
   * (data/AdditionalSpecs/Policies.json): "service:action" in lower case -> the resource types the
   * action can be scoped to (none = "*").
   */
  private static Map<String, List<String>> serviceAuthorizationReference() throws IOException {
    String cfnLint =
        ExternalCommand.require(
            "cfn-lint",
            "run bin/test (it installs cfn-lint into .venv) or `python3 -m pip install cfn-lint`");
    ExternalCommand.Result located =
        ExternalCommand.run(
            REPOSITORY,
            Duration.ofMinutes(1),
            List.of(
                interpreterOf(cfnLint),
                "-c",
                "import os, cfnlint.data.AdditionalSpecs as s; print(os.path.join(os.path.dirname(s.__file__), 'Policies.json'))"));
    assertThat(located.exit())
        .as(
            "locating cfn-lint's Policies.json with the Python that runs %s:\n%s",
            cfnLint, located.output())
        .isZero();
    Json services =
        Json.parse(Files.readString(Path.of(located.stdout().strip()), StandardCharsets.UTF_8));
    Map<String, List<String>> types = new TreeMap<>();
    services
        .fields()
        .forEach(
            (service, body) ->
                body.get("Actions")
                    .fields()
                    .forEach(
                        (action, details) ->
                            types.put(
                                service + ":" + action,
                                details.get("Resources").isArray()
                                    ? details.get("Resources").texts()
                                    : List.of())));
    assertThat(types).as("actions in cfn-lint's Policies.json").hasSizeGreaterThan(1000);
    return types;
  }

  /** The Python interpreter a console script runs with (its shebang), or python3. */
  private static String interpreterOf(String script) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(script))) {
      String first =
          new String(in.readNBytes(256), StandardCharsets.ISO_8859_1)
              .lines()
              .findFirst()
              .orElse("");
      if (first.startsWith("#!") && first.contains("python")) {
        String[] words = first.substring(2).trim().split("\\s+");
        return words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0];
      }
    }
    return "python3";
  }
}
