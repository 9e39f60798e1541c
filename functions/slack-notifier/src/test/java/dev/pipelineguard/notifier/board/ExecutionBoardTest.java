package dev.pipelineguard.notifier.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.CodePipelineRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge rules, one at a time, on events shaped like CodePipeline's. */
class ExecutionBoardTest {
  static final Instant T0 = Instant.parse("2025-03-14T16:31:02.417Z");
  static final String EXECUTION = "8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01";

  static CodePipelineRun run() {
    return CodePipelineRun.of(CodePipelineRun.PIPELINE, EXECUTION, T0);
  }

  static ExecutionBoard fold(CodePipelineRun run) {
    return Boards.fold(run.events());
  }

  static ExecutionBoard foldReversed(CodePipelineRun run) {
    List<Json> events = new ArrayList<>(run.events());
    java.util.Collections.reverse(events);
    return Boards.fold(events);
  }

  @Test
  void aFinishedStageNeverGoesBackToStartedOnAnOlderEvent() {
    CodePipelineRun run = run().stage("Build", "STARTED", 5).stage("Build", "SUCCEEDED", 212);
    assertThat(foldReversed(run).stages().get("Build").latest().state()).isEqualTo("SUCCEEDED");
    assertThat(fold(run).stages().get("Build").latest().state()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aFinishedStateWinsOverStartedAtTheSameSecond() {
    // Event times have whole seconds: a fast stage starts and succeeds "at once".
    CodePipelineRun run = run().stage("Source", "STARTED", 0).stage("Source", "SUCCEEDED", 0);
    assertThat(fold(run).stages().get("Source").latest().state()).isEqualTo("SUCCEEDED");
    assertThat(foldReversed(run).stages().get("Source").latest().state()).isEqualTo("SUCCEEDED");
    assertThat(fold(run).stages().get("Source").duration()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aFinishedStateWinsOverAStartedOneWithALaterTimeInTheSameAttempt() {
    // Clocks of different emitters: a STARTED stamped a second after the stage's end changes
    // nothing.
    CodePipelineRun run = run().stage("Build", "SUCCEEDED", 10).stage("Build", "STARTED", 11);
    assertThat(fold(run).stages().get("Build").latest().state()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aRetriedStageIsNewerThanItsFailureWhateverTheOrder() {
    CodePipelineRun run =
        run()
            .stage("Validate", "STARTED", 3)
            .stage("Validate", "FAILED", 40)
            .retryStage(40)
            .stage("Validate", "RESUMED", 40);
    for (ExecutionBoard board : List.of(fold(run), foldReversed(run))) {
      StageRun validate = board.stages().get("Validate");
      assertThat(validate.latest().state()).isEqualTo("RESUMED");
      assertThat(validate.latest().attempt()).isEqualTo(2);
      assertThat(validate.retried()).isTrue();
      assertThat(validate.started().state()).isEqualTo("RESUMED");
    }
  }

  @Test
  void theDurationIsThatOfTheNewestRun() {
    CodePipelineRun run =
        run()
            .stage("Validate", "STARTED", 3)
            .stage("Validate", "FAILED", 40)
            .retryStage(100)
            .stage("Validate", "RESUMED", 100)
            .stage("Validate", "SUCCEEDED", 131);
    assertThat(foldReversed(run).stages().get("Validate").duration())
        .isEqualTo(Duration.ofSeconds(31));
    // While the retry's end is unknown, no duration: the first run's would be wrong.
    CodePipelineRun partial =
        run()
            .stage("Validate", "STARTED", 3)
            .stage("Validate", "FAILED", 40)
            .retryStage(100)
            .stage("Validate", "RESUMED", 100);
    assertThat(fold(partial).stages().get("Validate").duration()).isNull();
  }

  @Test
  void aStageFirstRunInALaterAttemptIsNotRetried() {
    CodePipelineRun run =
        run().retryStage(100).stage("Deploy", "STARTED", 131).stage("Deploy", "SUCCEEDED", 402);
    assertThat(fold(run).stages().get("Deploy").retried()).isFalse();
  }

  @Test
  void thePipelineStateFollowsAttemptsAndNeverReturnsToStartedAfterSucceeding() {
    CodePipelineRun run =
        run()
            .pipeline("STARTED", 0)
            .pipeline("FAILED", 40)
            .retryStage(100)
            .pipeline("RESUMED", 100)
            .pipeline("SUCCEEDED", 402);
    assertThat(fold(run).state()).isEqualTo("SUCCEEDED");
    assertThat(foldReversed(run).state()).isEqualTo("SUCCEEDED");
    assertThat(fold(run).attempt()).isEqualTo(2);
  }

  @Test
  void aDuplicateChangesNothing() {
    CodePipelineRun run = CodePipelineRun.failingRun();
    ExecutionBoard board = fold(run);
    for (Json event : run.events()) {
      assertThat(board.apply(BoardEvent.from(event))).isSameAs(board);
    }
  }

  @Test
  void aNewerRunOfAnActionReplacesItsOldFailure() {
    CodePipelineRun run =
        run()
            .action("Validate", "Check", "Invoke", "Lambda", "FAILED", 40, "JobFailed", "bad", null)
            .retryStage(100)
            .action("Validate", "Check", "Invoke", "Lambda", "STARTED", 100);
    ActionRun check = foldReversed(run).action("Validate", "Check");
    assertThat(check.latest().state()).isEqualTo("STARTED");
    assertThat(check.result().errorCode()).isNull();
    assertThat(check.result().summary()).isNull();
    assertThat(check.failed()).isFalse();
    assertThat(check.provider()).isEqualTo("Lambda");
  }

  @Test
  void stagesAreOrderedByFirstSightThenNameWithoutALayout() {
    CodePipelineRun run =
        run()
            .stage("Deploy", "STARTED", 50)
            .stage("Build", "STARTED", 5)
            .action("Source", "Checkout", "Source", "CodeStarSourceConnection", "STARTED", 0)
            .stage("Approve", "STARTED", 50);
    assertThat(foldReversed(run).orderedStages())
        .extracting(StageRun::name)
        .containsExactly("Source", "Build", "Approve", "Deploy");
  }

  @Test
  void aLayoutOrdersStagesAndListsTheOnesNotReached() {
    ExecutionBoard board =
        fold(run()
                .stage("Build", "STARTED", 5)
                .stage("Source", "SUCCEEDED", 4)
                .stage("Extra", "STARTED", 9))
            .withLayout(new PipelineLayout(7, List.of("Source", "Build", "Deploy")));
    assertThat(board.orderedStages())
        .extracting(StageRun::name)
        .containsExactly("Source", "Build", "Deploy", "Extra");
    assertThat(board.orderedStages().get(2).latest()).isNull();
    assertThat(board.withLayout(new PipelineLayout(6, List.of("Old")))).isSameAs(board);
    assertThat(board.withLayout(new PipelineLayout(8, List.of("New"))).layout().stages())
        .containsExactly("New");
  }

  @Test
  void theTriggerAndCommitComeFromPipelineEventsOnly() {
    ExecutionBoard board = fold(CodePipelineRun.failingRun());
    assertThat(board.source().commitId()).isEqualTo("3f9e2b7c1d4a5e6f708192a3b4c5d6e7f8091a2b");
    assertThat(board.source().author()).isEqualTo("Dana Okafor");
    assertThat(board.source().branch()).isEqualTo("main");
    assertThat(board.executionStart()).isEqualTo(T0);
    assertThat(board.region()).isEqualTo("us-east-1");
    assertThat(board.lastEventAt()).isEqualTo(Instant.parse("2025-03-14T16:40:46Z"));
  }

  @Test
  void anEventOfAnotherPipelineWithTheSameExecutionIdChangesNothing() {
    ExecutionBoard board = fold(run().stage("Build", "STARTED", 5));
    BoardEvent foreign =
        BoardEvent.from(
            CodePipelineRun.of("other-pipeline", EXECUTION, T0)
                .stage("Build", "FAILED", 9)
                .events()
                .get(0));
    assertThat(board.apply(foreign)).isSameAs(board);
  }

  @Test
  void anEventOfAnotherExecutionIsAProgrammingError() {
    ExecutionBoard board = ExecutionBoard.empty("another-execution");
    BoardEvent event = BoardEvent.from(run().stage("Build", "STARTED", 5).events().get(0));
    assertThatThrownBy(() -> board.apply(event)).isInstanceOf(IllegalArgumentException.class);
  }
}
