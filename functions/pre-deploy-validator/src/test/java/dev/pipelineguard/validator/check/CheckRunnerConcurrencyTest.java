package dev.pipelineguard.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.HttpAnswer;
import dev.pipelineguard.validator.model.SecretShape;
import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.CheckStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checks' reads are in flight together: a barrier only opens when all of them wait at it at the
 * same time, so a sequential implementation cannot pass (no timing assumptions involved).
 */
class CheckRunnerConcurrencyTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(CheckRunner.THREADS);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void tenSecretsTheImageAndTheHealthUrlAreReadConcurrently() {
    int secrets = 10;
    // 10 secret reads + the service read + the health URL meet at the barrier.
    CyclicBarrier together = new CyclicBarrier(secrets + 2);
    Runnable meet =
        () -> {
          try {
            together.await(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new AwsCallException(
                AwsCallException.Kind.OTHER, "test:barrier", "NotConcurrent", e.toString(), e);
          }
        };
    TaskDefinition td =
        new TaskDefinition(
            "td:1",
            List.of(new TaskDefinition.Container("app", "nginx:1.27", List.of(), List.of())));
    ServiceReader ecs =
        new ServiceReader() {
          @Override
          public Optional<ServiceState> describeService(String cluster, String service) {
            meet.run();
            return Optional.of(
                new ServiceState(
                    "arn",
                    "ACTIVE",
                    1,
                    1,
                    0,
                    "td:1",
                    List.of(
                        new ServiceState.Deployment(
                            "ecs-svc/1", "PRIMARY", "td:1", "COMPLETED", null, 1, 1, 0, 0)),
                    List.of(),
                    List.of()));
          }

          @Override
          public TaskDefinition describeTaskDefinition(String arn) {
            return td;
          }
        };
    SecretStore store =
        ref -> {
          meet.run();
          return SecretShape.readable(false, null);
        };
    HealthProbe http =
        (url, deadline) -> {
          meet.run();
          return HttpAnswer.status(200, 1);
        };
    CheckRunner runner = new CheckRunner(ecs, null, store, tg -> List.of(), http, null, executor);
    StringBuilder json =
        new StringBuilder(
            "{\"cluster\":\"c\",\"service\":\"s\",\"healthUrl\":\"http://h/\",\"requiredSecrets\":[");
    for (int i = 0; i < secrets; i++) {
      json.append(i == 0 ? "" : ",").append("\"app/secret-").append(i).append('"');
    }
    ValidatorParameters params = ValidatorParameters.parse(json.append("]}").toString());
    JobEvent job = new JobEvent("j", "123456789012", null, List.of(), null, null);

    CheckRunner.Run run = runner.run(job, params, Duration.ofSeconds(30));

    Map<CheckId, CheckStatus> statuses = new java.util.EnumMap<>(CheckId.class);
    run.results().forEach(r -> statuses.put(r.check(), r.status()));
    assertThat(statuses)
        .containsEntry(CheckId.SECRETS, CheckStatus.PASSED)
        .containsEntry(CheckId.HEALTH, CheckStatus.PASSED);
    List<CheckResult> secretsResult = new ArrayList<>(run.results());
    secretsResult.removeIf(r -> r.check() != CheckId.SECRETS);
    assertThat(secretsResult.get(0).summary()).isEqualTo("10 secret reference(s) readable");
  }
}
