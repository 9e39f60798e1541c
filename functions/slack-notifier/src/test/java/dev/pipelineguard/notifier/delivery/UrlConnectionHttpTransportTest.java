package dev.pipelineguard.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.emulation.FaultyEndpoint;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport's total deadline against endpoints on loopback that answer slowly or not at all.
 * The read timeout of a URL connection restarts with every byte; only the watchdog ends a post
 * whose answer trickles in. Each test has a generous JUnit timeout as the guard, on its own thread
 * (a blocked socket read ignores interrupts): without the deadline they would hang for ever.
 * Timings are never used to synchronise.
 */
class UrlConnectionHttpTransportTest {
  static final byte[] BODY = "{\"text\":\"Pipeline failed\"}".getBytes(StandardCharsets.UTF_8);
  static final Duration TICK = Duration.ofMillis(200);
  final UrlConnectionHttpTransport transport = new UrlConnectionHttpTransport();

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void a200WhoseBodyTricklesInIsAnsweredAtOnce() throws IOException {
    try (DrippingEndpoint slack = DrippingEndpoint.statusThenDrippingBody(TICK)) {
      HttpTransport.Response response = transport.post(slack.url(), BODY, Duration.ofSeconds(60));

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEmpty();
      assertThat(slack.requests()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anAnswerThatTricklesInEndsAtTheDeadlineAsSentButNotAnswered() {
    try (DrippingEndpoint slack = DrippingEndpoint.drippingStatus(TICK)) {
      long start = System.nanoTime();

      assertThatThrownBy(() -> transport.post(slack.url(), BODY, Duration.ofSeconds(1)))
          .isInstanceOf(NoAnswerInTimeException.class)
          .hasMessage("sent, but no answer within 1000 ms");
      // the watchdog ends it at 1 s; the bound is loose only for a loaded machine
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(slack.requests()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anEndpointThatTakesTheRequestAndSaysNothingIsSentButNotAnswered() {
    try (FaultyEndpoint silent = FaultyEndpoint.silent()) {
      assertThatThrownBy(
              () -> transport.post(silent.uri().resolve("/hook"), BODY, Duration.ofMillis(500)))
          .isInstanceOf(NoAnswerInTimeException.class);
    }
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aRequestThatCannotBeSentInTimeIsAPlainTimeout() {
    // more than the loopback socket buffers hold, to an endpoint that never reads: the send blocks
    byte[] huge = new byte[64 * 1024 * 1024];
    try (FaultyEndpoint silent = FaultyEndpoint.silent()) {
      assertThatThrownBy(
              () -> transport.post(silent.uri().resolve("/hook"), huge, Duration.ofMillis(500)))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage("not sent within 500 ms");
    }
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aResetConnectionIsAnIoExceptionLikeAnyConnectionFailure() {
    try (FaultyEndpoint resetting = FaultyEndpoint.resetting()) {
      URI url = resetting.uri().resolve("/hook");
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> transport.post(url, BODY, Duration.ofSeconds(5)))
            .isInstanceOf(IOException.class)
            .isNotInstanceOf(NoAnswerInTimeException.class);
      }
      // at least one connection per post: the JDK opens a second one when writing the request
      // headers already failed (nothing was sent), depending on when the reset lands
      assertThat(resetting.connections()).isBetween(5, 10);
    }
  }
}
