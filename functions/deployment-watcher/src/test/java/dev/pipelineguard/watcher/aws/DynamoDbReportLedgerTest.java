package dev.pipelineguard.watcher.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.emulation.FaultyEndpoint;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.watcher.report.ReportLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The report-once ledger against moto's DynamoDB, conditional writes included, and against a
 * DynamoDB that cannot be reached, through the client the function builds.
 */
class DynamoDbReportLedgerTest {
  static DynamoDbClient dynamo;
  static final Instant T0 = Instant.parse("2025-11-20T10:16:00Z");

  String table;
  DynamoDbReportLedger ledger;

  @BeforeAll
  static void emulator() {
    TestAws.useMoto(MotoServer.shared());
    dynamo = AwsSdk.build(DynamoDbClient.builder(), TestAws.settings());
  }

  @BeforeEach
  void freshTable() {
    table = LedgerTables.create(dynamo);
    ledger = new DynamoDbReportLedger(dynamo, table);
  }

  private Map<String, AttributeValue> item(String key) {
    return dynamo
        .getItem(
            b ->
                b.tableName(table)
                    .key(Map.of("id", AttributeValue.fromS(key)))
                    .consistentRead(true))
        .item();
  }

  @Test
  void theFirstClaimWinsAndASecondSeesItInProgress() {
    assertThat(ledger.claim("k", "a", T0, T0.plusSeconds(60)))
        .isEqualTo(ReportLedger.Claim.CLAIMED);
    assertThat(ledger.claim("k", "b", T0.plusSeconds(1), T0.plusSeconds(61)))
        .isEqualTo(ReportLedger.Claim.IN_PROGRESS_ELSEWHERE);
    Map<String, AttributeValue> item = item("k");
    assertThat(item.get("status").s()).isEqualTo("IN_PROGRESS");
    assertThat(Long.parseLong(item.get("expiration").n()))
        .isEqualTo(T0.plus(Duration.ofDays(7)).getEpochSecond());
    assertThat(Long.parseLong(item.get("inProgressExpiration").n()))
        .isEqualTo(T0.plusSeconds(60).toEpochMilli());
  }

  @Test
  void aCompletedReportIsNeverClaimedAgainWithinItsRetention() {
    ledger.claim("k", "a", T0, T0.plusSeconds(60));
    ledger.complete("k", "msg-1", T0.plusSeconds(2));
    assertThat(item("k").get("status").s()).isEqualTo("COMPLETED");
    assertThat(item("k").get("messageId").s()).isEqualTo("msg-1");
    assertThat(
            ledger.claim(
                "k", "b", T0.plus(Duration.ofDays(6)), T0.plus(Duration.ofDays(6)).plusSeconds(60)))
        .isEqualTo(ReportLedger.Claim.ALREADY_REPORTED);
  }

  @Test
  void aStaleInProgressMarkerIsTakenOverAfterItsHoldersDeadline() {
    ledger.claim("k", "a", T0, T0.plusSeconds(60));
    assertThat(ledger.claim("k", "b", T0.plusSeconds(59), T0.plusSeconds(119)))
        .isEqualTo(ReportLedger.Claim.IN_PROGRESS_ELSEWHERE);
    assertThat(ledger.claim("k", "b", T0.plusSeconds(61), T0.plusSeconds(121)))
        .isEqualTo(ReportLedger.Claim.CLAIMED);
  }

  @Test
  void releasingAfterAFailedPublishLetsTheRetryReport() {
    ledger.claim("k", "a", T0, T0.plusSeconds(60));
    ledger.release("k", "a");
    assertThat(item("k")).isEmpty();
    assertThat(ledger.claim("k", "b", T0.plusSeconds(5), T0.plusSeconds(65)))
        .isEqualTo(ReportLedger.Claim.CLAIMED);
  }

  @Test
  void releaseNeverDeletesACompletedMarker() {
    ledger.claim("k", "a", T0, T0.plusSeconds(60));
    ledger.complete("k", "msg-1", T0);
    ledger.release("k", "a");
    assertThat(item("k").get("status").s()).isEqualTo("COMPLETED");
  }

  @Test
  void anExpiredMarkerThatTtlHasNotDeletedYetIsClaimedAgain() {
    ledger.claim("k", "a", T0, T0.plusSeconds(60));
    ledger.complete("k", "msg-1", T0);
    Instant later = T0.plus(Duration.ofDays(8));
    assertThat(ledger.claim("k", "b", later, later.plusSeconds(60)))
        .isEqualTo(ReportLedger.Claim.CLAIMED);
  }

  @Test
  void aMissingTableIsALedgerErrorNamingTheCode() {
    DynamoDbReportLedger missing =
        new DynamoDbReportLedger(dynamo, "no-such-table-" + UUID.randomUUID());
    assertThatThrownBy(() -> missing.claim("k", "a", T0, T0.plusSeconds(60)))
        .isInstanceOf(ReportLedger.LedgerException.class)
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void theSameHolderClaimingAgainGetsItsOwnMarkerSoARetriedPutItemIsNoDuplicate() {
    // The SDK resends a PutItem whose answer was lost (attempt timeout, reset) after DynamoDB wrote
    // it.
    assertThat(ledger.claim("k", "a", T0, T0.plusSeconds(60)))
        .isEqualTo(ReportLedger.Claim.CLAIMED);
    assertThat(ledger.claim("k", "a", T0, T0.plusSeconds(60)))
        .isEqualTo(ReportLedger.Claim.CLAIMED);
    assertThat(ledger.claim("k", "b", T0.plusSeconds(1), T0.plusSeconds(61)))
        .isEqualTo(ReportLedger.Claim.IN_PROGRESS_ELSEWHERE);
    assertThat(item("k").get("holder").s()).isEqualTo("a");
  }

  @Test
  void releaseDeletesOnlyItsOwnHoldersMarker() {
    ledger.claim("k", "a", T0, T0.plusSeconds(60));
    // a ran past its deadline and b took the marker over; a's late release must not free it.
    assertThat(ledger.claim("k", "b", T0.plusSeconds(61), T0.plusSeconds(121)))
        .isEqualTo(ReportLedger.Claim.CLAIMED);
    ledger.release("k", "a");
    assertThat(item("k").get("holder").s()).isEqualTo("b");
    ledger.release("k", "b");
    assertThat(item("k")).isEmpty();
  }

  @Test
  void aCompletionWithoutAClaimMarksTheKeyReportedForTheRetentionPeriod() {
    // The claim could not be written (DynamoDB unreachable then), the report went out, DynamoDB is
    // back.
    ledger.complete("k", "msg-1", T0);
    Map<String, AttributeValue> item = item("k");
    assertThat(item.get("status").s()).isEqualTo("COMPLETED");
    assertThat(Long.parseLong(item.get("expiration").n()))
        .isEqualTo(T0.plus(Duration.ofDays(7)).getEpochSecond());
    assertThat(ledger.claim("k", "b", T0.plusSeconds(5), T0.plusSeconds(65)))
        .isEqualTo(ReportLedger.Claim.ALREADY_REPORTED);
    Instant later = T0.plus(Duration.ofDays(8));
    assertThat(ledger.claim("k", "c", later, later.plusSeconds(60)))
        .isEqualTo(ReportLedger.Claim.CLAIMED);
  }

  @Test
  void aRefusedConnectionIsALedgerErrorForEveryOperation() {
    try (FaultyEndpoint refusing = FaultyEndpoint.refusing();
        DynamoDbClient client = LedgerTables.functionClientAt(refusing.uri())) {
      DynamoDbReportLedger down = new DynamoDbReportLedger(client, table);
      assertThatThrownBy(() -> down.claim("k", "a", T0, T0.plusSeconds(60)))
          .isInstanceOf(ReportLedger.LedgerException.class)
          .hasMessage("PutItem on " + table + " failed: SdkClientException (ConnectException)");
      assertThatThrownBy(() -> down.complete("k", "msg-1", T0))
          .isInstanceOf(ReportLedger.LedgerException.class)
          .hasMessageStartingWith("UpdateItem on " + table + " failed: ");
      assertThatThrownBy(() -> down.release("k", "a"))
          .isInstanceOf(ReportLedger.LedgerException.class)
          .hasMessageStartingWith("DeleteItem on " + table + " failed: ");
    }
  }

  @Test
  void aResetConnectionIsALedgerErrorAfterABoundedNumberOfAttempts() {
    try (FaultyEndpoint resetting = FaultyEndpoint.resetting();
        DynamoDbClient client = LedgerTables.functionClientAt(resetting.uri())) {
      DynamoDbReportLedger down = new DynamoDbReportLedger(client, table);
      // SdkClientException, or UncheckedIOException when the reset comes while connecting (the
      // url-connection client of SDK 2.40.2; UncheckedIoFailureTest covers that path every time).
      assertThatThrownBy(() -> down.claim("k", "a", T0, T0.plusSeconds(60)))
          .isInstanceOf(ReportLedger.LedgerException.class)
          .hasMessageMatching(
              "PutItem on "
                  + table
                  + " failed: (SdkClientException|UncheckedIOException) "
                  + "\\((Socket|IO)Exception\\)");
      // Within the ledger's small budget, not DynamoDB's default 9 attempts: at most 3 attempts
      // (fewer
      // when the SDK does not retry the UncheckedIOException), each one or two connections
      // (HttpURLConnection reconnects once when the reset comes while it writes the request).
      assertThat(resetting.connections()).isBetween(1, 2 * ClientTimeouts.LEDGER_ATTEMPTS);
    }
  }

  @Test
  void aDynamoDbThatNeverAnswersIsALedgerErrorAtTheCallTimeout() {
    try (FaultyEndpoint silent = FaultyEndpoint.silent();
        DynamoDbClient client = LedgerTables.functionClientAt(silent.uri())) {
      DynamoDbReportLedger down = new DynamoDbReportLedger(client, table);
      assertThatThrownBy(() -> down.claim("k", "a", T0, T0.plusSeconds(60)))
          .isInstanceOf(ReportLedger.LedgerException.class)
          .hasMessage("PutItem on " + table + " failed: ApiCallTimeoutException");
      // Each attempt timed out before the call did: the call timeout, not the socket's 20 s, ended
      // it.
      assertThat(silent.connections()).isBetween(2, ClientTimeouts.LEDGER_ATTEMPTS);
    }
    // The SDK times a call out by interrupting this thread: the next call on it still works.
    assertThat(ledger.claim("k", "a", T0, T0.plusSeconds(60)))
        .isEqualTo(ReportLedger.Claim.CLAIMED);
  }
}
