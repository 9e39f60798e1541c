package dev.pipelineguard.watcher.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** Every client the function builds has bounded calls (the budget they make: TimeBudgetTest). */
class ClientTimeoutsTest {

  @BeforeAll
  static void emulator() {
    TestAws.useMoto(MotoServer.shared());
  }

  @Test
  void theFunctionsClientsHaveBoundedCallsAndAttempts() {
    try (DynamoDbClient dynamo = Clients.dynamoDb(TestAws.settings());
        SnsClient sns = Clients.sns(TestAws.settings());
        EcsClient ecs = Clients.ecs(TestAws.settings())) {
      ClientOverrideConfiguration ledger =
          dynamo.serviceClientConfiguration().overrideConfiguration();
      assertThat(ledger.apiCallTimeout()).contains(ClientTimeouts.LEDGER_CALL);
      assertThat(ledger.apiCallAttemptTimeout()).contains(ClientTimeouts.LEDGER_ATTEMPT);
      assertThat(ledger.retryStrategy())
          .hasValueSatisfying(
              r -> assertThat(r.maxAttempts()).isEqualTo(ClientTimeouts.LEDGER_ATTEMPTS));

      ClientOverrideConfiguration publish =
          sns.serviceClientConfiguration().overrideConfiguration();
      assertThat(publish.apiCallTimeout()).contains(ClientTimeouts.PUBLISH_CALL);
      assertThat(publish.apiCallAttemptTimeout()).contains(ClientTimeouts.PUBLISH_ATTEMPT);
      assertThat(publish.retryStrategy())
          .hasValueSatisfying(
              r -> assertThat(r.maxAttempts()).isEqualTo(ClientTimeouts.PUBLISH_ATTEMPTS));

      assertThat(ecs.serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
          .contains(ClientTimeouts.READ_CALL);
    }
  }
}
