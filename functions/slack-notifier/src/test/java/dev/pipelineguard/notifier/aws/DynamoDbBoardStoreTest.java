package dev.pipelineguard.notifier.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.emulation.CodePipelineRun;
import dev.pipelineguard.emulation.FaultyEndpoint;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.notifier.appmode.BoardStore;
import dev.pipelineguard.notifier.board.BoardEvent;
import dev.pipelineguard.notifier.board.BoardRecord;
import dev.pipelineguard.notifier.board.ExecutionBoard;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The board store against moto's DynamoDB, conditional writes and a race included. */
class DynamoDbBoardStoreTest {
  static final Instant T0 = Instant.parse("2025-03-14T16:31:02Z");
  static DynamoDbClient dynamo;
  static ExecutorService threads;

  String table;
  DynamoDbBoardStore store;
  String executionId;

  @BeforeAll
  static void emulator() {
    TestAws.useMoto(MotoServer.shared());
    dynamo = client();
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  /** The client as the function builds it: url-connection, bounded calls. */
  static DynamoDbClient client() {
    return AwsSdk.build(
        DynamoDbClient.builder().overrideConfiguration(DynamoDbBoardStore::timeouts),
        TestAws.settings());
  }

  /** A table as template.yaml will declare it: hash key id, on demand. */
  public static String createTable(DynamoDbClient dynamo) {
    String name = "boards-" + UUID.randomUUID();
    dynamo.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
    return name;
  }

  @BeforeEach
  void freshTable() {
    table = createTable(dynamo);
    store = new DynamoDbBoardStore(dynamo, table, Duration.ofDays(30));
    executionId = CodePipelineRun.failingRun().executionId();
  }

  static BoardRecord withFirstEvents(BoardRecord record, int events) {
    ExecutionBoard board = record.board();
    for (var json : CodePipelineRun.failingRun().events().subList(0, events)) {
      board = board.apply(BoardEvent.from(json));
    }
    return record.with(board);
  }

  Map<String, AttributeValue> item() {
    return dynamo
        .getItem(
            b ->
                b.tableName(table)
                    .key(Map.of("id", AttributeValue.fromS(executionId)))
                    .consistentRead(true))
        .item();
  }

  @Test
  void anUnknownExecutionLoadsAsAFreshRecord() {
    BoardRecord record = store.load(executionId);
    assertThat(record).isEqualTo(BoardRecord.fresh(executionId));
    assertThat(record.version()).isZero();
  }

  @Test
  void aSavedRecordLoadsBackWithItsVersionAndExpiry() {
    BoardRecord first = withFirstEvents(store.load(executionId), 5);
    BoardRecord saved = store.save(first, T0).orElseThrow();
    assertThat(saved.version()).isEqualTo(1);
    BoardRecord loaded = store.load(executionId);
    assertThat(loaded).isEqualTo(saved);
    Map<String, AttributeValue> item = item();
    assertThat(item.get("version").n()).isEqualTo("1");
    assertThat(Long.parseLong(item.get("expiration").n()))
        .isEqualTo(T0.plus(Duration.ofDays(30)).getEpochSecond());
    assertThat(item.get("pipeline").s()).isEqualTo("pipeline-guard-dev-pipeline");

    BoardRecord second = store.save(withFirstEvents(loaded, 9), T0.plusSeconds(60)).orElseThrow();
    assertThat(second.version()).isEqualTo(2);
    assertThat(store.load(executionId)).isEqualTo(second);
    assertThat(Long.parseLong(item().get("expiration").n()))
        .isEqualTo(T0.plusSeconds(60).plus(Duration.ofDays(30)).getEpochSecond());
  }

  @Test
  void aSaveOfAStaleVersionIsRefusedAndChangesNothing() {
    BoardRecord v1 = store.save(withFirstEvents(store.load(executionId), 3), T0).orElseThrow();
    BoardRecord v2 = store.save(withFirstEvents(v1, 6), T0).orElseThrow();
    assertThat(store.save(withFirstEvents(v1, 9), T0)).isEmpty();
    assertThat(store.save(withFirstEvents(BoardRecord.fresh(executionId), 9), T0)).isEmpty();
    assertThat(store.load(executionId)).isEqualTo(v2);
  }

  @Test
  void ofTwoContainersSavingTheSameVersionAtOnceExactlyOneWins() throws Exception {
    BoardRecord v1 = store.save(withFirstEvents(store.load(executionId), 2), T0).orElseThrow();
    CountDownLatch bothLoaded = new CountDownLatch(2);
    List<Future<Optional<BoardRecord>>> saves =
        List.of(
            threads.submit(() -> raceSave(bothLoaded, 5)),
            threads.submit(() -> raceSave(bothLoaded, 8)));
    Optional<BoardRecord> a = saves.get(0).get(30, TimeUnit.SECONDS);
    Optional<BoardRecord> b = saves.get(1).get(30, TimeUnit.SECONDS);
    assertThat(a.isPresent() ^ b.isPresent()).as("exactly one save wins").isTrue();
    BoardRecord winner = a.orElseGet(b::orElseThrow);
    assertThat(winner.version()).isEqualTo(v1.version() + 1);
    assertThat(store.load(executionId)).isEqualTo(winner);
  }

  /**
   * DynamoDB applies a conditional PutItem atomically; moto_server 5.2.1 checks the condition and
   * then writes without a lock (moto/dynamodb/models/table.py put_item, requests on threads), so
   * two PutItems at the same instant could both pass there. The saves go through one lock to get
   * DynamoDB's behaviour from moto; both loads happen before either save, which is the race.
   */
  static final Object ATOMIC_ITEM = new Object();

  private Optional<BoardRecord> raceSave(CountDownLatch bothLoaded, int events)
      throws InterruptedException {
    DynamoDbBoardStore own =
        new DynamoDbBoardStore(client(), table, Duration.ofDays(30)); // a container of its own
    BoardRecord loaded = own.load(executionId);
    bothLoaded.countDown();
    if (!bothLoaded.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the other container never loaded");
    }
    synchronized (ATOMIC_ITEM) {
      return own.save(withFirstEvents(loaded, events), T0);
    }
  }

  @Test
  void aMissingTableIsAStoreErrorNamingTheCode() {
    DynamoDbBoardStore missing =
        new DynamoDbBoardStore(dynamo, "no-such-table-" + UUID.randomUUID(), Duration.ofDays(30));
    assertThatThrownBy(() -> missing.load(executionId))
        .isInstanceOf(BoardStore.StoreException.class)
        .hasMessageContaining("GetItem on no-such-table-")
        .hasMessageEndingWith("failed: ResourceNotFoundException");
  }

  static DynamoDbClient clientAt(URI endpoint) {
    TestAws.route("DynamoDb", endpoint);
    try {
      return client();
    } finally {
      TestAws.unroute("DynamoDb");
    }
  }

  @Test
  void aRefusedConnectionIsAStoreError() {
    try (FaultyEndpoint refusing = FaultyEndpoint.refusing();
        DynamoDbClient down = clientAt(refusing.uri())) {
      DynamoDbBoardStore unreachable = new DynamoDbBoardStore(down, table, Duration.ofDays(30));
      assertThatThrownBy(() -> unreachable.load(executionId))
          .isInstanceOf(BoardStore.StoreException.class)
          .hasMessage("GetItem on " + table + " failed: SdkClientException (ConnectException)");
      assertThatThrownBy(() -> unreachable.save(BoardRecord.fresh(executionId), T0))
          .isInstanceOf(BoardStore.StoreException.class)
          .hasMessageStartingWith("PutItem on " + table + " failed: ");
    }
  }

  @Test
  void aDynamoDbThatNeverAnswersIsAStoreErrorAtTheCallTimeout() {
    try (FaultyEndpoint silent = FaultyEndpoint.silent();
        DynamoDbClient down = clientAt(silent.uri())) {
      DynamoDbBoardStore unreachable = new DynamoDbBoardStore(down, table, Duration.ofDays(30));
      assertThatThrownBy(() -> unreachable.load(executionId))
          .isInstanceOf(BoardStore.StoreException.class)
          .hasMessage("GetItem on " + table + " failed: ApiCallTimeoutException");
      // Attempts timed out before the call did: the call timeout, not the socket's 20 s, ended it.
      assertThat(silent.connections()).isBetween(2, DynamoDbBoardStore.ATTEMPTS);
    }
  }

  @Test
  void anItemThatHoldsAnotherExecutionIsRefused() {
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "id",
                        AttributeValue.fromS(executionId),
                        "version",
                        AttributeValue.fromN("1"),
                        "board",
                        AttributeValue.fromS(
                            dev.pipelineguard.notifier.board.BoardCodec.write(
                                ExecutionBoard.empty("other"),
                                dev.pipelineguard.notifier.board.ThreadState.NONE)))));
    assertThatThrownBy(() -> store.load(executionId))
        .isInstanceOf(BoardStore.StoreException.class)
        .hasMessageContaining("holds another execution");
  }
}
