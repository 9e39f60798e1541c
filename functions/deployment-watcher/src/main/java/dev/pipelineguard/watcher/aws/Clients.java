package dev.pipelineguard.watcher.aws;

import dev.pipelineguard.common.AwsSdk;
import java.util.function.Supplier;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The function's SDK clients. Each has bounded calls ({@link ClientTimeouts}), so the invocation
 * ends before its timeout.
 */
public final class Clients {
  private Clients() {}

  public static EcsClient ecs(AwsSdk.Settings settings) {
    return AwsSdk.build(EcsClient.builder().overrideConfiguration(ClientTimeouts::read), settings);
  }

  public static SnsClient sns(AwsSdk.Settings settings) {
    return AwsSdk.build(
        SnsClient.builder().overrideConfiguration(ClientTimeouts::publish), settings);
  }

  public static DynamoDbClient dynamoDb(AwsSdk.Settings settings) {
    return AwsSdk.build(
        DynamoDbClient.builder().overrideConfiguration(ClientTimeouts::ledger), settings);
  }

  /**
   * The client is built on first use: most reports never need it, and cold start is paid by all.
   */
  public static Supplier<CodePipelineClient> codePipelineOnFirstUse(AwsSdk.Settings settings) {
    return new Supplier<>() {
      private CodePipelineClient built;

      @Override
      public synchronized CodePipelineClient get() {
        if (built == null) {
          built =
              AwsSdk.build(
                  CodePipelineClient.builder().overrideConfiguration(ClientTimeouts::read),
                  settings);
        }
        return built;
      }
    };
  }
}
