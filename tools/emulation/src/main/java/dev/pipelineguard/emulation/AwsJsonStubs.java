package dev.pipelineguard.emulation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * WireMock stubs in the AWS JSON 1.1 protocol, for the APIs moto lacks (CodePipeline job results,
 * ECS rollout states and service deployments). Requests are matched on {@code X-Amz-Target}.
 */
public final class AwsJsonStubs {
  public static final String CODEPIPELINE = "CodePipeline_20150709.";
  public static final String ECS = "AmazonEC2ContainerServiceV20141113.";
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private AwsJsonStubs() {}

  /** A started WireMock on a free loopback port; stop it in {@code @AfterAll}. */
  public static WireMockServer start() {
    // One acceptor: Jetty's default assumes more cores than CI machines have, and says so on every
    // start.
    WireMockServer server =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").jettyAcceptors(1));
    server.start();
    return server;
  }

  /** Requests for {@code target} (e.g. {@code "CodePipeline_20150709.PutJobSuccessResult"}). */
  public static MappingBuilder target(String target) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
  }

  public static ResponseDefinitionBuilder ok(String jsonBody) {
    return aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE).withBody(jsonBody);
  }

  public static ResponseDefinitionBuilder ok(Map<String, ?> body) {
    return ok(JsonWriter.write(body));
  }

  /** The documented AWS JSON error shape: {@code {"__type": ..., "message": ...}}. */
  public static ResponseDefinitionBuilder error(int status, String type, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", type);
    body.put("message", message);
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", CONTENT_TYPE)
        .withHeader("x-amzn-ErrorType", type)
        .withBody(JsonWriter.write(body));
  }

  /** Everything not stubbed goes to moto, so one SDK client can use both. */
  public static void proxyUnmatchedTo(WireMockServer server, URI moto) {
    server.stubFor(
        any(anyUrl()).atPriority(100).willReturn(aResponse().proxiedFrom(moto.toString())));
  }

  /** The bodies of the requests made to {@code target}, in order. */
  public static List<Json> calls(WireMockServer server, String target) {
    return server
        .findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)))
        .stream()
        .map(LoggedRequest::getBodyAsString)
        .map(Json::parse)
        .collect(Collectors.toList());
  }
}
