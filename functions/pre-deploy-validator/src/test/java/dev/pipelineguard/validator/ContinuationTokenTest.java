package dev.pipelineguard.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContinuationTokenTest {
  private static final Instant STARTED = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void roundTripsDeadlineAndPendingChecks() {
    ContinuationToken token = new ContinuationToken(STARTED, STARTED.plusSeconds(600), 3,
        EnumSet.of(CheckId.IMAGE, CheckId.HEALTH), EnumSet.of(CheckId.ARTIFACT));

    assertThat(ContinuationToken.decode(token.encode())).hasValue(token);
  }

  @Test
  void theLargestTokenIsFarBelowCodePipelinesLimit() {
    ContinuationToken token = new ContinuationToken(STARTED, STARTED.plusSeconds(3600), 99_999,
        EnumSet.allOf(CheckId.class), EnumSet.allOf(CheckId.class));

    assertThat(token.encode().length()).isLessThan(ContinuationToken.MAX_LENGTH / 4);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"previous_job_id\": \"b0a4c3f2-6d1e-4c55-9a7b-2f3e8d9c1a01\"}",
      "not json at all",
      "{\"v\":\"pipeline-guard/validator/0\",\"started\":1,\"deadline\":2,\"poll\":1,\"pending\":[\"health\"],\"skipped\":[]}",
      "{\"v\":\"pipeline-guard/validator/1\",\"started\":100,\"deadline\":50,\"poll\":1,\"pending\":[\"health\"],\"skipped\":[]}",
      "{\"v\":\"pipeline-guard/validator/1\",\"started\":0,\"deadline\":999999,\"poll\":1,\"pending\":[\"health\"],\"skipped\":[]}",
      "{\"v\":\"pipeline-guard/validator/1\",\"started\":1,\"deadline\":2,\"poll\":1,\"pending\":[],\"skipped\":[]}",
      "{\"v\":\"pipeline-guard/validator/1\",\"started\":1,\"deadline\":2,\"poll\":1,\"pending\":[\"coffee\"],\"skipped\":[]}",
      "{\"v\":\"pipeline-guard/validator/1\",\"started\":1,\"deadline\":2,\"poll\":0,\"pending\":[\"health\"],\"skipped\":[]}",
      "{\"v\":\"pipeline-guard/validator/1\",\"started\":1,\"deadline\":2,\"poll\":1,\"pending\":\"health\",\"skipped\":[]}",
      "{\"v\":\"pipeline-guard/validator/1\",\"started\":1,\"deadline\":2,\"poll\":1,\"pending\":[\"health\"]}",
      "{\"v\":\"pipeline-guard/validator/1\",\"started\":\"x\",\"deadline\":2,\"poll\":1,\"pending\":[\"health\"],\"skipped\":[]}",
      "{\"v\":\"pipeline-guard/validator/1\",\"started\":1,\"deadline\":2,\"poll\":1,\"pending\":[\"health\"],\"skip",
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
  void aContinuationRunsOnlyThePendingChecksUntilTheSameDeadline() {
    ContinuationToken token = new ContinuationToken(STARTED, STARTED.plusSeconds(600), 2, EnumSet.of(CheckId.HEALTH),
        EnumSet.of(CheckId.ARTIFACT));
    JobEvent job = new JobEvent("j", "123456789012", null, java.util.List.of(), null, token.encode());
    ValidatorParameters params = ValidatorParameters.parse("{\"cluster\":\"c\",\"service\":\"s\",\"timeoutSeconds\":60}");

    PollPlan plan = PollPlan.of(job, params, STARTED.plusSeconds(120));

    assertThat(plan.toRun()).containsExactly(CheckId.HEALTH);
    assertThat(plan.deadline()).isEqualTo(STARTED.plusSeconds(600));
    assertThat(plan.poll()).isEqualTo(3);
    assertThat(plan.earlierSkipped()).containsExactly(CheckId.ARTIFACT);
    assertThat(plan.earlierPassed()).containsExactlyInAnyOrder(CheckId.IMAGE, CheckId.SECRETS, CheckId.PLAINTEXT_SECRETS);
    assertThat(plan.note()).isNull();
  }

  @Test
  void aForeignTokenRestartsEveryCheckWithAFreshDeadlineAndSaysSo() {
    JobEvent job = new JobEvent("j", "123456789012", null, java.util.List.of(), null, "{\"previous_job_id\":\"x\"}");
    ValidatorParameters params = ValidatorParameters.parse("{\"cluster\":\"c\",\"service\":\"s\",\"timeoutSeconds\":60}");
    Instant now = STARTED.plusSeconds(5);

    PollPlan plan = PollPlan.of(job, params, now);

    assertThat(plan.toRun()).isEqualTo(Set.of(CheckId.values()));
    assertThat(plan.deadline()).isEqualTo(now.plusSeconds(60));
    assertThat(plan.poll()).isEqualTo(1);
    assertThat(plan.note()).contains("validation restarted");
  }
}
