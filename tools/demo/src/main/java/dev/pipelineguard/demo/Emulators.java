package dev.pipelineguard.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.MotoServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local AWS the demo and the benchmark run against: a real moto_server for what it implements,
 * and a WireMock on loopback in front of it for what it lacks (CodePipeline job results and
 * history, ECS rollout states and stopped-task reasons), which also plays the Slack incoming
 * webhook.
 */
final class Emulators implements AutoCloseable {
  static final String REGION = "us-east-1";
  static final String SLACK_PATH = "/services/T0DEMO0000/B0DEMO0000/local-sink";

  final MotoServer moto;
  final WireMockServer wiremock;

  private Emulators(MotoServer moto, WireMockServer wiremock) {
    this.moto = moto;
    this.wiremock = wiremock;
  }

  static Emulators start() {
    MotoServer moto = MotoServer.shared();
    WireMockServer wiremock = AwsJsonStubs.start();
    AwsJsonStubs.proxyUnmatchedTo(wiremock, moto.endpoint());
    wiremock.stubFor(
        post(urlPathMatching("/services/.*"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/plain")
                    .withBody("ok")));
    for (String result : List.of("PutJobSuccessResult", "PutJobFailureResult")) {
      wiremock.stubFor(
          AwsJsonStubs.target(AwsJsonStubs.CODEPIPELINE + result)
              .willReturn(AwsJsonStubs.ok("{}")));
    }
    return new Emulators(moto, wiremock);
  }

  String wiremockUrl() {
    return "http://127.0.0.1:" + wiremock.port();
  }

  String slackWebhookUrl() {
    return wiremockUrl() + SLACK_PATH;
  }

  /** The environment a function gets: emulator endpoints through the SDK's standard variables. */
  Map<String, String> awsEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", REGION);
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
    env.put("AWS_ENDPOINT_URL_CODEPIPELINE", wiremockUrl());
    env.put("AWS_ENDPOINT_URL_ECS", wiremockUrl());
    return env;
  }

  /** Every Slack message posted so far, oldest first. */
  List<Json> slackMessages() {
    List<ServeEvent> events = new ArrayList<>(wiremock.getAllServeEvents());
    events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    List<Json> out = new ArrayList<>();
    for (ServeEvent e : events) {
      if (e.getRequest().getUrl().startsWith("/services/")) {
        out.add(Json.parse(e.getRequest().getBodyAsString()));
      }
    }
    return out;
  }

  /** The bodies of the CodePipeline job results reported so far. */
  List<Json> jobResults(String operation) {
    return AwsJsonStubs.calls(wiremock, AwsJsonStubs.CODEPIPELINE + operation);
  }

  @Override
  public void close() {
    wiremock.stop();
    moto.stop();
  }
}
