package dev.pipelineguard.validator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.testing.AwsJsonStubs;
import dev.pipelineguard.validator.model.HttpAnswer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The health URL probe against a real HTTP server (WireMock). */
class UrlConnectionHealthProbeTest {
  private static WireMockServer server;
  private static final UrlConnectionHealthProbe PROBE = new UrlConnectionHealthProbe(Duration.ofMillis(400));

  @BeforeAll
  static void start() {
    server = AwsJsonStubs.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  @Test
  void returnsTheStatus() {
    server.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
    server.stubFor(get(urlEqualTo("/down")).willReturn(aResponse().withStatus(503).withBody("down")));

    assertThat(PROBE.get(url("/health")).status()).isEqualTo(200);
    assertThat(PROBE.get(url("/down")).status()).isEqualTo(503);
  }

  @Test
  void doesNotFollowRedirects() {
    server.stubFor(get(urlEqualTo("/moved")).willReturn(aResponse().withStatus(302).withHeader("Location", "/health")));

    assertThat(PROBE.get(url("/moved")).status()).isEqualTo(302);
  }

  @Test
  void aSlowAnswerIsATimeoutWithinTheLimit() {
    server.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));

    HttpAnswer answer = PROBE.get(url("/slow"));

    assertThat(answer.error()).isEqualTo("no answer within 400 ms");
    assertThat(answer.millis()).isLessThan(1_500);
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    HttpAnswer answer = PROBE.get(URI.create("http://127.0.0.1:" + port + "/health"));

    assertThat(answer.status()).isZero();
    assertThat(answer.error()).isEqualTo("connection refused or unreachable");
  }
}
