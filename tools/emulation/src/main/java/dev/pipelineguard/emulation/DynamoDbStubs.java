package dev.pipelineguard.emulation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.pipelineguard.common.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * WireMock stubs in DynamoDB's AWS JSON 1.0 protocol, for answers moto does not give (throttling).
 * Shapes: botocore {@code dynamodb/2012-08-10/service-2.json}
 * (ProvisionedThroughputExceededException with {@code message} and {@code ThrottlingReasons};
 * ThrottlingException with {@code message} and {@code throttlingReasons}; ThrottlingReason {@code
 * reason}, {@code resource}); the response framing ({@code __type} with the {@code
 * com.amazonaws.dynamodb.v20120810#} prefix, {@code x-amzn-RequestId}, {@code x-amz-crc32} of the
 * body) from the DynamoDB Developer Guide, "Error handling with DynamoDB".
 */
public final class DynamoDbStubs {
  public static final String TARGET_PREFIX = "DynamoDB_20120810.";
  public static final String CONTENT_TYPE = "application/x-amz-json-1.0";

  private DynamoDbStubs() {}

  /** Requests for one operation, e.g. {@code operation("PutItem")}. */
  public static MappingBuilder operation(String operation) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation));
  }

  /** How many requests (SDK attempts) reached {@code operation}. */
  public static int calls(WireMockServer server, String operation) {
    return server
        .findAll(
            postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation)))
        .size();
  }

  /**
   * The answer to a write on a hot partition key: ProvisionedThroughputExceededException (on-demand
   * tables too), reason {@code TableWriteKeyRangeThroughputExceeded}.
   */
  public static ResponseDefinitionBuilder provisionedThroughputExceeded(String tableArn) {
    return error(
        "ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded. "
            + "Consider increasing your provisioning level with the UpdateTable API.",
        "ThrottlingReasons",
        List.of(reason("TableWriteKeyRangeThroughputExceeded", tableArn)));
  }

  /**
   * The answer when an on-demand table exceeds the account's per-table quota: ThrottlingException.
   */
  public static ResponseDefinitionBuilder throttling(String tableArn) {
    return error(
        "ThrottlingException",
        "Throughput exceeds the current throughput limit for your account.",
        "throttlingReasons",
        List.of(reason("TableWriteAccountLimitExceeded", tableArn)));
  }

  private static Map<String, Object> reason(String reason, String resource) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("reason", reason);
    out.put("resource", resource);
    return out;
  }

  private static ResponseDefinitionBuilder error(
      String type, String message, String reasonsField, List<Map<String, Object>> reasons) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", "com.amazonaws.dynamodb.v20120810#" + type);
    body.put("message", message);
    body.put(reasonsField, reasons);
    byte[] bytes = JsonWriter.write(body).getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return aResponse()
        .withStatus(400)
        .withHeader("Content-Type", CONTENT_TYPE)
        .withHeader(
            "x-amzn-RequestId",
            UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT))
        .withHeader("x-amz-crc32", Long.toString(crc.getValue()))
        .withBody(bytes);
  }
}
