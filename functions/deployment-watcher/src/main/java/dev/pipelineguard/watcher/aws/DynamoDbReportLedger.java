package dev.pipelineguard.watcher.aws;

import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.aws.AwsErrors;
import dev.pipelineguard.watcher.report.ReportLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link ReportLedger} on a DynamoDB table with a string hash key {@code id} and TTL on {@code
 * expiration} (epoch seconds), in the manner of Powertools' idempotency utility: a conditional
 * PutItem claims, UpdateItem completes, a conditional DeleteItem releases.
 *
 * <p>Every failure of a call becomes a {@link LedgerException}, not only an SdkException: the
 * url-connection client of SDK 2.40.2 lets some I/O failures out as UncheckedIOException (a reset
 * while connecting; aws-sdk-java-v2 #7347 fixes that later), and whatever goes wrong here must not
 * cost a report.
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
  public Claim claim(String key, String holder, Instant now, Instant inProgressUntil) {
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(
                      Map.of(
                          "id", s(key),
                          "status", s(IN_PROGRESS),
                          "holder", s(holder),
                          "inProgressExpiration", n(inProgressUntil.toEpochMilli()),
                          "expiration", n(now.plus(RETENTION).getEpochSecond()),
                          "claimedAt", s(now.toString())))
                  // Free, expired (TTL deletes lazily), held by an invocation that has timed out,
                  // or ours
                  // already: the SDK retries a PutItem whose answer timed out after DynamoDB had
                  // written it.
                  .conditionExpression(
                      "attribute_not_exists(id) OR expiration < :nowSeconds"
                          + " OR (#status = :inProgress AND (inProgressExpiration < :nowMillis OR holder = :holder))")
                  .expressionAttributeNames(Map.of("#status", "status"))
                  .expressionAttributeValues(
                      Map.of(
                          ":nowSeconds", n(now.getEpochSecond()),
                          ":nowMillis", n(now.toEpochMilli()),
                          ":inProgress", s(IN_PROGRESS),
                          ":holder", s(holder)))
                  .returnValuesOnConditionCheckFailure(
                      ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return Claim.CLAIMED;
    } catch (ConditionalCheckFailedException e) {
      AttributeValue status = e.item() == null ? null : e.item().get("status");
      return status != null && IN_PROGRESS.equals(status.s())
          ? Claim.IN_PROGRESS_ELSEWHERE
          : Claim.ALREADY_REPORTED;
    } catch (RuntimeException e) {
      throw new LedgerException("PutItem on " + table + " failed: " + describe(e), e);
    }
  }

  @Override
  public void complete(String key, String messageId, Instant now) {
    try {
      // An upsert: after a claim that could not be written, this is the first marker of the key,
      // so it carries its own expiration.
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of("id", s(key)))
                  .updateExpression(
                      "SET #status = :completed, messageId = :messageId, completedAt = :now,"
                          + " expiration = :expiration")
                  .expressionAttributeNames(Map.of("#status", "status"))
                  .expressionAttributeValues(
                      Map.of(
                          ":completed", s(COMPLETED),
                          ":messageId", s(messageId == null ? "" : messageId),
                          ":now", s(now.toString()),
                          ":expiration", n(now.plus(RETENTION).getEpochSecond()))));
    } catch (RuntimeException e) {
      throw new LedgerException("UpdateItem on " + table + " failed: " + describe(e), e);
    }
  }

  @Override
  public void release(String key, String holder) {
    try {
      dynamo.deleteItem(
          b ->
              b.tableName(table)
                  .key(Map.of("id", s(key)))
                  .conditionExpression("#status = :inProgress AND holder = :holder")
                  .expressionAttributeNames(Map.of("#status", "status"))
                  .expressionAttributeValues(
                      Map.of(":inProgress", s(IN_PROGRESS), ":holder", s(holder))));
    } catch (ConditionalCheckFailedException e) {
      // Completed meanwhile, taken over, or already deleted by a retried request: nothing of ours.
    } catch (RuntimeException e) {
      throw new LedgerException("DeleteItem on " + table + " failed: " + describe(e), e);
    }
  }

  /**
   * The error code DynamoDB answered, or the client-side failure's class and root cause (e.g.
   * {@code SdkClientException (ConnectException)}): never a message, which may quote the request.
   */
  static String describe(RuntimeException e) {
    return AwsErrors.describe(e, code -> OutsideText.quote(code, 100));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
