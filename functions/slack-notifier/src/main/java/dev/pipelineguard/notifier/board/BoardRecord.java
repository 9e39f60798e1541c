package dev.pipelineguard.notifier.board;

/**
 * What is stored per execution: the board, its Slack thread and the store's {@code version} (0 for
 * a record that was never stored), which every write must match to succeed.
 */
public record BoardRecord(ExecutionBoard board, ThreadState thread, long version) {
  public static BoardRecord fresh(String executionId) {
    return new BoardRecord(ExecutionBoard.empty(executionId), ThreadState.NONE, 0);
  }

  public String executionId() {
    return board.executionId();
  }

  public BoardRecord with(ExecutionBoard newBoard) {
    return new BoardRecord(newBoard, thread, version);
  }

  public BoardRecord with(ThreadState newThread) {
    return new BoardRecord(board, newThread, version);
  }
}
