package dev.pipelineguard.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.Env;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatcherConfigTest {
  static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("REPORT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:reports");
    env.put("CLUSTER_NAME", "pipeline-guard-dev");
    env.put("AWS_REGION", "us-east-1");
    return env;
  }

  @Test
  void defaultsToThirtyMinutesAndNoLedgerOrPipeline() {
    WatcherConfig config = WatcherConfig.fromEnv(new Env(minimal()));
    assertThat(config.stuckAfterMinutes()).isEqualTo(30);
    assertThat(config.idempotencyTable()).isNull();
    assertThat(config.pipelineName()).isNull();
  }

  @Test
  void failsFastNamingTheMissingTopic() {
    Map<String, String> env = minimal();
    env.remove("REPORT_TOPIC_ARN");
    assertThatThrownBy(() -> WatcherConfig.fromEnv(new Env(env)))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("REPORT_TOPIC_ARN");
  }

  @Test
  void rejectsAThresholdOutsideItsRange() {
    Map<String, String> env = minimal();
    env.put("STUCK_AFTER_MINUTES", "2");
    assertThatThrownBy(() -> WatcherConfig.fromEnv(new Env(env)))
        .hasMessageContaining("STUCK_AFTER_MINUTES");
    env.put("STUCK_AFTER_MINUTES", "45");
    env.put("IDEMPOTENCY_TABLE", " ledger ");
    WatcherConfig config = WatcherConfig.fromEnv(new Env(env));
    assertThat(config.stuckAfterMinutes()).isEqualTo(45);
    assertThat(config.idempotencyTable()).isEqualTo("ledger");
  }
}
