package dev.pipelineguard.notifier.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP endpoint that reads each request in full, sends {@code head} at once, and then
 * drips its answer on a timer, one byte per tick, for ever: {@link #statusThenDrippingBody} (Slack
 * said 200, the body trickles) or {@link #drippingStatus} (not even the status line arrives in
 * time). The client's deadline must end the post; the test never sleeps.
 */
final class DrippingEndpoint implements AutoCloseable {
  private final ServerSocket server;
  private final String head;
  private final String dripped;
  private final byte filler;
  private final Duration tick;
  private final List<Socket> sockets = new ArrayList<>(); // guarded by itself
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "dripping-endpoint");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicInteger requests = new AtomicInteger();

  /**
   * Sends {@code head} at once, then {@code dripped} and {@code filler} for ever, one byte per
   * tick.
   */
  private DrippingEndpoint(String head, String dripped, char filler, Duration tick) {
    this.head = head;
    this.dripped = dripped;
    this.filler = (byte) filler;
    this.tick = tick;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "dripping-endpoint-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Answers {@code 200} with its headers at once, then the body one byte per tick. */
  static DrippingEndpoint statusThenDrippingBody(Duration tick) {
    return new DrippingEndpoint(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000\r\n\r\n",
        "ok",
        'k',
        tick);
  }

  /**
   * Starts a 200 answer and drips it, header byte after header byte: no status line ever completes
   * in time.
   */
  static DrippingEndpoint drippingStatus(Duration tick) {
    return new DrippingEndpoint(
        "", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Drip: ", 'a', tick);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + SlackSink.PATH);
  }

  /**
   * The base of a Slack Web API on this endpoint ({@code chat.postMessage} resolves against it).
   */
  URI apiBaseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/");
  }

  /** Requests received in full. */
  int requests() {
    return requests.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        synchronized (sockets) {
          sockets.add(socket);
        }
        readRequest(socket.getInputStream());
        requests.incrementAndGet();
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] next = dripped.getBytes(StandardCharsets.US_ASCII);
        AtomicInteger sent = new AtomicInteger();
        // Not awaited: the drip runs until the client hangs up, and then stops itself by throwing.
        java.util.concurrent.Future<?> unused =
            timer.scheduleAtFixedRate(
                () -> {
                  try {
                    int i = sent.getAndIncrement();
                    out.write(i < next.length ? next[i] : filler);
                    out.flush();
                  } catch (IOException e) {
                    close(socket); // the client hung up: stop this drip
                    throw new UncheckedIOException(e);
                  }
                },
                tick.toMillis(),
                tick.toMillis(),
                TimeUnit.MILLISECONDS);
      } catch (IOException e) {
        // closed, or a client that went away mid-request
      }
    }
  }

  /** Headers up to the blank line, then Content-Length bytes of body. */
  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request cut short");
      }
      headers.write(b);
    }
    long length = 0;
    for (String line : headers.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    if (in.readNBytes((int) length).length < length) {
      throw new IOException("body cut short");
    }
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    synchronized (sockets) {
      sockets.forEach(DrippingEndpoint::close);
    }
  }
}
