package dev.pipelineguard.watcher.aws;

import dev.pipelineguard.emulation.TestAws;
import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The report-once table as the template creates it, and the function's ledger client, for tests.
 */
public final class LedgerTables {
  private LedgerTables() {}

  /** A fresh table with the template's key schema (string hash key {@code id}). */
  public static String create(DynamoDbClient dynamo) {
    String name = "ledger-" + UUID.randomUUID();
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

  /** The function's own ledger client, pointed at {@code endpoint}. */
  public static DynamoDbClient functionClientAt(URI endpoint) {
    TestAws.route("DynamoDb", endpoint);
    try {
      return Clients.dynamoDb(TestAws.settings());
    } finally {
      TestAws.unroute("DynamoDb");
    }
  }
}
