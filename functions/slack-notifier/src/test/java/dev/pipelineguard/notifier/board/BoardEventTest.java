package dev.pipelineguard.notifier.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.Events;
import dev.pipelineguard.emulation.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Reading what AWS publishes: every CodePipeline event in events/published, quirks included. */
class BoardEventTest {

  static List<String> published(String folder) throws IOException {
    try (Stream<Path> files = Files.list(RepoPaths.events().resolve("published").resolve(folder))) {
      return files.map(p -> "published/" + folder + "/" + p.getFileName()).sorted().toList();
    }
  }

  @Test
  void everyPublishedExecutionEventIsReadAndMergesIntoABoardThatRenders() throws IOException {
    List<String> names = new java.util.ArrayList<>(published("codepipeline"));
    names.addAll(published("codestar-notification"));
    int read = 0;
    for (String name : names) {
      Json body = Events.json(name);
      if (!BoardEvent.isExecutionEvent(body)) {
        continue;
      }
      BoardEvent event = BoardEvent.from(body);
      assertThat(event.pipeline()).as(name).isNotBlank();
      assertThat(event.executionId()).as(name).isNotBlank();
      assertThat(event.time()).as(name).isNotNull();
      assertThat(event.attempt()).as(name).isGreaterThanOrEqualTo(1);
      ExecutionBoard board = ExecutionBoard.empty(event.executionId()).apply(event);
      assertThat(board).as(name).isNotEqualTo(ExecutionBoard.empty(event.executionId()));
      assertThat(
              dev.pipelineguard.notifier.blockkit.BlockKitLimits.violations(
                  Json.parse(BoardMessages.board(board).json())))
          .as(name)
          .isEmpty();
      read++;
    }
    assertThat(read).isEqualTo(26);
  }

  @Test
  void floatsIntsAndStringsAreReadAsNumbers() {
    BoardEvent floats =
        BoardEvent.from(Events.json("published/codepipeline/action-failed-float-version.json"));
    assertThat(floats.attempt()).isEqualTo(1);
    assertThat(floats.details().errorCode()).isEqualTo("JobFailed");
    assertThat(floats.details().provider()).isEqualTo("CodeDeploy");
    assertThat(floats.details().actionExecutionId())
        .isEqualTo("47f821c5-a902-44b2-ae61-b878d31ecd21");
    assertThat(floats.executionStart()).isEqualTo(Instant.parse("2023-10-26T13:51:09.981Z"));
    // 2017 shape: no attempt (read as 1), "version": 1, account as a number elsewhere.
    BoardEvent old =
        BoardEvent.from(Events.json("published/codepipeline/action-started-2017-shape.json"));
    assertThat(old.attempt()).isEqualTo(1);
    assertThat(old.level()).isEqualTo(BoardEvent.Level.ACTION);
    BoardEvent numberAccount =
        BoardEvent.from(Events.json("published/codepipeline/stage-started.json"));
    assertThat(numberAccount.account()).isEqualTo("123456789012");
  }

  @Test
  void aStageRetryCarriesItsAttemptAndRetryTime() {
    BoardEvent resumed =
        BoardEvent.from(Events.json("published/codepipeline/stage-resumed-after-retry.json"));
    assertThat(resumed.attempt()).isEqualTo(2);
    assertThat(resumed.retriedAt()).isEqualTo(Instant.parse("2023-10-26T14:14:56.305Z"));
    assertThat(resumed.stamp().state()).isEqualTo("RESUMED");
  }

  @Test
  void aGitTriggerGivesCommitAuthorAndMessage() {
    BoardEvent tag =
        BoardEvent.from(Events.json("published/codepipeline/pipeline-failed-git-tag.json"));
    assertThat(tag.source().tag()).isEqualTo("gitlab-v4.2.1");
    assertThat(tag.source().provider()).isEqualTo("GitLab");
    assertThat(tag.source().author()).isEqualTo("Mary Major");
    assertThat(tag.source().commitMessage()).isEqualTo("Update file README.md");
    assertThat(BoardMessages.trigger(tag.source())).isEqualTo("Tag pushed on GitLab");
    BoardEvent manual =
        BoardEvent.from(Events.json("published/codepipeline/pipeline-started.json"));
    assertThat(BoardMessages.trigger(manual.source())).isEqualTo("Started manually by my-user");
  }

  @Test
  void otherEventsAreNotExecutionEvents() {
    assertThat(BoardEvent.isExecutionEvent(Events.json("notifier/codebuild-failed.json")))
        .isFalse();
    assertThat(BoardEvent.isExecutionEvent(Events.json("notifier/sns-rollback-report.json")))
        .isFalse();
    assertThatThrownBy(() -> BoardEvent.from(Events.json("notifier/unknown-event.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a CodePipeline execution state change");
  }

  @Test
  void anEventWithoutItsIdsIsRefusedNamingWhatIsMissing() {
    Json noId =
        Json.parse(
            "{\"detail-type\":\"CodePipeline Stage Execution State Change\","
                + "\"detail\":{\"pipeline\":\"p\",\"stage\":\"Build\",\"state\":\"STARTED\"}}");
    assertThatThrownBy(() -> BoardEvent.from(noId)).hasMessage("the event has no execution-id");
    Json noStage =
        Json.parse(
            "{\"detail-type\":\"CodePipeline Stage Execution State Change\","
                + "\"detail\":{\"pipeline\":\"p\",\"execution-id\":\"e\",\"state\":\"STARTED\"}}");
    assertThatThrownBy(() -> BoardEvent.from(noStage)).hasMessage("the stage event has no stage");
  }

  @Test
  void hostileTextIsCleanedAndCappedBeforeItIsStored() {
    String huge = "x".repeat(10_000);
    Json body =
        Json.parse(
            "{\"detail-type\":\"CodePipeline Pipeline Execution State Change\",\"time\":\"2025-03-14T16:42:19Z\","
                + "\"detail\":{\"pipeline\":\"p\",\"execution-id\":\"e\",\"state\":\"started\",\"execution-trigger\":{"
                + "\"commit-message\":\"<!channel> \\u0007bell \\u202Eevil\\uD800\",\"author-display-name\":\""
                + huge
                + "\"}}}");
    BoardEvent event = BoardEvent.from(body);
    assertThat(event.state()).isEqualTo("STARTED");
    assertThat(event.source().commitMessage()).isEqualTo("<!channel> bell evil");
    assertThat(event.source().author()).hasSize(BoardEvent.NAME_MAX).endsWith("…");
  }
}
