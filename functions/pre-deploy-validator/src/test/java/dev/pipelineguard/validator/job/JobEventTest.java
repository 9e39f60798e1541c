package dev.pipelineguard.validator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.emulation.Events;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobEventTest {

  @Test
  void readsTheFirstInvocationSampleEvent() {
    JobEvent job = JobEvent.parse(Events.bytes("validator/first-invocation.json"));

    assertThat(job.jobId()).isEqualTo("b0a4c3f2-6d1e-4c55-9a7b-2f3e8d9c1a01");
    assertThat(job.accountId()).isEqualTo("123456789012");
    assertThat(job.userParameters()).startsWith("{\"cluster\":\"pipeline-guard-dev\"");
    assertThat(job.inputArtifacts())
        .containsExactly(
            new JobEvent.InputArtifact(
                "BuildOutput",
                "pipeline-guard-dev-pipeline-artifacts",
                "pipeline-guard-dev-pi/BuildOutpu/x7Kp2Qm"));
    assertThat(job.credentials().complete()).isTrue();
    assertThat(job.isContinuation()).isFalse();
  }

  @Test
  void readsTheContinuationToken() {
    JobEvent job = JobEvent.parse(Events.bytes("validator/continuation.json"));

    assertThat(job.isContinuation()).isTrue();
    assertThat(ContinuationToken.decode(job.continuationToken())).isPresent();
  }

  @Test
  void toleratesMissingOptionalPartsAndUnknownFields() {
    JobEvent job =
        JobEvent.parse(
            "{\"CodePipeline.job\":{\"id\":\"j-1\",\"new\":{\"x\":1},\"data\":{\"surprise\":[]}}}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(job.jobId()).isEqualTo("j-1");
    assertThat(job.userParameters()).isNull();
    assertThat(job.inputArtifacts()).isEmpty();
    assertThat(job.credentials()).isNull();
    assertThat(job.continuationToken()).isNull();
  }

  @Test
  void withoutAJobIdThereIsNothingToReportTo() {
    assertThatThrownBy(
            () ->
                JobEvent.parse(
                    "{\"CodePipeline.job\":{\"data\":{}}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreportableJobException.class)
        .hasMessageContaining("no id");
    assertThatThrownBy(() -> JobEvent.parse("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreportableJobException.class)
        .hasMessageContaining("CodePipeline.job");
    assertThatThrownBy(
            () -> JobEvent.parse("{\"CodePipeline.job\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreportableJobException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void textFormsNeverShowTheCredentials() {
    JobEvent job = JobEvent.parse(Events.bytes("validator/first-invocation.json"));

    assertThat(job.toString() + job.credentials().toString())
        .doesNotContain(job.credentials().accessKeyId())
        .doesNotContain(job.credentials().secretAccessKey())
        .doesNotContain(job.credentials().sessionToken());
  }
}
