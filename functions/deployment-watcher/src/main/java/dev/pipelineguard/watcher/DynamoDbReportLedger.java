package dev.pipelineguard.watcher;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link ReportLedger} on a DynamoDB table with a string hash key {@code id} and TTL on
 * {@code expiration} (epoch seconds), in the manner of Powertools' idempotency utility: a
 * conditional PutItem claims, UpdateItem completes, a conditional DeleteItem releases.
 */
public final class DynamoDbReportLedger implements ReportLedger {
  static final String IN_PROGRESS = "IN_PROGRESS";
  static final String COMPLETED = "COMPLETED";
  /** Markers outlive every duplicate delivery (EventBridge retries for up to 24 h). */
  static final Duration RETENTION = Duration.ofDays(7);

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbReportLedger(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public Claim claim(String key, Instant now, Instant inProgressUntil) {
    try {
      dynamo.putItem(b -> b.tableName(table)
          .item(Map.of(
              "id", s(key),
              "status", s(IN_PROGRESS),
              "inProgressExpiration", n(inProgressUntil.toEpochMilli()),
              "expiration", n(now.plus(RETENTION).getEpochSecond()),
              "claimedAt", s(now.toString())))
          // Free, expired (TTL deletes lazily), or held by an invocation that has timed out.
          .conditionExpression("attribute_not_exists(id) OR expiration < :nowSeconds"
              + " OR (#status = :inProgress AND inProgressExpiration < :nowMillis)")
          .expressionAttributeNames(Map.of("#status", "status"))
          .expressionAttributeValues(Map.of(
              ":nowSeconds", n(now.getEpochSecond()),
              ":nowMillis", n(now.toEpochMilli()),
              ":inProgress", s(IN_PROGRESS)))
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return Claim.CLAIMED;
    } catch (ConditionalCheckFailedException e) {
      AttributeValue status = e.item() == null ? null : e.item().get("status");
      return status != null && IN_PROGRESS.equals(status.s()) ? Claim.IN_PROGRESS_ELSEWHERE : Claim.ALREADY_REPORTED;
    } catch (DynamoDbException e) {
      throw new LedgerException("PutItem on " + table + " failed: " + errorCode(e), e);
    }
  }

  @Override
  public void complete(String key, String messageId, Instant now) {
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(Map.of("id", s(key)))
          .updateExpression("SET #status = :completed, messageId = :messageId, completedAt = :now")
          .expressionAttributeNames(Map.of("#status", "status"))
          .expressionAttributeValues(Map.of(
              ":completed", s(COMPLETED),
              ":messageId", s(messageId == null ? "" : messageId),
              ":now", s(now.toString()))));
    } catch (DynamoDbException e) {
      throw new LedgerException("UpdateItem on " + table + " failed: " + errorCode(e), e);
    }
  }

  @Override
  public void release(String key) {
    try {
      dynamo.deleteItem(b -> b.tableName(table)
          .key(Map.of("id", s(key)))
          .conditionExpression("#status = :inProgress")
          .expressionAttributeNames(Map.of("#status", "status"))
          .expressionAttributeValues(Map.of(":inProgress", s(IN_PROGRESS))));
    } catch (ConditionalCheckFailedException e) {
      // Someone else completed it meanwhile: nothing of ours to release.
    } catch (DynamoDbException e) {
      throw new LedgerException("DeleteItem on " + table + " failed: " + errorCode(e), e);
    }
  }

  private static String errorCode(DynamoDbException e) {
    return e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
