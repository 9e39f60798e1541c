package dev.pipelineguard.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.common.Env;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import dev.pipelineguard.common.JsonWriter;
import dev.pipelineguard.common.Log;
import dev.pipelineguard.notifier.appmode.BoardSync;
import dev.pipelineguard.notifier.appmode.ExecutionThreads;
import dev.pipelineguard.notifier.aws.CodePipelineExecutionFacts;
import dev.pipelineguard.notifier.aws.DynamoDbBoardStore;
import dev.pipelineguard.notifier.delivery.EmbeddedMetrics;
import dev.pipelineguard.notifier.delivery.SecretsManagerBotTokenSource;
import dev.pipelineguard.notifier.delivery.SecretsManagerWebhookSource;
import dev.pipelineguard.notifier.delivery.SlackPoster;
import dev.pipelineguard.notifier.delivery.SlackWebApiChat;
import dev.pipelineguard.notifier.delivery.SlackWebApiPoster;
import dev.pipelineguard.notifier.delivery.SlackWebhookPoster;
import dev.pipelineguard.notifier.delivery.Sleeper;
import dev.pipelineguard.notifier.delivery.UrlConnectionHttpTransport;
import dev.pipelineguard.notifier.enrich.CodePipelineExecutionHistory;
import dev.pipelineguard.notifier.enrich.ExecutionHistory;
import dev.pipelineguard.notifier.format.FormatContext;
import dev.pipelineguard.notifier.format.MessageFormats;
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
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.utils.Lazy;

/**
 * Lambda entry point: EventBridge events and SNS notifications in, Slack messages out. A thin
 * adapter: it reads the payload, computes the deadline from the remaining time, and hands both to
 * {@link Notifier}. A failed post propagates, so Lambda retries and then sends the event to the
 * failure destination.
 */
public final class SlackNotifierHandler implements RequestStreamHandler {
  /** Kept back from the Lambda timeout for logging and returning. */
  static final Duration RESERVE = Duration.ofMillis(1500);

  private static final Duration SECRETS_TIMEOUT = Duration.ofSeconds(5);

  private final Notifier notifier;
  private final Clock clock;
  private final Log log;

  /** Held here: CRaC keeps only weak references to registered resources. */
  private Resource priming;

  /** For the Lambda runtime: configuration and clients from the environment, once per container. */
  public SlackNotifierHandler() {
    this(Env.system());
    priming = new SnapStartPriming();
    Core.getGlobalContext().register(priming);
  }

  private SlackNotifierHandler(Env env) {
    this(env, AwsSdk.Settings.fromEnv(env));
  }

  /** The runtime's wiring with other SDK settings (tests: static credentials). */
  SlackNotifierHandler(Env env, AwsSdk.Settings settings) {
    this(env, settings, Clock.systemUTC(), Sleeper.REAL);
  }

  /** The runtime's wiring on another clock, whose retry waits {@code sleeper} makes (tests). */
  SlackNotifierHandler(Env env, AwsSdk.Settings settings, Clock clock, Sleeper sleeper) {
    this(build(env, settings, clock, sleeper), clock, new Log("slack-notifier"));
  }

  SlackNotifierHandler(Notifier notifier, Clock clock, Log log) {
    this.notifier = notifier;
    this.clock = clock;
    this.log = log;
  }

  /**
   * With SnapStart (template.yaml), the snapshot is taken after this: the SDK clients are built and
   * the formatting path has run once on a built-in event. Nothing is called or posted, no secret is
   * read and no credentials are fetched (the SDK's providers fetch on first use), so the snapshot
   * holds no credential, webhook URL or open connection; the restored copy fetches its own.
   */
  private final class SnapStartPriming implements Resource {
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
      prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
      log.info("snapstart.restored");
    }
  }

  /**
   * What the snapshot should already have done; returns the number of messages rendered. In app
   * mode an action failure is rendered too: its board, stored form and thread reply.
   */
  int prime() {
    notifier.primeClients();
    int rendered = notifier.prime(Json.parse(PRIMING_EVENT));
    if (notifier.appMode()) {
      rendered += notifier.prime(Json.parse(PRIMING_ACTION_EVENT));
    }
    log.info("snapstart.primed", "rendered", rendered);
    return rendered;
  }

  /**
   * A pipeline failure as EventBridge delivers it: the most common message, all formatting parts.
   */
  private static final String PRIMING_EVENT =
      "{\"version\":\"0\",\"id\":\"00000000-0000-4000-8000-000000000000\","
          + "\"detail-type\":\"CodePipeline Pipeline Execution State Change\",\"source\":\"aws.codepipeline\","
          + "\"account\":\"000000000000\",\"time\":\"2025-01-01T00:00:00Z\",\"region\":\"us-east-1\","
          + "\"resources\":[\"arn:aws:codepipeline:us-east-1:000000000000:priming\"],\"detail\":{\"pipeline\":\"priming\","
          + "\"execution-id\":\"00000000-0000-4000-8000-000000000001\",\"state\":\"FAILED\",\"version\":1.0,"
          + "\"pipeline-execution-attempt\":1.0,\"start-time\":\"2025-01-01T00:00:00Z\",\"execution-trigger\":{"
          + "\"provider-type\":\"GitHub\",\"branch-name\":\"main\",\"commit-id\":\"0000000000000000000000000000000000000000\","
          + "\"commit-message\":\"priming\",\"author-display-name\":\"priming\",\"full-repository-name\":\"org/repo\"}}}";

  /** An action failure as EventBridge delivers it: app mode's board and thread reply. */
  private static final String PRIMING_ACTION_EVENT =
      "{\"version\":\"0\",\"id\":\"00000000-0000-4000-8000-000000000002\","
          + "\"detail-type\":\"CodePipeline Action Execution State Change\",\"source\":\"aws.codepipeline\","
          + "\"account\":\"000000000000\",\"time\":\"2025-01-01T00:00:00Z\",\"region\":\"us-east-1\","
          + "\"resources\":[\"arn:aws:codepipeline:us-east-1:000000000000:priming\"],\"detail\":{\"pipeline\":\"priming\","
          + "\"execution-id\":\"00000000-0000-4000-8000-000000000001\",\"start-time\":\"2025-01-01T00:00:00Z\","
          + "\"stage\":\"Build\",\"action\":\"Build\",\"state\":\"FAILED\",\"region\":\"us-east-1\","
          + "\"action-execution-id\":\"00000000-0000-4000-8000-000000000003\",\"version\":1.0,"
          + "\"pipeline-execution-attempt\":1.0,\"type\":{\"owner\":\"AWS\",\"provider\":\"CodeBuild\","
          + "\"category\":\"Build\",\"version\":\"1\"},\"execution-result\":{\"external-execution-summary\":"
          + "\"priming\",\"error-code\":\"JobFailed\"}}}";

  private static Notifier build(Env env, AwsSdk.Settings settings, Clock clock, Sleeper sleeper) {
    NotifierConfig config = NotifierConfig.fromEnv(env);
    Log log = new Log("slack-notifier");
    Supplier<SecretsManagerClient> secrets =
        new Lazy<SecretsManagerClient>(
                () ->
                    AwsSdk.build(
                        SecretsManagerClient.builder()
                            .overrideConfiguration(o -> o.apiCallTimeout(SECRETS_TIMEOUT)),
                        settings))
            ::getValue;
    // A slow CodePipeline delays a message by at most the enrichment timeout (retries included).
    Supplier<CodePipelineClient> codePipeline =
        new Lazy<CodePipelineClient>(
                () ->
                    AwsSdk.build(
                        CodePipelineClient.builder()
                            .overrideConfiguration(
                                o -> o.apiCallTimeout(config.enrichmentTimeout())),
                        settings))
            ::getValue;
    ExecutionHistory history = new CodePipelineExecutionHistory(codePipeline);
    EmbeddedMetrics metrics = new EmbeddedMetrics(config.functionName());
    MessageFormats formats = new MessageFormats(FormatContext.of(config.environment()));
    if (config.app() != null) {
      return appMode(
          config, formats, history, secrets, codePipeline, settings, clock, sleeper, metrics, log);
    }
    SlackPoster poster =
        new SlackWebhookPoster(
            new SecretsManagerWebhookSource(secrets),
            new UrlConnectionHttpTransport(),
            sleeper,
            clock,
            new SlackWebhookPoster.Settings(
                config.slackMaxAttempts(), config.slackTimeout(), Duration.ofMillis(500), 5),
            log,
            metrics);
    return new Notifier(config, formats, history, poster, clock, log);
  }

  /**
   * Slack app mode: the bot token and channel from their secret, the Web API, the boards in
   * DynamoDB, and CodePipeline for what events do not say. Every client is built on first use.
   */
  private static Notifier appMode(
      NotifierConfig config,
      MessageFormats formats,
      ExecutionHistory history,
      Supplier<SecretsManagerClient> secrets,
      Supplier<CodePipelineClient> codePipeline,
      AwsSdk.Settings settings,
      Clock clock,
      Sleeper sleeper,
      EmbeddedMetrics metrics,
      Log log) {
    NotifierConfig.App app = config.app();
    SecretsManagerBotTokenSource bot = new SecretsManagerBotTokenSource(secrets, app.secretArn());
    SlackWebApiChat.Settings defaults = SlackWebApiChat.Settings.defaults();
    SlackWebApiChat chat =
        new SlackWebApiChat(
            bot,
            new SlackWebApiChat.Settings(
                app.apiUrl(),
                defaults.callTimeout(),
                config.slackTimeout(),
                defaults.connectTimeout(),
                config.slackMaxAttempts(),
                defaults.firstBackoff(),
                defaults.maxRateLimitWaits()),
            sleeper,
            clock,
            log,
            metrics);
    Supplier<DynamoDbClient> dynamo =
        new Lazy<DynamoDbClient>(
                () ->
                    AwsSdk.build(
                        DynamoDbClient.builder()
                            .overrideConfiguration(DynamoDbBoardStore::timeouts),
                        settings))
            ::getValue;
    DynamoDbBoardStore store =
        new DynamoDbBoardStore(dynamo, app.boardTable(), DynamoDbBoardStore.DEFAULT_RETENTION);
    ExecutionThreads threads =
        new ExecutionThreads(
            new BoardSync(store, chat, clock, log),
            store,
            new CodePipelineExecutionFacts(codePipeline),
            bot::channel,
            clock,
            log,
            new ExecutionThreads.Settings(
                config.enrich(), config.enrichmentTimeout(), app.pipeline()));
    return new Notifier(
        config,
        formats,
        history,
        new SlackWebApiPoster(chat, bot::channel, log),
        threads,
        clock,
        log);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] bytes = input.readAllBytes();
    Json payload;
    try {
      payload = Json.parse(bytes);
    } catch (JsonException e) {
      log.error(
          "event.unreadable",
          "requestId",
          context.getAwsRequestId(),
          "bytes",
          bytes.length,
          "error",
          e.getMessage());
      throw new InvalidEventException("the invocation payload is not JSON: " + e.getMessage(), e);
    }
    Instant deadline =
        clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(RESERVE);
    List<Notifier.Result> results = notifier.handle(payload, deadline);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Notifier.Result result : results) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("eventId", result.eventId());
      item.put("kind", result.kind());
      item.put("outcome", result.outcome());
      item.put("detail", result.detail());
      out.add(item);
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("results", out);
    output.write(JsonWriter.write(response).getBytes(StandardCharsets.UTF_8));
  }
}
