package dev.pipelineguard.notifier.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.emulation.CodePipelineRun;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoardCodecTest {

  @Test
  void aBoardWithItsThreadReadsBackEqual() {
    ExecutionBoard board =
        Boards.fold(CodePipelineRun.retriedRun().events())
            .withLayout(new PipelineLayout(7, List.of("Source", "Validate", "Deploy")));
    ThreadState thread =
        ThreadState.NONE
            .withParent("C0BOARD01", "1742029200.000100", "abc")
            .withLease("holder-1", Instant.parse("2025-03-15T09:01:00Z"))
            .request(
                new ThreadReply("action-failed/Validate/x", "{\"text\":\"t\"}"),
                Instant.parse("2025-03-15T09:00:41Z"))
            .request(
                new ThreadReply("approval/A/B/c", "{\"text\":\"u\"}"),
                Instant.parse("2025-03-15T09:00:42Z"))
            .markPosted("approval/A/B/c", "1742029200.000200");
    String json = BoardCodec.write(board, thread);
    BoardRecord read = BoardCodec.read(json, 4);
    assertThat(read.board()).isEqualTo(board);
    assertThat(read.thread()).isEqualTo(thread);
    assertThat(read.version()).isEqualTo(4);
    assertThat(BoardCodec.write(read.board(), read.thread())).isEqualTo(json);
  }

  @Test
  void anEmptyBoardReadsBackEqual() {
    ExecutionBoard empty = ExecutionBoard.empty("e-1");
    assertThat(BoardCodec.read(BoardCodec.write(empty, ThreadState.NONE), 1).board())
        .isEqualTo(empty);
  }

  @Test
  void anUnreadableDocumentIsAClearErrorThatDoesNotQuoteIt() {
    assertThatThrownBy(() -> BoardCodec.read("{\"schema\":1,\"secret-ish\":", 1))
        .isInstanceOf(BoardCodec.UnreadableBoardException.class)
        .hasMessage("the stored board is not readable: JsonException");
    assertThatThrownBy(() -> BoardCodec.read("{\"schema\":2,\"executionId\":\"e\"}", 1))
        .isInstanceOf(BoardCodec.UnreadableBoardException.class)
        .hasMessageNotContaining("executionId");
  }
}
