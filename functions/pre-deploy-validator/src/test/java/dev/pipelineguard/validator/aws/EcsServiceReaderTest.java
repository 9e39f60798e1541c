package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TaskDefinition;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.Secret;

/** Reading services and task definitions from moto. */
class EcsServiceReaderTest {
  private static EcsServiceReader ecs;

  @BeforeAll
  static void start() {
    Moto.start();
    ecs = new EcsServiceReader(Moto::ecs);
  }

  @Test
  void readsEveryPlaceATaskDefinitionReferencesASecret() {
    ContainerDefinition app =
        Moto.container(
                "app",
                "repo/app:1",
                Map.of("LOG_LEVEL", "INFO"),
                Map.of(
                    "DB_PASSWORD",
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::"))
            .toBuilder()
            .logConfiguration(
                LogConfiguration.builder()
                    .logDriver(LogDriver.SPLUNK)
                    .secretOptions(
                        Secret.builder()
                            .name("splunk-token")
                            .valueFrom("/prod/splunk-token")
                            .build())
                    .build())
            .repositoryCredentials(
                r ->
                    r.credentialsParameter(
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf"))
            .build();
    String arn = Moto.taskDefinition(Moto.unique("orders"), app);

    TaskDefinition td = ecs.describeTaskDefinition(arn);

    assertThat(td.arn()).isEqualTo(arn);
    TaskDefinition.Container c = td.containers().get(0);
    assertThat(c.name()).isEqualTo("app");
    assertThat(c.image()).isEqualTo("repo/app:1");
    assertThat(c.environment())
        .containsExactly(new TaskDefinition.EnvironmentVariable("LOG_LEVEL", "INFO"));
    assertThat(c.secrets())
        .containsExactly(
            new TaskDefinition.SecretUse(
                "secrets DB_PASSWORD",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::"),
            new TaskDefinition.SecretUse(
                "logConfiguration.secretOptions splunk-token", "/prod/splunk-token"),
            new TaskDefinition.SecretUse(
                "repositoryCredentials",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf"));
  }

  @Test
  void aMissingTaskDefinitionIsNotFound() {
    AwsCallException e =
        catchThrowableOfType(
            AwsCallException.class,
            () ->
                ecs.describeTaskDefinition(
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/"
                        + Moto.unique("gone")
                        + ":9"));

    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.NOT_FOUND);
  }

  @Test
  void readsAServiceWithItsDeploymentsAndTargetGroups() {
    String cluster = Moto.unique("cluster");
    Moto.cluster(cluster);
    String td =
        Moto.taskDefinition(
            Moto.unique("svc"), Moto.container("app", "repo/app:1", Map.of(), Map.of()));
    String tg = Moto.targetGroup(Moto.unique("tg"));
    Moto.ecs()
        .createService(
            b ->
                b.cluster(cluster)
                    .serviceName("orders-api")
                    .taskDefinition(td)
                    .desiredCount(2)
                    .loadBalancers(
                        software.amazon.awssdk.services.ecs.model.LoadBalancer.builder()
                            .targetGroupArn(tg)
                            .containerName("app")
                            .containerPort(8080)
                            .build()));

    ServiceState s = ecs.describeService(cluster, "orders-api").orElseThrow();

    assertThat(s.status()).isEqualTo("ACTIVE");
    assertThat(s.desiredCount()).isEqualTo(2);
    assertThat(s.taskDefinitionArn()).isEqualTo(td);
    assertThat(s.targetGroupArns()).containsExactly(tg);
    assertThat(s.deployments())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.status()).isEqualTo("PRIMARY");
              assertThat(d.taskDefinitionArn()).isEqualTo(td);
            });
  }

  @Test
  void aMissingServiceIsEmptyAndAMissingClusterIsNotFound() {
    String cluster = Moto.unique("cluster");
    Moto.cluster(cluster);

    assertThat(ecs.describeService(cluster, "nope")).isEmpty();
    AwsCallException e =
        catchThrowableOfType(
            AwsCallException.class, () -> ecs.describeService(Moto.unique("no-cluster"), "nope"));
    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.NOT_FOUND);
    assertThat(e.errorCode()).isEqualTo("ClusterNotFoundException");
  }
}
