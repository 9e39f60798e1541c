package dev.pipelineguard.notifier.appmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.emulation.CodePipelineRun;
import dev.pipelineguard.emulation.FakeSlackWebApi;
import dev.pipelineguard.emulation.ManualClock;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.notifier.appmode.BoardSync.Outcome;
import dev.pipelineguard.notifier.aws.DynamoDbBoardStore;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.board.BoardEvent;
import dev.pipelineguard.notifier.board.BoardRecord;
import dev.pipelineguard.notifier.board.ExecutionBoard;
import dev.pipelineguard.notifier.board.ThreadReply;
import dev.pipelineguard.notifier.delivery.BotTokenSource;
import dev.pipelineguard.notifier.delivery.EmbeddedMetrics;
import dev.pipelineguard.notifier.delivery.SlackApiException;
import dev.pipelineguard.notifier.delivery.SlackWebApiChat;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One live message per execution, end to end in process: moto's DynamoDB holds the boards, the fake
 * Slack Web API shows what a channel would end up with. Races are forced with latches.
 */
class BoardSyncTest {
  static final String TOKEN = "xoxb-1111-2222-board";
  static final String CHANNEL = "C0BOARD01";
  static final List<Json> RUN = CodePipelineRun.failingRun().events();
  static final String EXECUTION = CodePipelineRun.failingRun().executionId();
  static final Log QUIET = new Log("test", new PrintStream(OutputStream.nullOutputStream()));
  static DynamoDbClient dynamo;
  static ExecutorService threads;

  ManualClock clock;
  FakeSlackWebApi slack;
  String table;

  @BeforeAll
  static void emulator() {
    TestAws.useMoto(MotoServer.shared());
    dynamo = dynamoClient();
    threads = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  static DynamoDbClient dynamoClient() {
    return AwsSdk.build(
        DynamoDbClient.builder().overrideConfiguration(DynamoDbBoardStore::timeouts),
        TestAws.settings());
  }

  @BeforeEach
  void start() {
    clock = new ManualClock(Instant.parse("2025-03-14T16:31:03Z"));
    slack = FakeSlackWebApi.start(clock, TOKEN).channel(CHANNEL, "deployments");
    table = "boards-" + UUID.randomUUID();
    dynamo.createTable(
        b ->
            b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  /** What one container builds: its own DynamoDB and Slack clients. */
  BoardSync container(BoardStore store) {
    SlackWebApiChat chat =
        new SlackWebApiChat(
            BotTokenSource.of(TOKEN),
            SlackWebApiChat.Settings.defaults().withBaseUrl(slack.baseUrl()),
            clock::advance,
            clock,
            QUIET,
            new EmbeddedMetrics("fn", () -> new PrintStream(OutputStream.nullOutputStream())));
    return new BoardSync(store, chat, clock, QUIET);
  }

  DynamoDbBoardStore store() {
    return new DynamoDbBoardStore(dynamoClient(), table, Duration.ofDays(30));
  }

  BoardSync container() {
    return container(store());
  }

  Instant deadline() {
    return clock.instant().plusSeconds(60);
  }

  static BoardEvent event(int i) {
    return BoardEvent.from(RUN.get(i));
  }

  static ExecutionBoard fold(List<Json> events) {
    ExecutionBoard board = ExecutionBoard.empty(EXECUTION);
    for (Json e : events) {
      board = board.apply(BoardEvent.from(e));
    }
    return board;
  }

  /** The one parent in the channel (failing if there are more that were not deleted). */
  FakeSlackWebApi.Message theParent() {
    List<FakeSlackWebApi.Message> live =
        slack.parents(CHANNEL).stream().filter(m -> !m.deleted()).toList();
    assertThat(live).hasSize(1);
    return live.get(0);
  }

  void assertShows(List<Json> events) {
    assertThat(theParent().payload()).isEqualTo(shown(BoardSync.render(fold(events)).json()));
  }

  /** What a channel shows of a payload: its text, blocks and attachments (not the unfurl flags). */
  static Json shown(String payloadJson) {
    Json payload = Json.parse(payloadJson);
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (String field : List.of("text", "blocks", "attachments")) {
      if (payload.has(field)) {
        out.put(field, payload.get(field));
      }
    }
    return Json.parse(dev.pipelineguard.common.JsonWriter.write(out));
  }

  void assertSettled() {
    BoardRecord record = store().load(EXECUTION);
    assertThat(record.thread().lease()).isNull();
    assertThat(record.thread().pending()).isEmpty();
    assertThat(record.thread().parentTs()).isEqualTo(theParent().ts());
    assertThat(record.thread().shownDigest())
        .isEqualTo(BoardSync.digest(BoardSync.render(record.board()).json()));
  }

  @Test
  void theFirstEventPostsTheParentLaterOnesUpdateItAndFailuresAndApprovalsGoToItsThread() {
    BoardSync sync = container();
    List<Outcome> outcomes = new ArrayList<>();
    for (Json e : RUN) {
      outcomes.add(sync.apply(BoardEvent.from(e), "#deployments", deadline()).outcome());
    }
    assertThat(outcomes).containsOnly(Outcome.RENDERED);
    assertShows(RUN);
    FakeSlackWebApi.Message parent = theParent();
    assertThat(parent.versions().size()).isGreaterThan(5);
    List<String> replies =
        slack.replies(CHANNEL, parent.ts()).stream()
            .map(m -> m.payload().get("text").text())
            .toList();
    assertThat(replies).hasSize(3);
    assertThat(replies.get(0))
        .isEqualTo(
            ":raised_hand: Approval needed: pipeline-guard-dev-pipeline › Approve › ReleaseApproval");
    assertThat(replies.get(1)).isEqualTo(":white_check_mark: Approved: Approve › ReleaseApproval");
    assertThat(replies.get(2))
        .startsWith(
            ":x: Validate › PreDeployValidation failed: Deployment blocked: 1 check failed (secrets)");
    assertSettled();
  }

  @Test
  void aParentPostSlackDoesNotAnswerInTimeIsNeverPostedAgainAndTheRepliesGoOnTheirOwn()
      throws Exception {
    SlackWebApiChat impatient =
        new SlackWebApiChat(
            BotTokenSource.of(TOKEN),
            new SlackWebApiChat.Settings(
                slack.baseUrl(),
                Duration.ofSeconds(10),
                Duration.ofMillis(300),
                Duration.ofMillis(300),
                3,
                Duration.ofMillis(500),
                3),
            clock::advance,
            clock,
            QUIET,
            new EmbeddedMetrics("fn", () -> new PrintStream(OutputStream.nullOutputStream())));
    BoardSync sync = new BoardSync(store(), impatient, clock, QUIET);
    FakeSlackWebApi.Hold hold = slack.holdNext("chat.postMessage");
    try {
      assertThat(sync.apply(BoardEvent.from(RUN.get(0)), "#deployments", deadline()).outcome())
          .isEqualTo(Outcome.RENDERED);
      assertThat(hold.awaitArrival(Duration.ofSeconds(30))).isTrue();
    } finally {
      hold.release(); // Slack posts it after all: the parent is in the channel, its ts unknown to
      // us
    }
    assertThat(store().load(EXECUTION).thread().parentUnconfirmed()).isTrue();

    for (Json e : RUN.subList(1, RUN.size())) {
      container().apply(BoardEvent.from(e), "#deployments", deadline());
    }

    List<FakeSlackWebApi.Call> posts =
        slack.calls().stream() // accepted ones: the channel's rate limit answers 429 too
            .filter(c -> c.method().equals("chat.postMessage") && c.ok())
            .toList();
    assertThat(slack.calls()).noneMatch(c -> c.method().equals("chat.update"));
    assertThat(posts).hasSize(4); // the parent once, then the three replies, on their own
    assertThat(posts).allMatch(c -> c.threadTs() == null);
    BoardRecord record = store().load(EXECUTION);
    assertThat(record.thread().pending()).isEmpty();
    assertThat(record.thread().lease()).isNull();
  }

  @Test
  void theSameEventsAgainChangeNothingAndCallSlackNoMore() {
    BoardSync sync = container();
    for (Json e : RUN) {
      sync.apply(BoardEvent.from(e), "#deployments", deadline());
    }
    int calls = slack.calls().size();
    for (Json e : RUN) {
      BoardSync.Result again = container().apply(BoardEvent.from(e), "#deployments", deadline());
      assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
      assertThat(again.parentTs()).isEqualTo(theParent().ts());
    }
    assertThat(slack.calls()).hasSize(calls);
  }

  @Test
  void anyDeliveryOrderWithDuplicatesEndsInOneParentShowingTheWholeRun() {
    for (long seed : new long[] {1, 2, 3}) {
      List<Json> delivery = new ArrayList<>(RUN);
      Random random = new Random(seed);
      for (int i = 0; i < 6; i++) {
        delivery.add(RUN.get(random.nextInt(RUN.size())));
      }
      Collections.shuffle(delivery, random);
      String channel = "C0SEED000" + seed;
      slack.channel(channel, "seed-" + seed);
      String seedTable = "boards-" + UUID.randomUUID();
      dynamo.createTable(
          b ->
              b.tableName(seedTable)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("id")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName("id")
                          .keyType(KeyType.HASH)
                          .build()));
      BoardSync sync = container(new DynamoDbBoardStore(dynamo, seedTable, Duration.ofDays(30)));
      for (Json e : delivery) {
        sync.apply(BoardEvent.from(e), channel, deadline());
      }
      List<FakeSlackWebApi.Message> parents = slack.parents(channel);
      assertThat(parents).as("seed " + seed).hasSize(1);
      assertThat(parents.get(0).payload())
          .as("seed " + seed)
          .isEqualTo(shown(BoardSync.render(fold(RUN)).json()));
      List<String> replies =
          slack.replies(channel, parents.get(0).ts()).stream()
              .map(m -> m.payload().get("text").text())
              .toList();
      assertThat(replies)
          .as("seed " + seed)
          .contains(":white_check_mark: Approved: Approve › ReleaseApproval")
          .anyMatch(r -> r.startsWith(":x: Validate › PreDeployValidation failed"))
          .doesNotHaveDuplicates();
    }
  }

  /**
   * Lets each container's first load happen, then holds it until the other container loaded too.
   */
  static final class LoadedTogether implements BoardStore {
    private final BoardStore store;
    private final CountDownLatch bothLoaded;
    private final AtomicInteger loads = new AtomicInteger();

    LoadedTogether(BoardStore store, CountDownLatch bothLoaded) {
      this.store = store;
      this.bothLoaded = bothLoaded;
    }

    @Override
    public BoardRecord load(String executionId) {
      BoardRecord record = store.load(executionId);
      if (loads.getAndIncrement() == 0) {
        bothLoaded.countDown();
        try {
          if (!bothLoaded.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the other container never loaded");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return record;
    }

    @Override
    public Optional<BoardRecord> save(BoardRecord record, Instant now) {
      return store.save(record, now);
    }
  }

  /**
   * DynamoDB applies a conditional write to an item atomically; moto_server 5.2.1 does not (it
   * serves requests on threads and checks the condition, then writes, without a lock:
   * moto/dynamodb/models/table.py put_item). Tests that write from several threads at once send
   * their writes through one lock, so moto behaves as DynamoDB does. Loads and Slack stay
   * concurrent.
   */
  static final class AtomicWrites implements BoardStore {
    private final BoardStore store;
    private final Object lock;

    AtomicWrites(BoardStore store, Object lock) {
      this.store = store;
      this.lock = lock;
    }

    @Override
    public BoardRecord load(String executionId) {
      return store.load(executionId);
    }

    @Override
    public Optional<BoardRecord> save(BoardRecord record, Instant now) {
      synchronized (lock) {
        return store.save(record, now);
      }
    }
  }

  @Test
  void twoContainersHandlingTheFirstTwoEventsAtOnceCreateOneParent() throws Exception {
    CountDownLatch bothLoaded = new CountDownLatch(2);
    Object dynamoDbItem = new Object();
    BoardSync a =
        container(new LoadedTogether(new AtomicWrites(store(), dynamoDbItem), bothLoaded));
    BoardSync b =
        container(new LoadedTogether(new AtomicWrites(store(), dynamoDbItem), bothLoaded));
    Instant deadline = deadline();
    Future<BoardSync.Result> first =
        threads.submit(() -> a.apply(event(0), "#deployments", deadline));
    Future<BoardSync.Result> second =
        threads.submit(() -> b.apply(event(1), "#deployments", deadline));
    Set<Outcome> outcomes =
        new HashSet<>(
            List.of(
                first.get(60, TimeUnit.SECONDS).outcome(),
                second.get(60, TimeUnit.SECONDS).outcome()));
    assertThat(outcomes).contains(Outcome.RENDERED);
    assertThat(slack.parents(CHANNEL)).hasSize(1);
    assertShows(RUN.subList(0, 2));
    assertSettled();
  }

  @Test
  void anEventArrivingWhileTheParentIsBeingPostedIsShownByTheHolder() throws Exception {
    FakeSlackWebApi.Hold posting = slack.holdNext("chat.postMessage");
    Instant deadline = deadline();
    Future<BoardSync.Result> holder =
        threads.submit(() -> container().apply(event(0), "#deployments", deadline));
    try {
      assertThat(posting.awaitArrival(Duration.ofSeconds(30))).isTrue();
      BoardSync.Result meanwhile = container().apply(event(1), "#deployments", deadline);
      assertThat(meanwhile.outcome()).isEqualTo(Outcome.DEFERRED);
      assertThat(meanwhile.slackCalls()).isZero();
    } finally {
      posting.release();
    }
    BoardSync.Result held = holder.get(60, TimeUnit.SECONDS);
    assertThat(held.outcome()).isEqualTo(Outcome.RENDERED);
    assertThat(held.slackCalls()).isEqualTo(2); // the parent, then an update with the second event
    assertThat(theParent().versions()).hasSize(2);
    assertShows(RUN.subList(0, 2));
    assertSettled();
  }

  @Test
  void aHolderThatCrashedBeforePostingBlocksTheBoardOnlyUntilItsLeaseEnds() {
    DynamoDbBoardStore store = store();
    BoardRecord claimed = BoardRecord.fresh(EXECUTION);
    claimed =
        new BoardRecord(
            claimed.board().apply(event(0)),
            claimed.thread().withLease("crashed-container", clock.instant().plusSeconds(30)),
            0);
    assertThat(store.save(claimed, clock.instant())).isPresent(); // the crashed holder did claim it

    BoardSync.Result whileHeld = container().apply(event(1), "#deployments", deadline());
    assertThat(whileHeld.outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(slack.calls()).isEmpty();

    clock.advance(Duration.ofSeconds(31));
    // Lambda retries the same event (or any later one arrives): the lease has ended, this one takes
    // over.
    BoardSync.Result retried = container().apply(event(1), "#deployments", deadline());
    assertThat(retried.outcome()).isEqualTo(Outcome.RENDERED);
    assertShows(RUN.subList(0, 2));
    assertSettled();
  }

  @Test
  void aDeletedParentIsReplacedByANewOneShowingTheWholeBoard() {
    BoardSync sync = container();
    for (int i = 0; i < 7; i++) {
      sync.apply(event(i), "#deployments", deadline());
    }
    String deleted = theParent().ts();
    slack.delete(CHANNEL, deleted);
    BoardSync.Result after =
        sync.apply(event(7), "#deployments", deadline()); // the build succeeded
    assertThat(after.outcome()).isEqualTo(Outcome.RENDERED);
    assertThat(after.parentTs()).isNotEqualTo(deleted);
    assertThat(after.slackCalls()).isEqualTo(2); // the update that found it gone, the new parent
    assertThat(slack.parents(CHANNEL)).hasSize(2);
    assertShows(RUN.subList(0, 8));
    assertSettled();
  }

  @Test
  void aReplyWhoseParentWasDeletedGoesToTheNewParent() {
    BoardSync sync = container();
    for (int i = 0; i < 15; i++) {
      sync.apply(event(i), "#deployments", deadline());
    }
    slack.delete(CHANNEL, theParent().ts());
    sync.apply(
        event(15), "#deployments", deadline()); // the failed action: a board change and a reply
    FakeSlackWebApi.Message parent = theParent();
    assertThat(slack.replies(CHANNEL, parent.ts()))
        .extracting(m -> m.payload().get("text").text())
        .anyMatch(t -> t.startsWith(":x: Validate › PreDeployValidation failed"));
    assertSettled();
  }

  @Test
  void aSlackRefusalFailsTheInvocationKeepsTheEventAndFreesTheLease() {
    assertThatThrownBy(() -> container().apply(event(0), "#no-such-channel", deadline()))
        .isInstanceOfSatisfying(
            SlackApiException.class, e -> assertThat(e.error()).isEqualTo("channel_not_found"));
    BoardRecord stored = store().load(EXECUTION);
    assertThat(stored.board()).isEqualTo(fold(RUN.subList(0, 1)));
    assertThat(stored.thread().lease()).isNull();
    // Fixed configuration, next event: the board shows both.
    assertThat(container().apply(event(1), "#deployments", deadline()).outcome())
        .isEqualTo(Outcome.RENDERED);
    assertShows(RUN.subList(0, 2));
  }

  @Test
  void withoutTimeLeftNothingIsPostedAndTheLeaseIsFreed() {
    assertThatThrownBy(
            () -> container().apply(event(0), "#deployments", clock.instant().plusMillis(200)))
        .isInstanceOf(BoardSyncException.class)
        .hasMessageContaining("no time left");
    assertThat(slack.calls()).isEmpty();
    assertThat(store().load(EXECUTION).thread().lease()).isNull();
  }

  @Test
  void thePipelinesLayoutListsTheStagesNotReached() {
    dev.pipelineguard.notifier.board.PipelineLayout layout =
        new dev.pipelineguard.notifier.board.PipelineLayout(
            7, List.of("Source", "Build", "Approve", "Validate", "Deploy"));
    BoardSync sync = container();
    for (Json e : RUN) {
      sync.apply(BoardEvent.from(e), board -> board.withLayout(layout), "#deployments", deadline());
    }
    assertThat(theParent().payload().toString()).contains(":heavy_minus_sign: *Deploy* · not run");
    assertThat(theParent().payload())
        .isEqualTo(shown(BoardSync.render(fold(RUN).withLayout(layout)).json()));
    assertSettled();
  }

  @Test
  void aReportGoesToTheThreadOnce() {
    BoardSync sync = container();
    sync.apply(event(0), "#deployments", deadline());
    ThreadReply report =
        ThreadReply.of(
            "report/validation/abc",
            SlackMessage.builder(Severity.FAILURE)
                .title("Deployment blocked")
                .section(Mrkdwn.text("a secret is missing"))
                .build());
    assertThat(sync.reply(EXECUTION, report, "#deployments", deadline()).outcome())
        .isEqualTo(Outcome.RENDERED);
    assertThat(sync.reply(EXECUTION, report, "#deployments", deadline()).outcome())
        .isEqualTo(Outcome.UNCHANGED);
    assertThat(slack.replies(CHANNEL, theParent().ts()))
        .extracting(m -> m.payload().get("text").text())
        .containsExactly(":red_circle: Deployment blocked");
    assertSettled();
  }
}
