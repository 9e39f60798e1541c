package dev.pipelineguard.demo;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.emulation.EcsStubs;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.emulation.WatcherScenarios;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A realistic account in the emulators, named the way the Terraform in terraform/ names things:
 * cluster {@code pipeline-guard-dev}, service {@code web}, repository {@code pipeline-guard-dev},
 * the task's secrets under {@code pipeline-guard/dev/app/}, the reports topic, the watcher's table
 * and the Slack webhook secret (pointing at the local Slack sink).
 */
final class DemoAccount {
  static final String CLUSTER = WatcherScenarios.CLUSTER;
  static final String SERVICE = WatcherScenarios.SERVICE;
  static final String PIPELINE = WatcherScenarios.PIPELINE;
  static final String REPOSITORY = "pipeline-guard-dev";
  static final String TAG = "3f9c2e1";
  static final String IMAGE = WatcherScenarios.REPO + ":" + TAG;
  static final String DATABASE_SECRET = "pipeline-guard/dev/app/database-url";
  static final String MISSING_SECRET = "pipeline-guard/dev/app/stripe-key";
  static final String FLAGS_PARAMETER = "/pipeline-guard/dev/app/feature-flags";
  static final String ARTIFACT_BUCKET = "pipeline-guard-dev-pipeline-artifacts";

  final String databaseSecretArn;
  final String webhookSecretArn;
  final String reportTopicArn;
  final String idempotencyTable;
  final String goodTaskDefinition;
  final String badTaskDefinition;
  final String artifactKey;
  final SqsClient sqs;
  final SnsClient sns;
  final EcsStubs ecs;

  private DemoAccount(Builder b) {
    this.databaseSecretArn = b.databaseSecretArn;
    this.webhookSecretArn = b.webhookSecretArn;
    this.reportTopicArn = b.reportTopicArn;
    this.idempotencyTable = b.idempotencyTable;
    this.goodTaskDefinition = b.goodTaskDefinition;
    this.badTaskDefinition = b.badTaskDefinition;
    this.artifactKey = b.artifactKey;
    this.sqs = b.sqs;
    this.sns = b.sns;
    this.ecs = b.ecs;
  }

  private static final class Builder {
    String databaseSecretArn;
    String webhookSecretArn;
    String reportTopicArn;
    String idempotencyTable;
    String goodTaskDefinition;
    String badTaskDefinition;
    String artifactKey;
    SqsClient sqs;
    SnsClient sns;
    EcsStubs ecs;
  }

  static DemoAccount seed(Emulators emulators) {
    TestAws.useMoto(emulators.moto);
    AwsSdk.Settings settings = TestAws.settings();
    Builder b = new Builder();

    SecretsManagerClient secrets = AwsSdk.build(SecretsManagerClient.builder(), settings);
    b.databaseSecretArn =
        secrets
            .createSecret(
                r ->
                    r.name(DATABASE_SECRET)
                        .secretString(
                            "postgres://app:s3cr3t-demo-password@db.internal:5432/orders"))
            .arn();
    b.webhookSecretArn =
        secrets
            .createSecret(
                r ->
                    r.name("pipeline-guard/dev/slack-webhook")
                        .secretString(
                            JsonWriter.write(Map.of("webhookUrl", emulators.slackWebhookUrl()))))
            .arn();

    SsmClient ssm = AwsSdk.build(SsmClient.builder(), settings);
    ssm.putParameter(
        r -> r.name(FLAGS_PARAMETER).type(ParameterType.SECURE_STRING).value("checkout-v2=on"));

    EcrClient ecr = AwsSdk.build(EcrClient.builder(), settings);
    ecr.createRepository(r -> r.repositoryName(REPOSITORY));
    ecr.putImage(r -> r.repositoryName(REPOSITORY).imageTag(TAG).imageManifest(MANIFEST));

    EcsClient ecsClient = AwsSdk.build(EcsClient.builder(), settings);
    ecsClient.createCluster(r -> r.clusterName(CLUSTER));
    b.goodTaskDefinition =
        register(
            ecsClient,
            List.of(
                Secret.builder().name("DATABASE_URL").valueFrom(b.databaseSecretArn).build(),
                Secret.builder().name("FEATURE_FLAGS").valueFrom(FLAGS_PARAMETER).build()),
            List.of(env("APP_ENV", "dev"), env("PORT", "8080")));
    // The change that would have paged someone: a new secret nobody created yet, and a password
    // pasted
    // into plain environment variables (the article's Mistake 7).
    b.badTaskDefinition =
        register(
            ecsClient,
            List.of(
                Secret.builder().name("DATABASE_URL").valueFrom(b.databaseSecretArn).build(),
                Secret.builder()
                    .name("STRIPE_KEY")
                    .valueFrom(
                        "arn:aws:secretsmanager:us-east-1:"
                            + EcsStubs.ACCOUNT
                            + ":secret:"
                            + MISSING_SECRET)
                    .build()),
            List.of(env("APP_ENV", "dev"), env("DB_PASSWORD", "hunter2-Prod-2024!")));

    S3Client s3 = AwsSdk.build(S3Client.builder().forcePathStyle(true), settings);
    s3.createBucket(r -> r.bucket(ARTIFACT_BUCKET));
    b.artifactKey = "pipeline-guard-dev-pi/BuildOutpu/Dx7Kp2Q";
    s3.putObject(
        r -> r.bucket(ARTIFACT_BUCKET).key(b.artifactKey),
        RequestBody.fromBytes(
            zip(
                "imagedefinitions.json",
                JsonWriter.write(List.of(Map.of("name", "app", "imageUri", IMAGE))))));

    b.sns = AwsSdk.build(SnsClient.builder(), settings);
    b.reportTopicArn = b.sns.createTopic(r -> r.name("pipeline-guard-dev-reports")).topicArn();
    b.sqs = AwsSdk.build(SqsClient.builder(), settings);

    DynamoDbClient dynamo = AwsSdk.build(DynamoDbClient.builder(), settings);
    b.idempotencyTable = "pipeline-guard-dev-watcher-reports";
    dynamo.createTable(
        r ->
            r.tableName(b.idempotencyTable)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));

    b.ecs = new EcsStubs(emulators.wiremock, CLUSTER);
    return new DemoAccount(b);
  }

  /**
   * The service as DescribeServices shows it: settled on {@code taskDefinition} (moto has no
   * rollout states).
   */
  void serviceSettledOn(String taskDefinition) {
    Instant since = Instant.now().minusSeconds(3600);
    ecs.describeServices(
        ecs.service(
            SERVICE,
            true,
            List.of(
                EcsStubs.deployment(
                    "ecs-svc/1957203861194027364",
                    "PRIMARY",
                    taskDefinition,
                    "COMPLETED",
                    "ECS deployment ecs-svc/1957203861194027364 completed.",
                    since,
                    2,
                    2,
                    0)),
            List.of(
                EcsStubs.event(
                    since.plusSeconds(300), "(service web) has reached a steady state."))));
  }

  /** The circuit breaker rolled web:42 (image 3f9c2e1, unreachable ECR) back to web:41. */
  void imagePullRollback() {
    WatcherScenarios.imagePullRollback(ecs);
  }

  private static String register(
      EcsClient ecs, List<Secret> secrets, List<KeyValuePair> environment) {
    return ecs.registerTaskDefinition(
            r ->
                r.family(SERVICE)
                    .networkMode(NetworkMode.AWSVPC)
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .cpu("256")
                    .memory("512")
                    .executionRoleArn(
                        "arn:aws:iam::123456789012:role/pipeline-guard-dev-ecs-execution")
                    .containerDefinitions(
                        ContainerDefinition.builder()
                            .name("app")
                            .image(IMAGE)
                            .essential(true)
                            .secrets(secrets)
                            .environment(environment)
                            .build()))
        .taskDefinition()
        .taskDefinitionArn();
  }

  private static KeyValuePair env(String name, String value) {
    return KeyValuePair.builder().name(name).value(value).build();
  }

  private static byte[] zip(String name, String content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A CodePipeline job event for the Validate stage, exactly as CodePipeline sends it. */
  String jobEvent(String jobId, String userParameters) {
    Map<String, Object> s3Location = new LinkedHashMap<>();
    s3Location.put("bucketName", ARTIFACT_BUCKET);
    s3Location.put("objectKey", artifactKey);
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("name", "build_output");
    artifact.put("revision", null);
    artifact.put("location", Map.of("type", "S3", "s3Location", s3Location));
    Map<String, Object> credentials = new LinkedHashMap<>();
    credentials.put("accessKeyId", "ASIADEMOEXAMPLE7KEYX");
    credentials.put("secretAccessKey", "demoSecretAccessKeyThatMustNeverBeLogged0");
    credentials.put("sessionToken", "FwoGZXIvYXdzEDemoSessionTokenThatMustNeverBeLogged");
    credentials.put("expirationTime", Instant.now().plusSeconds(3600).toEpochMilli());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(
        "actionConfiguration",
        Map.of(
            "configuration",
            Map.of(
                "FunctionName",
                "pipeline-guard-dev-pre-deploy-validator",
                "UserParameters",
                userParameters)));
    data.put("inputArtifacts", List.of(artifact));
    data.put("outputArtifacts", List.of());
    data.put("artifactCredentials", credentials);
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("id", jobId);
    job.put("accountId", EcsStubs.ACCOUNT);
    job.put("data", data);
    return JsonWriter.write(Map.of("CodePipeline.job", job));
  }

  static String userParameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("cluster", CLUSTER);
    p.put("service", SERVICE);
    p.put("requiredSecrets", List.of(FLAGS_PARAMETER));
    p.put("timeoutSeconds", 600);
    p.put("pipeline", PIPELINE);
    return JsonWriter.write(p);
  }

  private static final String MANIFEST =
      "{\"schemaVersion\":2,"
          + "\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
          + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":7023,"
          + "\"digest\":\"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7\"},"
          + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":32654,"
          + "\"digest\":\"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f\"}]}";
}
