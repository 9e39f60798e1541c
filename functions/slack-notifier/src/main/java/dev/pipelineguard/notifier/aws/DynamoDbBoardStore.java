package dev.pipelineguard.notifier.aws;

import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.aws.AwsErrors;
import dev.pipelineguard.notifier.appmode.BoardStore;
import dev.pipelineguard.notifier.board.BoardCodec;
import dev.pipelineguard.notifier.board.BoardRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link BoardStore} on a DynamoDB table with a string hash key {@code id} (the execution id) and
 * TTL on {@code expiration} (epoch seconds). One item per execution: {@code board} holds the board
 * and its thread as JSON ({@link BoardCodec}), {@code version} counts writes. Every write is a
 * PutItem conditional on the version it read ({@code attribute_not_exists(id)} for the first), so
 * of two containers writing at once exactly one succeeds and the other reads again.
 *
 * <p>Every failure of a call becomes a {@link StoreException}, also the UncheckedIOException the
 * url-connection client of SDK 2.40.2 lets out for some I/O failures (see DynamoDbReportLedger).
 */
public final class DynamoDbBoardStore implements BoardStore {
  /** Long enough for an approval that waits a week, and for late duplicates. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  /** DynamoDB answers in milliseconds: a call that takes longer is trouble, retried a little. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);

  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  static final int ATTEMPTS = 3;

  private final Supplier<DynamoDbClient> client;
  private final String table;
  private final Duration retention;

  public DynamoDbBoardStore(DynamoDbClient dynamo, String table, Duration retention) {
    this(() -> dynamo, table, retention);
  }

  /**
   * @param client built on first use (SnapStart priming builds it without calling it)
   */
  public DynamoDbBoardStore(Supplier<DynamoDbClient> client, String table, Duration retention) {
    this.client = client;
    this.table = table;
    this.retention = retention;
  }

  /** SnapStart priming: builds the client without calling it. */
  @Override
  public void prime() {
    var unused = client.get(); // builds it; the supplier keeps it
  }

  /** The client settings this store needs: bounded calls, not DynamoDB's default 9 attempts. */
  public static void timeouts(ClientOverrideConfiguration.Builder o) {
    o.apiCallTimeout(CALL_TIMEOUT)
        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
        .retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(ATTEMPTS)
                .backoffStrategy(
                    BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofMillis(200)))
                .throttlingBackoffStrategy(
                    BackoffStrategy.exponentialDelay(
                        Duration.ofMillis(100), Duration.ofMillis(500)))
                .build());
  }

  @Override
  public BoardRecord load(String executionId) {
    Map<String, AttributeValue> item;
    try {
      item =
          client
              .get()
              .getItem(
                  b -> b.tableName(table).key(Map.of("id", s(executionId))).consistentRead(true))
              .item();
    } catch (RuntimeException e) {
      throw new StoreException("GetItem on " + table + " failed: " + describe(e), e);
    }
    if (item == null || item.isEmpty()) {
      return BoardRecord.fresh(executionId);
    }
    AttributeValue board = item.get("board");
    AttributeValue version = item.get("version");
    if (board == null || board.s() == null || version == null || version.n() == null) {
      throw new StoreException(
          "the board item " + executionId + " in " + table + " has no board or version", null);
    }
    BoardRecord record = BoardCodec.read(board.s(), Long.parseLong(version.n()));
    if (!record.executionId().equals(executionId)) {
      throw new StoreException(
          "the board item " + executionId + " in " + table + " holds another execution", null);
    }
    return record;
  }

  @Override
  public Optional<BoardRecord> save(BoardRecord record, Instant now) {
    long next = record.version() + 1;
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", s(record.executionId()));
    item.put("version", n(next));
    item.put("expiration", n(now.plus(retention).getEpochSecond()));
    item.put("updatedAt", s(now.toString()));
    item.put("board", s(BoardCodec.write(record.board(), record.thread())));
    if (record.board().pipeline() != null) {
      item.put("pipeline", s(record.board().pipeline()));
    }
    try {
      if (record.version() == 0) {
        client
            .get()
            .putItem(
                b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
      } else {
        client
            .get()
            .putItem(
                b ->
                    b.tableName(table)
                        .item(item)
                        .conditionExpression("#version = :expected")
                        .expressionAttributeNames(Map.of("#version", "version"))
                        .expressionAttributeValues(Map.of(":expected", n(record.version()))));
      }
      return Optional.of(new BoardRecord(record.board(), record.thread(), next));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw new StoreException("PutItem on " + table + " failed: " + describe(e), e);
    }
  }

  /** DynamoDB's error code, or the client-side failure's class and root cause; never a message. */
  static String describe(RuntimeException e) {
    // The endpoint's text: it reaches logs and the invocation's error.
    return AwsErrors.describe(e, code -> OutsideText.quote(code, 100));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
