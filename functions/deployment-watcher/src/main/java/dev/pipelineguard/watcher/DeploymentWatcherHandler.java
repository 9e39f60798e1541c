package dev.pipelineguard.watcher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.common.aws.SnsReportPublisher;
import dev.pipelineguard.common.report.ReportPublisher;
import dev.pipelineguard.watcher.aws.Clients;
import dev.pipelineguard.watcher.aws.CodePipelineExecutionLookup;
import dev.pipelineguard.watcher.aws.DynamoDbReportLedger;
import dev.pipelineguard.watcher.aws.EcsDeploymentReader;
import dev.pipelineguard.watcher.evidence.DeploymentReader;
import dev.pipelineguard.watcher.evidence.ExecutionLookup;
import dev.pipelineguard.watcher.report.ReportLedger;
import dev.pipelineguard.watcher.trigger.Trigger;
import dev.pipelineguard.watcher.trigger.TriggerParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.utils.Lazy;

/**
 * Lambda entry point: ECS deployment events (directly from EventBridge or wrapped in SNS) and the
 * scheduled stuck-deployment scan. A thin adapter: unwrap, parse, let {@link DeploymentWatcher}
 * decide, answer with one outcome per message.
 *
 * <p>The invocation fails (so Lambda retries it, and after the retries the event waits in the
 * failure queue with an alarm) when a message could not be understood or a report could not be
 * published; reports already published are not repeated by the retry (report-once ledger). What it
 * throws has no message the redactor would change ({@link RedactedException}).
 */
public final class DeploymentWatcherHandler implements RequestStreamHandler {
  private static final Log LOG = new Log("deployment-watcher");

  private final WatcherConfig config;
  private final DeploymentWatcher watcher;
  private final Clock clock;

  /** For the Lambda runtime: configuration and SDK clients once per container. */
  public DeploymentWatcherHandler() {
    this(Env.system());
  }

  private DeploymentWatcherHandler(Env env) {
    this(WatcherConfig.fromEnv(env), AwsSdk.Settings.fromEnv(env));
  }

  private DeploymentWatcherHandler(WatcherConfig config, AwsSdk.Settings settings) {
    this(
        config,
        new EcsDeploymentReader(Clients.ecs(settings)),
        new SnsReportPublisher(
            Lazy.withValue(Clients.sns(settings))::getValue, config.reportTopicArn()),
        config.idempotencyTable() == null
            ? null
            : new DynamoDbReportLedger(Clients.dynamoDb(settings), config.idempotencyTable()),
        config.pipelineName() == null
            ? null
            : new CodePipelineExecutionLookup(
                Clients.codePipelineOnFirstUse(settings), config.pipelineName(), config.region()),
        Clock.systemUTC());
    if (config.idempotencyTable() == null) {
      LOG.warn(
          "no_idempotency_table",
          "why",
          "IDEMPOTENCY_TABLE is not set: only this container's memory "
              + "prevents duplicate reports");
    }
  }

  /** For tests: the real adapters on emulators, or fakes. */
  DeploymentWatcherHandler(
      WatcherConfig config,
      DeploymentReader ecs,
      ReportPublisher publisher,
      ReportLedger ledger,
      ExecutionLookup executions,
      Clock clock) {
    this.config = config;
    this.watcher = new DeploymentWatcher(config, ecs, publisher, ledger, executions, clock, LOG);
    this.clock = clock;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    Instant now = clock.instant();
    Instant deadline =
        now.plus(Duration.ofMillis(context == null ? 60_000 : context.getRemainingTimeInMillis()));
    byte[] bytes = input.readAllBytes();
    Json payload;
    try {
      payload = Json.parse(bytes);
    } catch (JsonException e) {
      // Only the parser's position: the input itself is never logged.
      LOG.error("event_rejected", "why", e.getMessage(), "bytes", bytes.length);
      throw new EventNotHandledException(
          "the event is not JSON ("
              + e.getMessage()
              + "); "
              + "it is kept in the failure queue after Lambda's retries");
    }

    List<DeploymentWatcher.Outcome> outcomes = new ArrayList<>();
    RuntimeException failure = null;
    for (Envelope envelope : Envelope.unwrap(payload)) {
      Trigger trigger = TriggerParser.parse(envelope, config.clusterName(), config.region());
      try {
        outcomes.addAll(watcher.handle(trigger, now, deadline));
      } catch (RuntimeException e) {
        // Keep going: the other messages of an SNS batch still deserve their reports.
        outcomes.add(
            DeploymentWatcher.Outcome.of(trigger.eventId(), "FAILED", OutsideText.message(e)));
        failure = failure == null ? e : failure;
      }
    }
    write(output, outcomes);

    if (failure != null) {
      throw RedactedException.outward(failure);
    }
    List<String> unreadable = new ArrayList<>();
    for (DeploymentWatcher.Outcome o : outcomes) {
      if (o.result().equals("REJECTED") || o.result().equals("FAILED")) {
        unreadable.add(o.result() + ": " + o.detail());
      }
    }
    if (!unreadable.isEmpty()) {
      throw new EventNotHandledException(String.join("; ", unreadable));
    }
  }

  private static void write(OutputStream output, List<DeploymentWatcher.Outcome> outcomes)
      throws IOException {
    List<Object> items = new ArrayList<>();
    for (DeploymentWatcher.Outcome o : outcomes) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("eventId", o.eventId());
      item.put("result", o.result());
      item.put("key", o.key());
      item.put("messageId", o.messageId());
      item.put("detail", o.detail());
      items.add(item);
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("outcomes", items);
    output.write(JsonWriter.write(response).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Some message was not handled (unreadable, or its report not published); failing the invocation
   * keeps it.
   */
  public static final class EventNotHandledException extends RuntimeException {
    public EventNotHandledException(String message) {
      super(message);
    }
  }
}
