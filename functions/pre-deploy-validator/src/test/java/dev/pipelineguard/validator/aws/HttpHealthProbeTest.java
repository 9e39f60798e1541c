package dev.pipelineguard.validator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.validator.DrippingServer;
import dev.pipelineguard.validator.check.Deadline;
import dev.pipelineguard.validator.model.HttpAnswer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The health URL probe against real HTTP servers on loopback (WireMock, a dripping one), and what
 * it refuses.
 */
class HttpHealthProbeTest {
  private static WireMockServer server;

  /** Generous: a cold server's first answer on a busy machine takes a while. */
  private static final HttpHealthProbe PROBE = new HttpHealthProbe(Duration.ofSeconds(5));

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

  private static HttpAnswer probe(HttpHealthProbe probe, String url) {
    return probe.get(URI.create(url), null);
  }

  /** A resolver that knows a few names, and counts how often it was asked. */
  private static final class Names implements HttpHealthProbe.Resolver {
    final AtomicInteger lookups = new AtomicInteger();
    final Map<String, List<String>> answers;

    Names(Map<String, List<String>> answers) {
      this.answers = answers;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      List<String> addresses = answers.get(host);
      if (addresses == null) {
        throw new UnknownHostException(host);
      }
      int n = lookups.getAndIncrement();
      // A rebinding DNS: the first answer is what the name resolves to, later ones go elsewhere.
      String address = addresses.get(Math.min(n, addresses.size() - 1));
      return address.contains(",")
          ? new InetAddress[] {
            InetAddress.getByName(address.split(",")[0]),
            InetAddress.getByName(address.split(",")[1])
          }
          : new InetAddress[] {InetAddress.getByName(address)};
    }
  }

  @Test
  void returnsTheStatus() {
    server.stubFor(
        get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
    server.stubFor(
        get(urlEqualTo("/down")).willReturn(aResponse().withStatus(503).withBody("down")));

    assertThat(PROBE.get(url("/health"), null).status()).isEqualTo(200);
    assertThat(PROBE.get(url("/down"), null).status()).isEqualTo(503);
  }

  @Test
  void doesNotFollowRedirects() {
    server.stubFor(
        get(urlEqualTo("/moved"))
            .willReturn(aResponse().withStatus(302).withHeader("Location", "/health")));

    assertThat(PROBE.get(url("/moved"), null).status()).isEqualTo(302);
  }

  @Test
  void aSlowAnswerIsATimeoutWithinTheLimit() {
    server.stubFor(
        get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));

    HttpAnswer answer = new HttpHealthProbe(Duration.ofMillis(400)).get(url("/slow"), null);

    assertThat(answer.error()).isEqualTo("no answer within 400 ms");
    assertThat(answer.millis()).isLessThan(1_500);
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    HttpAnswer answer = probe(PROBE, "http://127.0.0.1:" + port + "/health");

    assertThat(answer.status()).isZero();
    assertThat(answer.refused()).isFalse();
    assertThat(answer.error()).isEqualTo("connection refused or unreachable");
  }

  @Test
  void aServerDrippingItsAnswerIsCutOffAtTheLimitNotAtEachByte() throws Exception {
    // One byte every 200 ms: the status line alone takes 3.4 s, each byte well within a socket
    // timeout.
    byte[] answer =
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    try (DrippingServer dripping = DrippingServer.start("", answer, 1, Duration.ofMillis(200))) {
      HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(1));

      HttpAnswer result = probe(probe, "http://127.0.0.1:" + dripping.port() + "/health");

      assertThat(result.status()).isZero();
      assertThat(result.error()).isEqualTo("no answer within 1000 ms");
      assertThat(result.millis()).isLessThan(2_500);
      assertThat(dripping.awaitClientGone(Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void thePollsDeadlineEndsTheProbeWhenItComesFirst() throws Exception {
    byte[] answer = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    try (DrippingServer dripping = DrippingServer.start("", answer, 1, Duration.ofMillis(200))) {
      HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(5));

      Deadline poll = Deadline.in(Duration.ofMillis(500));

      HttpAnswer result = probe.get(URI.create("http://127.0.0.1:" + dripping.port() + "/"), poll);

      // No verdict: the URL did not get its 5 s. The next poll asks again.
      assertThat(result).isNull();
      assertThat(dripping.awaitClientGone(Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void aResolverThatHangsEndsAtTheLimitToo() {
    CountDownLatch never = new CountDownLatch(1);
    HttpHealthProbe probe =
        new HttpHealthProbe(
            Duration.ofMillis(300),
            host -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new UnknownHostException(host);
            });
    try {
      assertThat(probe(probe, "http://hangs.test/health").error())
          .isEqualTo("no answer within 300 ms");
    } finally {
      never.countDown();
    }
  }

  @Test
  void linkLocalAndMetadataAddressesAreRefusedWithoutAConnection() {
    Map<String, String> refused =
        Map.of(
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "169.254.169.254, a link-local address",
            "http://169.254.170.2/v2/credentials/abc", "169.254.170.2, a link-local address",
            "http://[fd00:ec2::254]/latest/meta-data/", "fd00:ec2:0:0:0:0:0:254, in fd00:ec2::/32",
            "http://[fe80::1]/", "fe80:0:0:0:0:0:0:1, an IPv6 link-local address",
            "http://[::ffff:169.254.169.254]/", "169.254.169.254, a link-local address",
            "http://[::169.254.169.254]/",
                "0:0:0:0:0:0:a9fe:a9fe, an IPv4 address in IPv6 form, a link-local address",
            "http://[64:ff9b::169.254.169.254]/",
                "64:ff9b:0:0:0:0:a9fe:a9fe, an IPv4 address in IPv6 form, a link-local");
    refused.forEach(
        (url, why) -> {
          HttpAnswer answer = probe(PROBE, url);

          assertThat(answer.refused()).as(url).isTrue();
          assertThat(answer.error()).as(url).contains(why);
        });
  }

  @Test
  void aNameResolvingToTheMetadataServiceIsRefusedAndSoIsOneAmongSeveralAddresses() {
    Names names =
        new Names(
            Map.of(
                "metadata.test",
                List.of("169.254.169.254"),
                "mixed.test",
                List.of("10.0.0.5,fd00:ec2::254")));
    HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(5), names);

    HttpAnswer metadata = probe(probe, "http://metadata.test/latest/meta-data/");
    HttpAnswer mixed = probe(probe, "https://mixed.test/health");

    assertThat(metadata.refused()).isTrue();
    assertThat(metadata.error())
        .startsWith("metadata.test resolves to 169.254.169.254, a link-local address");
    assertThat(mixed.refused()).isTrue();
    assertThat(mixed.error()).startsWith("mixed.test resolves to fd00:ec2:0:0:0:0:0:254");
  }

  @Test
  void theNameIsResolvedOnceAndTheCheckedAddressIsTheOneConnectedToWithTheHostHeaderKept() {
    server.stubFor(
        get(urlEqualTo("/rebind/health?probe=1")).willReturn(aResponse().withStatus(204)));
    // The first answer is loopback (allowed); any later lookup would say the metadata service.
    Names rebinding = new Names(Map.of("rebind.test", List.of("127.0.0.1", "169.254.169.254")));
    HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(5), rebinding);

    HttpAnswer answer =
        probe(probe, "http://rebind.test:" + server.port() + "/rebind/health?probe=1");

    assertThat(answer.status()).isEqualTo(204);
    assertThat(rebinding.lookups).hasValue(1);
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/rebind/health?probe=1"))))
        .singleElement()
        .satisfies(r -> assertThat(r.getHeader("Host")).isEqualTo("rebind.test:" + server.port()));
  }

  @Test
  void privateAndLoopbackAddressesAreAllowed() throws Exception {
    for (String address :
        List.of("10.0.0.1", "172.16.0.1", "192.168.1.1", "127.0.0.1", "::1", "fd12:3456::1")) {
      assertThat(HttpHealthProbe.refusal(InetAddress.getByName(address))).as(address).isNull();
    }
  }

  @Test
  void tlsIsCheckedAgainstTheUrlsHost() {
    WireMockServer https =
        new WireMockServer(
            options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1").jettyAcceptors(1));
    https.start();
    try {
      // WireMock's certificate is self-signed: the handshake must fail, not be skipped.
      HttpAnswer answer = probe(PROBE, "https://127.0.0.1:" + https.httpsPort() + "/health");

      assertThat(answer.error()).startsWith("TLS failed: ");
    } finally {
      https.stop();
    }
  }
}
