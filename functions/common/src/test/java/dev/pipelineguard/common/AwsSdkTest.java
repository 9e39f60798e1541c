package dev.pipelineguard.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/** Which credentials each Lambda mode gets; the functions' tests prove both work end to end. */
class AwsSdkTest {
  @Test
  void underSnapStartTheCredentialsComeFromTheContainerEndpoint() {
    Env snapStart =
        new Env(
            Map.of(
                "AWS_REGION",
                "eu-west-1",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:9001/2021-04-23/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "token"));

    assertThat(AwsSdk.Settings.fromEnv(snapStart).credentials())
        .isInstanceOf(BoundedCredentialsProvider.class)
        .asString()
        .contains(ContainerCredentialsProvider.class.getSimpleName());
  }

  @Test
  void otherwiseFromTheAccessKeyVariables() {
    Env onDemand =
        new Env(
            Map.of(
                "AWS_REGION",
                "eu-west-1",
                "AWS_ACCESS_KEY_ID",
                "AKID",
                "AWS_SECRET_ACCESS_KEY",
                "secret",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                " "));

    assertThat(AwsSdk.Settings.fromEnv(onDemand).credentials())
        .isInstanceOf(EnvironmentVariableCredentialsProvider.class);
  }
}
