package dev.pipelineguard.notifier.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.CodePipelineRun;
import dev.pipelineguard.notifier.blockkit.BlockKitLimits;
import dev.pipelineguard.notifier.blockkit.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the board and its replies say, on the demo's failing run and on hostile text. */
class BoardMessagesTest {
  static final String EXECUTION = "8c1f6a2e-4b7d-4e3a-9f10-5d2c7b8a9e01";

  static Json payload(ExecutionBoard board) {
    return Json.parse(BoardMessages.board(board).json());
  }

  static String header(Json payload) {
    return payload.get("blocks").at(0).get("text").get("text").text();
  }

  static String color(Json payload) {
    return payload.get("attachments").at(0).get("color").text();
  }

  /** Every mrkdwn text of the message, joined by newlines. */
  static String texts(Json payload) {
    List<String> out = new ArrayList<>();
    for (Json block : payload.get("attachments").at(0).get("blocks").elements()) {
      out.add(block.get("text").get("text").textOr(""));
      block.get("fields").elements().forEach(f -> out.add(f.get("text").text()));
      block.get("elements").elements().forEach(e -> out.add(e.get("text").text()));
    }
    return String.join("\n", out);
  }

  @Test
  void theFailedRunShowsOneLinePerStageWithDurationsAndTheFailingAction() {
    ExecutionBoard board =
        Boards.fold(CodePipelineRun.failingRun().events())
            .withLayout(
                new PipelineLayout(7, List.of("Source", "Build", "Approve", "Validate", "Deploy")));
    Json payload = payload(board);
    assertThat(header(payload)).isEqualTo(":red_circle: Failed: pipeline-guard-dev-pipeline");
    assertThat(color(payload)).isEqualTo(Severity.FAILURE.color());
    assertThat(payload.get("text").text())
        .isEqualTo(":red_circle: pipeline-guard-dev-pipeline: failed at Validate");
    String texts = texts(payload);
    assertThat(texts)
        .contains(
            String.join(
                "\n",
                ":white_check_mark: *Source* · 4 s",
                ":white_check_mark: *Build* · 3 min 27 s",
                ":white_check_mark: *Approve* · 5 min 27 s",
                ":x: *Validate* · 42 s · failed: `PreDeployValidation` (JobFailed)",
                ":heavy_minus_sign: *Deploy* · not run"));
    assertThat(texts)
        .contains(
            "*Trigger*\nPush on GitHub",
            "*Commit*\n`3f9e2b7`",
            "*Author*\nDana Okafor",
            "*Duration*\n9 min 43 s",
            "> Bump base image to eclipse-temurin:21-jre",
            "updated 2025-03-14 16:40:46 UTC",
            "|Execution timeline>");
    assertThat(BlockKitLimits.violations(payload)).isEmpty();
  }

  @Test
  void aRunningBoardIsBlueAndAWaitingApprovalPurpleWithTheReviewLink() {
    CodePipelineRun run = CodePipelineRun.failingRun();
    List<Json> events = run.events();
    ExecutionBoard running = Boards.fold(events.subList(0, 7)); // Build started
    assertThat(header(payload(running)))
        .isEqualTo(":arrow_forward: Running: pipeline-guard-dev-pipeline");
    assertThat(color(payload(running))).isEqualTo(Severity.INFO.color());
    assertThat(texts(payload(running)))
        .contains(":hourglass_flowing_sand: *Build* · running since 16:31:07 UTC");

    ExecutionBoard waiting = Boards.fold(events.subList(0, 11)); // approval requested
    assertThat(header(payload(waiting)))
        .isEqualTo(":raised_hand: Waiting for approval: pipeline-guard-dev-pipeline");
    assertThat(color(payload(waiting))).isEqualTo(Severity.APPROVAL.color());
    assertThat(texts(payload(waiting)))
        .contains(
            ":raised_hand: *Approve* · waiting for approval since 16:34:35 UTC · "
                + "<https://console.aws.amazon.com/codesuite/codepipeline/pipelines/pipeline-guard-dev-pipeline/view?region=us-east-1|Review>");
  }

  @Test
  void aRetriedStageSaysSoAndTheSucceededBoardIsGreen() {
    ExecutionBoard board = Boards.fold(CodePipelineRun.retriedRun().events());
    Json payload = payload(board);
    assertThat(header(payload))
        .isEqualTo(":large_green_circle: Succeeded: pipeline-guard-dev-pipeline");
    assertThat(color(payload)).isEqualTo(Severity.SUCCESS.color());
    assertThat(texts(payload))
        .contains(
            ":white_check_mark: *Validate* · 31 s · retried (attempt 2)",
            ":white_check_mark: *Deploy* · 4 min 31 s",
            "*Attempt*\n2");
    assertThat(texts(payload)).doesNotContain("*Deploy* · 4 min 31 s · retried");
  }

  @Test
  void hostileTextArrivesAsVisibleTextNeverAsMentionsOrLinks() {
    CodePipelineRun run =
        CodePipelineRun.of("p", EXECUTION, java.time.Instant.parse("2025-03-14T16:31:02Z"))
            .gitPush(
                "<@U123>",
                "<!here> & <https://evil.example|Dana>",
                "<!channel> `x` ```y``` @everyone");
    run.pipeline("STARTED", 0)
        .action(
            "Build<!here>",
            "A",
            "Build",
            "CodeBuild",
            "FAILED",
            5,
            "<!everyone>",
            "<https://evil.example|click> ``` done",
            "https://evil.example/not-console");
    ExecutionBoard board = Boards.fold(run.events());
    String json = BoardMessages.board(board).json();
    assertThat(json)
        .doesNotContain("<!here>", "<!channel>", "<!everyone>", "<@U123>", "<https://evil");
    assertThat(json).contains("&lt;!channel&gt;", "&lt;@U123&gt;");
    ThreadReply reply = BoardMessages.replies(BoardEvent.from(run.events().get(1)), board).get(0);
    assertThat(reply.payloadJson())
        .doesNotContain("<!here>", "<!everyone>", "<https://evil.example|click>");
    assertThat(BlockKitLimits.violations(Json.parse(reply.payloadJson()))).isEmpty();
  }

  @Test
  void aFailedActionAsksForOneReplyWithItsErrorUnderAKeyThatNamesTheRun() {
    CodePipelineRun run = CodePipelineRun.failingRun();
    ExecutionBoard board = Boards.fold(run.events());
    Json failed =
        run.events().stream()
            .filter(
                e ->
                    "FAILED".equals(e.path("detail", "state").text())
                        && e.get("detail-type").text().contains("Action"))
            .findFirst()
            .orElseThrow();
    List<ThreadReply> replies = BoardMessages.replies(BoardEvent.from(failed), board);
    assertThat(replies).hasSize(1);
    assertThat(replies.get(0).key()).startsWith("action-failed/Validate/PreDeployValidation/");
    Json reply = Json.parse(replies.get(0).payloadJson());
    assertThat(header(reply)).isEqualTo(":x: Failed: Validate › PreDeployValidation");
    assertThat(texts(reply))
        .contains(
            "```Deployment blocked: 1 check failed (secrets)",
            "*Error*\n`JobFailed`",
            "|Open the failed action>",
            "|Execution timeline>");
    // The same news again asks for the same key.
    assertThat(BoardMessages.replies(BoardEvent.from(failed), board.apply(BoardEvent.from(failed))))
        .extracting(ThreadReply::key)
        .containsExactly(replies.get(0).key());
  }

  @Test
  void anApprovalRequestIsRepliedTheSameWayInEveryOrderAndItsDecisionIsReplied() {
    CodePipelineRun run = CodePipelineRun.failingRun();
    List<Json> events = run.events();
    BoardEvent requested = BoardEvent.from(events.get(10));
    BoardEvent approved = BoardEvent.from(events.get(11));
    ExecutionBoard waiting = Boards.fold(events.subList(0, 11));
    List<ThreadReply> request = BoardMessages.replies(requested, waiting);
    assertThat(request)
        .extracting(ThreadReply::key)
        .containsExactly(
            "approval/Approve/ReleaseApproval/" + requested.details().actionExecutionId());
    assertThat(request.get(0).payloadJson())
        .contains(
            "Approval needed: Approve › ReleaseApproval",
            "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/pipeline-guard-dev-pipeline/view?region=us-east-1");
    ExecutionBoard decided = waiting.apply(approved);
    // Delivered after its decision (a review within seconds): the same reply, so every order ends
    // with the same thread; the board shows that it was approved.
    assertThat(BoardMessages.replies(requested, decided)).isEqualTo(request);
    List<ThreadReply> decision = BoardMessages.replies(approved, decided);
    assertThat(decision)
        .extracting(ThreadReply::key)
        .containsExactly(
            "approval-result/Approve/ReleaseApproval/" + approved.details().actionExecutionId());
    assertThat(decision.get(0).payloadJson())
        .contains("Approved: Approve › ReleaseApproval", "Looks good, ship it");
  }

  @Test
  void stageAndPipelineEventsAskForNoReplies() {
    CodePipelineRun run = CodePipelineRun.failingRun();
    ExecutionBoard board = Boards.fold(run.events());
    for (Json e : run.events()) {
      BoardEvent event = BoardEvent.from(e);
      if (event.level() != BoardEvent.Level.ACTION) {
        assertThat(BoardMessages.replies(event, board)).isEmpty();
      }
    }
  }

  @Test
  void aBoardWithFiftyStagesStaysWithinSlacksLimits() {
    CodePipelineRun run =
        CodePipelineRun.of("p", EXECUTION, java.time.Instant.parse("2025-03-14T16:31:02Z"));
    for (int i = 0; i < 50; i++) {
      run.stage("Stage-" + "x".repeat(90) + i, "SUCCEEDED", i)
          .action(
              "Stage-" + "x".repeat(90) + i,
              "A" + i,
              "Build",
              "CodeBuild",
              "FAILED",
              i,
              "E".repeat(60),
              null,
              null);
    }
    Json payload = payload(Boards.fold(run.events()));
    assertThat(BlockKitLimits.violations(payload)).isEmpty();
  }
}
