package dev.pipelineguard.validator;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Test clients and resources in the shared moto_server, with unique names per test. Clients are
 * built after the caller has routed services (TestAws.route), so they pick the routing up.
 */
public final class Moto {
  public static final Region REGION = Region.of(TestAws.REGION);
  static final String ACCOUNT = TestAws.ACCOUNT;

  private Moto() {}

  public static MotoServer start() {
    MotoServer moto = MotoServer.shared();
    TestAws.useMoto(moto);
    return moto;
  }

  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
          C>
      C client(B builder) {
    return AwsSdk.build(builder, TestAws.settings());
  }

  public static SecretsManagerClient secretsManager() {
    return client(SecretsManagerClient.builder());
  }

  static SsmClient ssm() {
    return client(SsmClient.builder());
  }

  public static EcrClient ecr() {
    return client(EcrClient.builder());
  }

  public static EcsClient ecs() {
    return client(EcsClient.builder());
  }

  static S3Client s3() {
    return client(S3Client.builder());
  }

  public static ElasticLoadBalancingV2Client elb() {
    return client(ElasticLoadBalancingV2Client.builder());
  }

  public static SnsClient sns() {
    return client(SnsClient.builder());
  }

  public static SqsClient sqs() {
    return client(SqsClient.builder());
  }

  public static CodePipelineClient codePipeline() {
    return client(CodePipelineClient.builder());
  }

  // ---- resources ----

  /** A secret with a string value; returns its full ARN. */
  public static String secret(String name, String value) {
    return secretsManager().createSecret(b -> b.name(name).secretString(value)).arn();
  }

  public static void parameter(String name, String value) {
    ssm().putParameter(b -> b.name(name).value(value).type(ParameterType.SECURE_STRING));
  }

  /** Pushes an image manifest under a tag; returns the image URI. */
  public static String image(String repository, String tag) {
    EcrClient ecr = ecr();
    if (ecr.describeRepositories().repositories().stream()
        .noneMatch(r -> r.repositoryName().equals(repository))) {
      ecr.createRepository(b -> b.repositoryName(repository));
    }
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":7023,\"digest\":\"sha256:"
            + "c".repeat(64)
            + "\"},\"layers\":[],\"annotations\":{\"tag\":\""
            + repository
            + ":"
            + tag
            + "\"}}";
    ecr.putImage(b -> b.repositoryName(repository).imageManifest(manifest).imageTag(tag));
    return ACCOUNT + ".dkr.ecr." + TestAws.REGION + ".amazonaws.com/" + repository + ":" + tag;
  }

  public static void cluster(String name) {
    ecs().createCluster(b -> b.clusterName(name));
  }

  /** Registers a task definition; returns its ARN. */
  public static String taskDefinition(String family, ContainerDefinition... containers) {
    List<ContainerDefinition> withMemory = new ArrayList<>();
    for (ContainerDefinition c : containers) {
      withMemory.add(c.memory() == null ? c.toBuilder().memory(512).build() : c);
    }
    return ecs()
        .registerTaskDefinition(b -> b.family(family).containerDefinitions(withMemory))
        .taskDefinition()
        .taskDefinitionArn();
  }

  public static ContainerDefinition container(
      String name, String image, Map<String, String> environment, Map<String, String> secrets) {
    return ContainerDefinition.builder()
        .name(name)
        .image(image)
        .essential(true)
        .environment(
            environment.entrySet().stream()
                .map(
                    e ->
                        software.amazon.awssdk.services.ecs.model.KeyValuePair.builder()
                            .name(e.getKey())
                            .value(e.getValue())
                            .build())
                .toList())
        .secrets(
            secrets.entrySet().stream()
                .map(
                    e ->
                        software.amazon.awssdk.services.ecs.model.Secret.builder()
                            .name(e.getKey())
                            .valueFrom(e.getValue())
                            .build())
                .toList())
        .build();
  }

  /** A target group (in a new VPC) with healthy IP targets; returns its ARN. */
  public static String targetGroup(String name, String... ips) {
    String vpc = ec2("CreateVpc", "CidrBlock=10.7.0.0/16", "vpcId");
    ElasticLoadBalancingV2Client elb = elb();
    String arn =
        elb.createTargetGroup(
                b ->
                    b.name(name).protocol("HTTP").port(80).vpcId(vpc).targetType(TargetTypeEnum.IP))
            .targetGroups()
            .get(0)
            .targetGroupArn();
    if (ips.length > 0) {
      elb.registerTargets(
          b ->
              b.targetGroupArn(arn)
                  .targets(
                      java.util.Arrays.stream(ips)
                          .map(
                              ip ->
                                  software.amazon.awssdk.services.elasticloadbalancingv2.model
                                      .TargetDescription.builder()
                                      .id(ip)
                                      .port(8080)
                                      .build())
                          .toList()));
    }
    return arn;
  }

  /**
   * A target group whose one target is a stopped EC2 instance (moto reports it "unused"); returns
   * its ARN.
   */
  public static String targetGroupWithStoppedInstance(String name) {
    String vpc = ec2("CreateVpc", "CidrBlock=10.8.0.0/16", "vpcId");
    ElasticLoadBalancingV2Client elb = elb();
    String arn =
        elb.createTargetGroup(
                b ->
                    b.name(name)
                        .protocol("HTTP")
                        .port(80)
                        .vpcId(vpc)
                        .targetType(TargetTypeEnum.INSTANCE))
            .targetGroups()
            .get(0)
            .targetGroupArn();
    String instance =
        ec2("RunInstances", "ImageId=ami-12c6146b&MinCount=1&MaxCount=1", "instanceId");
    elb.registerTargets(
        b ->
            b.targetGroupArn(arn)
                .targets(
                    software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription
                        .builder()
                        .id(instance)
                        .port(8080)
                        .build()));
    ec2("StopInstances", "InstanceId.1=" + instance, "instanceId");
    return arn;
  }

  /** A zip of the given files: name, content, name, content, ... */
  public static byte[] zip(String... namesAndContents) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * An S3 object holding a zip of the given files; returns nothing (bucket/key are the caller's).
   */
  public static void artifact(String bucket, String key, byte[] zip) {
    S3Client s3 = s3();
    if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
      s3.createBucket(b -> b.bucket(bucket));
    }
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(zip));
  }

  /**
   * One EC2 Query API call to moto (the SDK's EC2 module is large and only needed here); returns
   * the first value of the named XML element.
   */
  static String ec2(String action, String params, String element) {
    try {
      URI endpoint = MotoServer.shared().endpoint();
      HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
      c.setRequestProperty(
          "Authorization",
          "AWS4-HMAC-SHA256 Credential=testing/20250101/"
              + TestAws.REGION
              + "/ec2/aws4_request, SignedHeaders=host, Signature=0");
      c.getOutputStream()
          .write(
              ("Action=" + action + "&Version=2016-11-15&" + params)
                  .getBytes(StandardCharsets.UTF_8));
      try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(body);
        if (!m.find()) {
          throw new IllegalStateException(
              "moto EC2 " + action + " answered without " + element + ": " + body);
        }
        return m.group(1);
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto EC2 " + action + " failed", e);
    }
  }
}
