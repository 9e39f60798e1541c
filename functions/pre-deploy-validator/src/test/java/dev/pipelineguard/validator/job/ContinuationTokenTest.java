package dev.pipelineguard.validator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContinuationTokenTest {
  private static final Instant STARTED = Instant.parse("2025-03-01T10:00:00Z");
  private static final ValidatorParameters PARAMS =
      ValidatorParameters.parse("{\"cluster\":\"c\",\"service\":\"s\",\"timeoutSeconds\":600}");

  private static JobEvent continuation(String token) {
    return new JobEvent("j", "123456789012", null, List.of(), null, token);
  }

  @Test
  void roundTripsTheStartAndThePollCount() {
    ContinuationToken token = new ContinuationToken(STARTED, 3);

    assertThat(ContinuationToken.decode(token.encode())).hasValue(token);
  }

  @Test
  void carriesTimingOnlyAndStaysFarBelowCodePipelinesLimit() {
    String largest =
        new ContinuationToken(Instant.parse("9999-12-31T23:59:59Z"), ContinuationToken.MAX_POLLS)
            .encode();

    assertThat(largest)
        .isEqualTo(
            "{\"v\":\"pipeline-guard/validator/2\",\"started\":253402300799,\"poll\":100000}");
    assertThat(largest.length()).isLessThan(100);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"previous_job_id\": \"b0a4c3f2-6d1e-4c55-9a7b-2f3e8d9c1a01\"}",
        "not json at all",
        // The previous version's tokens carried the pending checks; they are not trusted, only
        // restarted.
        "{\"v\":\"pipeline-guard/validator/1\",\"started\":1,\"deadline\":2,\"poll\":1,\"pending\":[\"health\"],\"skipped\":[]}",
        "{\"v\":2,\"started\":1,\"poll\":1}",
        "{\"v\":\"pipeline-guard/validator/2\",\"started\":-1,\"poll\":1}",
        "{\"v\":\"pipeline-guard/validator/2\",\"started\":253402300800,\"poll\":1}",
        "{\"v\":\"pipeline-guard/validator/2\",\"started\":9223372036854775807,\"poll\":1}",
        "{\"v\":\"pipeline-guard/validator/2\",\"started\":1.5,\"poll\":1}",
        "{\"v\":\"pipeline-guard/validator/2\",\"started\":\"x\",\"poll\":1}",
        "{\"v\":\"pipeline-guard/validator/2\",\"started\":1,\"poll\":0}",
        "{\"v\":\"pipeline-guard/validator/2\",\"started\":1,\"poll\":100001}",
        "{\"v\":\"pipeline-guard/validator/2\",\"started\":1}",
        "{\"v\":\"pipeline-guard/validator/2\",\"started\":1,\"po",
        "",
      })
  void foreignGarbledAndTruncatedTokensAreNotOurs(String text) {
    assertThat(ContinuationToken.decode(text)).isEmpty();
  }

  @Test
  void overlongTokensAreNotOurs() {
    assertThat(ContinuationToken.decode("{\"v\":\"" + "x".repeat(3000) + "\"}")).isEmpty();
  }

  @Property(tries = 1000)
  void decodingAnyTextNeverThrows(@ForAll String text) {
    assertThat(ContinuationToken.decode(text)).isNotNull();
  }

  @Test
  void aContinuationKeepsTheStartAndTakesTheDeadlineFromTheJobsOwnTimeout() {
    PollPlan plan =
        PollPlan.of(
            continuation(new ContinuationToken(STARTED, 2).encode()),
            PARAMS,
            STARTED.plusSeconds(120));

    assertThat(plan.started()).isEqualTo(STARTED);
    assertThat(plan.deadline()).isEqualTo(STARTED.plusSeconds(600));
    assertThat(plan.poll()).isEqualTo(3);
    assertThat(plan.note()).isNull();
  }

  @Test
  void aTokenClaimingAnEarlyStartCanOnlyBringTheDeadlineCloser() {
    Instant now = STARTED.plusSeconds(5);

    PollPlan plan =
        PollPlan.of(continuation(new ContinuationToken(Instant.EPOCH, 1).encode()), PARAMS, now);

    assertThat(plan.deadline()).isBefore(now);
  }

  @Test
  void aTokenClaimingAStartInTheFutureCannotLengthenTheWaitItRestarts() {
    Instant now = STARTED.plusSeconds(5);

    PollPlan plan =
        PollPlan.of(
            continuation(new ContinuationToken(now.plusSeconds(3000), 1).encode()), PARAMS, now);

    assertThat(plan.started()).isEqualTo(now);
    assertThat(plan.deadline()).isEqualTo(now.plusSeconds(600));
    assertThat(plan.poll()).isEqualTo(1);
    assertThat(plan.note()).contains("start in the future").contains("validation restarted");
  }

  @Test
  void aForeignTokenRestartsWithAFreshDeadlineAndSaysSo() {
    Instant now = STARTED.plusSeconds(5);

    PollPlan plan = PollPlan.of(continuation("{\"previous_job_id\":\"x\"}"), PARAMS, now);

    assertThat(plan.started()).isEqualTo(now);
    assertThat(plan.deadline()).isEqualTo(now.plusSeconds(600));
    assertThat(plan.poll()).isEqualTo(1);
    assertThat(plan.note()).contains("validation restarted");
  }
}
