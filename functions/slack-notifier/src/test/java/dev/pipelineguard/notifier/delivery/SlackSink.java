package dev.pipelineguard.notifier.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.AwsJsonStubs;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Slack incoming webhook on WireMock: records every post and answers what a test scripts (200 ok,
 * 429 with Retry-After, 500, 400 invalid_payload, 404 no_service, 410 channel_is_archived). The
 * path carries a recognisable token so tests can prove the URL never reaches a log.
 */
public final class SlackSink implements AutoCloseable {
  public static final String PATH = "/services/T0SINK/B0SINK/sink-token-3c9f7a";
  public static final String TOKEN = "sink-token-3c9f7a";

  private final WireMockServer server;

  public SlackSink() {
    this(AwsJsonStubs.start());
  }

  /** Uses a running WireMock (e.g. one that also answers CodePipeline). */
  public SlackSink(WireMockServer server) {
    this.server = server;
    answer(ok());
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.port() + PATH);
  }

  public WireMockServer server() {
    return server;
  }

  public static ResponseDefinitionBuilder ok() {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("ok");
  }

  public static ResponseDefinitionBuilder rateLimited(String retryAfterSeconds) {
    return aResponse()
        .withStatus(429)
        .withHeader("Retry-After", retryAfterSeconds)
        .withBody("rate_limited");
  }

  public static ResponseDefinitionBuilder error(int status, String slackError) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "text/html")
        .withBody(slackError);
  }

  /** Every post gets {@code response}. */
  public void answer(ResponseDefinitionBuilder response) {
    clear();
    server.stubFor(post(urlEqualTo(PATH)).willReturn(response));
  }

  /** The posts get these responses in order; the last one repeats. */
  public void answerInOrder(ResponseDefinitionBuilder... responses) {
    clear();
    String state = Scenario.STARTED;
    for (int i = 0; i < responses.length; i++) {
      String next = i + 1 < responses.length ? "answer-" + (i + 1) : state;
      server.stubFor(
          post(urlEqualTo(PATH))
              .inScenario("slack")
              .whenScenarioStateIs(state)
              .willReturn(responses[i])
              .willSetStateTo(next));
      state = next;
    }
  }

  private void clear() {
    server.getStubMappings().stream()
        .filter(m -> PATH.equals(m.getRequest().getUrl()))
        .collect(Collectors.toList())
        .forEach(server::removeStubMapping);
    server.resetScenarios();
    server.resetRequests();
  }

  public List<LoggedRequest> requests() {
    return server.findAll(postRequestedFor(urlEqualTo(PATH)));
  }

  /** The JSON bodies posted, in order. */
  public List<Json> posted() {
    return requests().stream().map(r -> Json.parse(r.getBody())).collect(Collectors.toList());
  }

  @Override
  public void close() {
    server.stop();
  }
}
