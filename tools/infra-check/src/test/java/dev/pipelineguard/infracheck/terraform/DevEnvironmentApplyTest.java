package dev.pipelineguard.infracheck.terraform;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.pipelineguard.emulation.AwsJsonStubs.CODEPIPELINE;
import static dev.pipelineguard.emulation.AwsJsonStubs.ok;
import static dev.pipelineguard.emulation.AwsJsonStubs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.ExternalCommand;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.RepoPaths;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.infracheck.terraform.TerraformCli.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * environments/dev applied with the real provider against moto_server, as docs/deploy.md does it on
 * AWS: the state bucket from bootstrap, backend.hcl from its output, a full apply on the S3
 * backend, the outputs through bin/deploy's parameter mapping into template.yaml's Parameters, the
 * pre-deploy validator (its jar, through bin/local-invoke) on what Terraform created, then destroy.
 * moto's differences from AWS are made up for in {@link MotoQuirks}, never in terraform/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevEnvironmentApplyTest {
  private static final String REGION = TestAws.REGION;
  private static final Duration APPLY = Duration.ofMinutes(12);

  private static TerraformCli terraform;
  private static MotoServer moto;
  private static WireMockServer codePipeline;
  private static Path workspace;
  private static Path dev;
  private static Map<String, String> env;
  private static String stateBucket;
  private static Map<String, String> outputs;
  private static Json outputJson;

  private static CompletableFuture<Void> applied;

  @BeforeAll
  static void awaitTheApply() throws Exception {
    try {
      start().get(20, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /**
   * Starts bootstrap's and dev's apply in the background (idempotent): {@link StartTerraformEarly}
   * calls it when the test plan begins, so the provider's waits overlap the other tests.
   */
  static synchronized CompletableFuture<Void> start() {
    if (applied == null) {
      applied = new CompletableFuture<>();
      Thread thread =
          new Thread(
              () -> {
                try {
                  applyBootstrapAndDev();
                  applied.complete(null);
                } catch (Throwable e) {
                  applied.completeExceptionally(e);
                }
              },
              "terraform-apply");
      thread.setDaemon(true);
      thread.start();
    }
    return applied;
  }

  private static void applyBootstrapAndDev() throws IOException {
    terraform = TerraformCli.shared();
    moto = MotoServer.shared();
    TestAws.useMoto(moto);
    codePipeline =
        new WireMockServer(
            options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .jettyAcceptors(1)
                .extensions(new MotoQuirks.EpochTimestamps()));
    codePipeline.start();
    AwsJsonStubs.proxyUnmatchedTo(codePipeline, moto.endpoint());
    MotoQuirks.fixCodePipelineTimestamps(codePipeline, moto.endpoint());
    codePipeline.stubFor(target(CODEPIPELINE + "PutJobSuccessResult").willReturn(ok("{}")));
    codePipeline.stubFor(target(CODEPIPELINE + "PutJobFailureResult").willReturn(ok("{}")));
    TestAws.route("CodePipeline", codePipeline);
    URI wiremock = URI.create("http://127.0.0.1:" + codePipeline.port());

    // A mini repository: terraform/, template.yaml and bin/deploy, which finds the rest beside
    // itself.
    workspace = terraform.home().resolve("apply");
    Path tree = TerraformWorkspace.copy(workspace);
    Files.createDirectories(workspace.resolve("bin"));
    Files.copy(
        RepoPaths.root().resolve("bin/deploy"),
        workspace.resolve("bin/deploy"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(
        workspace.resolve("bin/deploy"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.copy(
        RepoPaths.root().resolve("template.yaml"),
        workspace.resolve("template.yaml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    env = TerraformCli.emulatorCredentials(REGION);
    terraform.requireProvider();

    // docs/deploy.md step 1: the state bucket. Only the bucket and what the backend relies on
    // (versioning, KMS default encryption, ownership, public access block): the lifecycle rule
    // costs
    // the provider's ~55 s consistency wait and the TLS-only policy is one moto cannot evaluate.
    Path bootstrap = tree.resolve("bootstrap");
    MotoQuirks.providerOverride(bootstrap, moto.endpoint(), wiremock);
    succeeded(terraform.init(bootstrap, env));
    succeeded(
        terraform.run(
            bootstrap,
            APPLY,
            env,
            "apply",
            "-auto-approve",
            "-input=false",
            "-no-color",
            "-var",
            "aws_region=" + REGION,
            "-target=aws_s3_bucket_versioning.state",
            "-target=aws_s3_bucket_server_side_encryption_configuration.state",
            "-target=aws_s3_bucket_ownership_controls.state",
            "-target=aws_s3_bucket_public_access_block.state"));
    stateBucket =
        succeeded(
                terraform.run(
                    bootstrap, Duration.ofMinutes(1), env, "output", "-raw", "state_bucket_name"))
            .stdout();
    String backendConfig =
        succeeded(
                terraform.run(
                    bootstrap, Duration.ofMinutes(1), env, "output", "-raw", "backend_config"))
            .stdout();

    // Steps 2 and 6: backend.hcl from bootstrap's output, then the whole environment.
    dev = tree.resolve("environments/dev");
    Files.writeString(dev.resolve("backend.hcl"), backendConfig);
    Path motoBackend = MotoQuirks.backendOverride(dev, moto.endpoint());
    MotoQuirks.providerOverride(dev, moto.endpoint(), wiremock);
    MotoQuirks.codePipelineModuleOverride(tree.resolve("modules/codepipeline"));
    MotoQuirks.networkingModuleOverride(tree.resolve("modules/networking"), REGION);
    String certificate = MotoQuirks.certificate(moto.endpoint(), "dev.shop.example.com");
    Files.writeString(
        dev.resolve("moto.tfvars"),
        """
        github_repository = "example/shop"
        certificate_arn   = "%s"
        # moto has no CodeConnections API: an existing connection is named instead of creating one.
        codestar_connection_arn = "arn:aws:codestar-connections:%s:%s:connection/00000000-0000-0000-0000-000000000000"
        """
            .formatted(certificate, REGION, TestAws.ACCOUNT));
    succeeded(
        terraform.init(
            dev,
            env,
            "-backend-config=backend.hcl",
            "-backend-config=" + motoBackend.getFileName()));
    succeeded(
        terraform.run(
            dev,
            APPLY,
            env,
            "apply",
            "-auto-approve",
            "-input=false",
            "-no-color",
            "-var-file=moto.tfvars"));

    outputJson =
        Json.parse(
            succeeded(terraform.run(dev, Duration.ofMinutes(1), env, "output", "-json")).stdout());
    outputs = new LinkedHashMap<>();
    outputJson
        .fields()
        .forEach(
            (name, output) -> {
              if (output.get("value").isString()) {
                outputs.put(name, output.get("value").text());
              }
            });
  }

  @AfterAll
  static void stop() {
    TestAws.unroute("CodePipeline");
    if (codePipeline != null) {
      codePipeline.stop();
    }
  }

  private static Result succeeded(Result result) {
    assertThat(result.exit()).as(result.describe()).isZero();
    return result;
  }

  private static <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
          C>
      C client(B builder) {
    return AwsSdk.build(builder, TestAws.settings());
  }

  /** Finding 2: the state object is encrypted the way the bucket says (KMS), not with SSE-S3. */
  @Test
  @Order(1)
  void stateIsStoredWithTheBucketsKmsEncryption() {
    try (S3Client s3 = client(S3Client.builder())) {
      var state =
          s3.headObject(b -> b.bucket(stateBucket).key("environments/dev/terraform.tfstate"));

      assertThat(state.serverSideEncryptionAsString()).isEqualTo("aws:kms");
      assertThatThrownBy(
              () ->
                  s3.headObject(
                      b -> b.bucket(stateBucket).key("environments/dev/terraform.tfstate.tflock")))
          .as("the S3 native lock is released after the apply")
          .isInstanceOf(S3Exception.class);
    }
  }

  /**
   * bin/deploy's mapping: Terraform's outputs become exactly template.yaml's infrastructure
   * Parameters.
   */
  @Test
  @Order(2)
  void binDeployFillsTheTemplateParametersWithWhatTerraformCreated() throws Exception {
    Map<String, String> deployEnv = new HashMap<>(env);
    deployEnv.put("TF_CLI_CONFIG_FILE", terraform.home().resolve("cli.tfrc").toString());
    ExternalCommand.Result deploy =
        ExternalCommand.run(
            workspace,
            Duration.ofMinutes(3),
            List.of(
                workspace.resolve("bin/deploy").toString(),
                "dev",
                "--dry-run",
                "--parameter-overrides",
                "SlackNotifyOn=failure"),
            deployEnv,
            null);
    assertThat(deploy.exit()).as(deploy.output()).isZero();

    List<String> args = deploy.stdout().lines().toList();
    assertThat(args.subList(0, 2)).containsExactly("sam", "deploy");
    assertThat(after(args, "--stack-name")).containsExactly("pipeline-guard-dev-functions");
    assertThat(after(args, "--region")).containsExactly(REGION);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : after(args, "--parameter-overrides")) {
      assertThat(pair).as("a Key=Value word").matches("[A-Za-z0-9]+=\\S+");
      parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }

    Map<String, Map<String, Object>> template =
        TemplateParameters.read(RepoPaths.root().resolve("template.yaml"));
    Set<String> infrastructure = new TreeSet<>(template.keySet());
    infrastructure.removeAll(TerraformTreeTest.SAM_TUNING_PARAMETERS);
    Set<String> passed = new TreeSet<>(parameters.keySet());
    passed.remove("SlackNotifyOn");
    assertThat(passed)
        .as("Terraform fills every infrastructure parameter of template.yaml, and only those")
        .isEqualTo(infrastructure);
    assertThat(parameters)
        .containsEntry("SlackNotifyOn", "failure"); // the user's own overrides join Terraform's
    parameters.forEach(
        (name, value) ->
            assertThat(TemplateParameters.violations(template.get(name), value))
                .as("%s=%s against template.yaml", name, value)
                .isEmpty());

    // Each value names what Terraform created.
    assertThat(parameters)
        .containsEntry("Environment", "dev")
        .containsEntry("ProjectName", "pipeline-guard")
        .containsEntry("ClusterName", outputs.get("ecs_cluster_name"))
        .containsEntry("PipelineName", outputs.get("pipeline_name"));
    try (EcsClient ecs = client(EcsClient.builder());
        S3Client s3 = client(S3Client.builder());
        SnsClient sns = client(SnsClient.builder());
        SecretsManagerClient secrets = client(SecretsManagerClient.builder());
        CodePipelineClient pipelines = client(CodePipelineClient.builder())) {
      assertThat(ecs.describeClusters(b -> b.clusters(parameters.get("ClusterName"))).clusters())
          .singleElement()
          .satisfies(c -> assertThat(c.status()).isEqualTo("ACTIVE"));
      s3.headBucket(b -> b.bucket(parameters.get("ArtifactBucketName")));
      // Only the roles SAM puts under the reporting path may publish what the notifier posts (issue
      // 13).
      Json topicPolicy =
          Json.parse(
              sns.getTopicAttributes(b -> b.topicArn(parameters.get("ReportTopicArn")))
                  .attributes()
                  .get("Policy"));
      assertThat(topicPolicy.get("Statement").elements())
          .anySatisfy(
              statement -> {
                assertThat(statement.get("Effect").text()).isEqualTo("Deny");
                assertThat(statement.path("Condition", "ArnNotLike", "aws:PrincipalArn").text())
                    .isEqualTo(
                        "arn:aws:iam::"
                            + TestAws.ACCOUNT
                            + ":role/pipeline-guard/dev/report-publishers/*");
              });
      sns.getTopicAttributes(b -> b.topicArn(parameters.get("AlarmTopicArn")));
      assertThat(
              secrets
                  .describeSecret(b -> b.secretId(parameters.get("SlackWebhookSecretArn")))
                  .name())
          .isEqualTo(outputs.get("slack_webhook_secret_name"));
      assertThat(
              secrets.describeSecret(b -> b.secretId(parameters.get("SlackAppSecretArn"))).name())
          .isEqualTo(outputs.get("slack_app_secret_name"));
      var pipeline = pipelines.getPipeline(b -> b.name(parameters.get("PipelineName"))).pipeline();
      assertThat(pipeline.artifactStore().location())
          .isEqualTo(parameters.get("ArtifactBucketName"));
      assertThat(
              pipeline.stages().stream()
                  .flatMap(s -> s.actions().stream())
                  .filter(a -> a.actionTypeId().categoryAsString().equals("Build"))
                  .map(a -> a.configuration().get("ProjectName")))
          .containsExactly(parameters.get("BuildProjectName"));
      assertThat(outputJson.path("task_secret_names", "value").texts())
          .singleElement()
          .asString()
          .startsWith(parameters.get("SecretsPrefix"));
    }
  }

  /**
   * The validator's jar, through bin/local-invoke, on the job the Terraform-created pipeline would
   * send: its UserParameters, an imagedefinitions.json in its artifact bucket, an image in its
   * repository. The task secret exists but has no value yet (docs/deploy.md step 4): the validator
   * must block the deployment and name it; once the value is put, the secrets check passes.
   */
  @Test
  @Order(3)
  void validatorChecksTheServiceSecretsAndArtifactTerraformCreated() throws Exception {
    String repositoryUrl = outputs.get("ecr_repository_url");
    String repository = repositoryUrl.substring(repositoryUrl.indexOf('/') + 1);
    String bucket = outputJson.path("sam_parameters", "value", "ArtifactBucketName").text();
    try (EcrClient ecr = client(EcrClient.builder());
        S3Client s3 = client(S3Client.builder())) {
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
              + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":7023,\"digest\":\"sha256:"
              + "c".repeat(64)
              + "\"},\"layers\":[]}";
      ecr.putImage(b -> b.repositoryName(repository).imageManifest(manifest).imageTag("abc1234"));
      ecr.startImageScan(b -> b.repositoryName(repository).imageId(i -> i.imageTag("abc1234")));
      s3.putObject(
          b -> b.bucket(bucket).key("pipeline-guard-dev-pi/build_outp/Ab12Cd3"),
          RequestBody.fromBytes(
              zip(
                  "imagedefinitions.json",
                  "[{\"name\":\"app\",\"imageUri\":\"" + repositoryUrl + ":abc1234\"}]")));
    }

    String blocked = "11111111-2222-4333-8444-555555555555";
    ExternalCommand.Result first = invokeValidator(blocked, bucket);
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(checks(first, blocked))
        .containsEntry("artifact", "PASSED")
        .containsEntry("image", "PASSED")
        .containsEntry("secrets", "FAILED");
    assertThat(
            AwsJsonStubs.calls(codePipeline, CODEPIPELINE + "PutJobSuccessResult").stream()
                .filter(c -> c.get("jobId").text().equals(blocked)))
        .isEmpty();
    assertThat(
            AwsJsonStubs.calls(codePipeline, CODEPIPELINE + "PutJobFailureResult").stream()
                .filter(c -> c.get("jobId").text().equals(blocked)))
        .singleElement()
        .satisfies(
            failure -> {
              String message = failure.path("failureDetails", "message").text();
              assertThat(message)
                  .contains("service 'pipeline-guard-dev' in cluster 'pipeline-guard-dev'")
                  .contains("pipeline-guard/dev/app/database-url")
                  .contains("FAILED secrets");
            });

    try (SecretsManagerClient secrets = client(SecretsManagerClient.builder())) {
      secrets.putSecretValue(
          b ->
              b.secretId("pipeline-guard/dev/app/database-url")
                  .secretString("postgres://app@db.internal:5432/app"));
    }
    String next = "66666666-7777-4888-9999-000000000000";
    ExternalCommand.Result second = invokeValidator(next, bucket);
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(checks(second, next))
        .containsEntry("secrets", "PASSED")
        .containsEntry("artifact", "PASSED");
    long results =
        AwsJsonStubs.calls(codePipeline, CODEPIPELINE + "PutJobSuccessResult").stream()
                .filter(c -> c.get("jobId").text().equals(next))
                .count()
            + AwsJsonStubs.calls(codePipeline, CODEPIPELINE + "PutJobFailureResult").stream()
                .filter(c -> c.get("jobId").text().equals(next))
                .count();
    assertThat(results).as("exactly one job result").isEqualTo(1);
    assertThat(second.output()).doesNotContain("postgres://app@db.internal");
  }

  /** terraform destroy leaves an empty state and removes what it created. */
  @Test
  @Order(4)
  void destroyIsClean() {
    succeeded(
        terraform.run(
            dev,
            APPLY,
            env,
            "destroy",
            "-auto-approve",
            "-input=false",
            "-no-color",
            "-var-file=moto.tfvars"));

    assertThat(succeeded(terraform.run(dev, Duration.ofMinutes(1), env, "state", "list")).stdout())
        .isBlank();
    try (EcsClient ecs = client(EcsClient.builder());
        S3Client s3 = client(S3Client.builder());
        SecretsManagerClient secrets = client(SecretsManagerClient.builder());
        EcrClient ecr = client(EcrClient.builder())) {
      assertThat(ecs.describeClusters(b -> b.clusters("pipeline-guard-dev")).clusters())
          .allSatisfy(c -> assertThat(c.status()).isEqualTo("INACTIVE"));
      assertThatThrownBy(
              () -> s3.headBucket(b -> b.bucket("pipeline-guard-dev-artifacts-" + TestAws.ACCOUNT)))
          .isInstanceOf(NoSuchBucketException.class);
      assertThatThrownBy(
              () -> secrets.describeSecret(b -> b.secretId("pipeline-guard/dev/app/database-url")))
          .isInstanceOf(ResourceNotFoundException.class);
      assertThat(ecr.describeRepositories().repositories())
          .noneMatch(r -> r.repositoryName().startsWith("pipeline-guard-dev"));
    }
  }

  // --- helpers
  // -------------------------------------------------------------------------------------

  /** The validator on a job event built from the published sample, with this pipeline's values. */
  private static ExternalCommand.Result invokeValidator(String jobId, String bucket)
      throws IOException {
    Json sample = Json.parse(Files.readString(RepoPaths.event("validator/first-invocation.json")));
    @SuppressWarnings(
        "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
    Map<String, Object> event = (Map<String, Object>) sample.toPlain();
    Map<String, Object> job = child(event, "CodePipeline.job");
    job.put("id", jobId);
    Map<String, Object> data = child(job, "data");
    Map<String, Object> configuration = child(child(data, "actionConfiguration"), "configuration");
    configuration.put("FunctionName", outputs.get("validator_function_name"));
    configuration.put("UserParameters", outputs.get("validator_user_parameters"));
    @SuppressWarnings(
        "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
    Map<String, Object> artifact =
        (Map<String, Object>) ((List<Object>) data.get("inputArtifacts")).get(0);
    artifact.put("name", "build_output");
    child(child(artifact, "location"), "s3Location")
        .putAll(
            Map.of("bucketName", bucket, "objectKey", "pipeline-guard-dev-pi/build_outp/Ab12Cd3"));
    data.remove(
        "encryptionKey"); // the artifact bucket has no customer key: S3's default encryption
    Path file = workspace.resolve("job-" + jobId + ".json");
    Files.writeString(file, JsonWriter.write(event));

    Map<String, String> lambdaEnv = new HashMap<>(env);
    lambdaEnv.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
    lambdaEnv.put("AWS_ENDPOINT_URL_CODEPIPELINE", "http://127.0.0.1:" + codePipeline.port());
    return ExternalCommand.run(
        RepoPaths.root(),
        Duration.ofMinutes(3),
        List.of(
            RepoPaths.root().resolve("bin/local-invoke").toString(),
            "PreDeployValidatorFunction",
            "-e",
            file.toString()),
        lambdaEnv,
        null);
  }

  /** check id -> status from the validator's JSON log lines for one job. */
  private static Map<String, String> checks(ExternalCommand.Result result, String jobId) {
    Map<String, String> checks = new LinkedHashMap<>();
    result
        .stderr()
        .lines()
        .filter(l -> l.startsWith("{") && l.contains("\"event\":\"check\""))
        .map(Json::parse)
        .filter(line -> line.get("jobId").text().equals(jobId))
        .forEach(line -> checks.put(line.get("check").text(), line.get("status").text()));
    return checks;
  }

  @SuppressWarnings(
      "unchecked") // a parsed JSON tree: objects are Map<String, Object>, arrays List<Object>
  private static Map<String, Object> child(Map<String, Object> parent, String name) {
    return (Map<String, Object>) parent.get(name);
  }

  /** The words after {@code flag} up to the next {@code --} flag. */
  private static List<String> after(List<String> args, String flag) {
    int start = args.indexOf(flag) + 1;
    assertThat(start).as("%s in %s", flag, args).isPositive();
    int end = start;
    while (end < args.size() && !args.get(end).startsWith("--")) {
      end++;
    }
    return args.subList(start, end);
  }

  private static byte[] zip(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
