package dev.pipelineguard.notifier.board;

import dev.pipelineguard.common.Json;
import java.util.List;

/** Test helpers: boards folded from events. */
final class Boards {
  private Boards() {}

  static ExecutionBoard fold(List<Json> events) {
    ExecutionBoard board = null;
    for (Json json : events) {
      BoardEvent event = BoardEvent.from(json);
      board = (board == null ? ExecutionBoard.empty(event.executionId()) : board).apply(event);
    }
    return board;
  }

  static BoardEvent event(Json json) {
    return BoardEvent.from(json);
  }
}
