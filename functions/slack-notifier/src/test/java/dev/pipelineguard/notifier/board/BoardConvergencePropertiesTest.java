package dev.pipelineguard.notifier.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.CodePipelineRun;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any delivery order, with any duplicates, of one execution's events gives the same board and the
 * same message, also when the board is stored and read back between events (as the store does).
 */
class BoardConvergencePropertiesTest {
  static final List<Json> FAILING = CodePipelineRun.failingRun().events();
  static final List<Json> RETRIED = CodePipelineRun.retriedRun().events();

  @Property(tries = 200)
  void aFailingRunConvergesWhateverTheOrder(@ForAll("failingDeliveries") List<Json> delivery) {
    assertConverges(FAILING, delivery);
  }

  @Property(tries = 200)
  void aRetriedRunConvergesWhateverTheOrder(@ForAll("retriedDeliveries") List<Json> delivery) {
    assertConverges(RETRIED, delivery);
  }

  private static void assertConverges(List<Json> inOrder, List<Json> delivery) {
    ExecutionBoard expected = Boards.fold(inOrder);
    ExecutionBoard board = Boards.fold(delivery);
    assertThat(board).isEqualTo(expected);
    assertThat(BoardMessages.board(board).json()).isEqualTo(BoardMessages.board(expected).json());

    ExecutionBoard stored = ExecutionBoard.empty(expected.executionId());
    for (Json event : delivery) {
      stored =
          BoardCodec.read(
                  BoardCodec.write(stored.apply(BoardEvent.from(event)), ThreadState.NONE), 1)
              .board();
    }
    assertThat(stored).isEqualTo(expected);
  }

  @Provide
  Arbitrary<List<Json>> failingDeliveries() {
    return deliveries(FAILING);
  }

  @Provide
  Arbitrary<List<Json>> retriedDeliveries() {
    return deliveries(RETRIED);
  }

  /** Every event at least once, some up to three times, shuffled. */
  private static Arbitrary<List<Json>> deliveries(List<Json> events) {
    return Arbitraries.integers()
        .between(1, 3)
        .list()
        .ofSize(events.size())
        .flatMap(
            copies -> {
              List<Json> all = new ArrayList<>();
              for (int i = 0; i < events.size(); i++) {
                for (int c = 0; c < copies.get(i); c++) {
                  all.add(events.get(i));
                }
              }
              return Arbitraries.shuffle(all);
            });
  }
}
