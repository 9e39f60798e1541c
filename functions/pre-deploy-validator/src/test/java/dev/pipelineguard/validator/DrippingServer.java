package dev.pipelineguard.validator;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A slow HTTP server on loopback: for each connection it reads the request head, sends {@code head}
 * at once, then {@code drip} a few bytes per tick of a timer, and holds the connection open after
 * that. It notes when a client goes away (a write fails), so a test can wait for that instead of
 * sleeping.
 */
public final class DrippingServer implements AutoCloseable {
  private final ServerSocket server;
  private final byte[] head;
  private final byte[] drip;
  private final int perTick;
  private final Duration every;
  private final ScheduledExecutorService timer =
      Executors.newScheduledThreadPool(
          1,
          runnable -> {
            Thread thread = new Thread(runnable, "dripping-server-timer");
            thread.setDaemon(true);
            return thread;
          });
  private final List<Socket> sockets = new ArrayList<>(); // guarded by itself
  private final AtomicReference<String> firstRequest = new AtomicReference<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final CountDownLatch clientGone = new CountDownLatch(1);

  private DrippingServer(String head, byte[] drip, int perTick, Duration every) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.head = head.getBytes(StandardCharsets.ISO_8859_1);
    this.drip = drip;
    this.perTick = perTick;
    this.every = every;
    Thread acceptor = new Thread(this::accept, "dripping-server-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Sends {@code head} at once, then {@code drip}, {@code perTick} bytes every {@code every}. */
  public static DrippingServer start(String head, byte[] drip, int perTick, Duration every) {
    try {
      return new DrippingServer(head, drip, perTick, every);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The first request's head (request line and headers), or null before one arrived. */
  public String firstRequest() {
    return firstRequest.get();
  }

  public int connections() {
    return connections.get();
  }

  /** Waits until a client closed its connection (a write to it failed). */
  public boolean awaitClientGone(Duration timeout) throws InterruptedException {
    return clientGone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        synchronized (sockets) {
          sockets.add(socket);
        }
        firstRequest.compareAndSet(null, readHead(socket.getInputStream()));
        OutputStream out = socket.getOutputStream();
        out.write(head);
        out.flush();
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        self.set(
            timer.scheduleAtFixedRate(
                () -> {
                  int from = sent.get();
                  if (from >= drip.length) {
                    return; // everything sent: hold the connection
                  }
                  try {
                    int n = Math.min(perTick, drip.length - from);
                    out.write(drip, from, n);
                    out.flush();
                    sent.addAndGet(n);
                  } catch (IOException e) {
                    clientGone.countDown();
                    self.get().cancel(false);
                  }
                },
                every.toNanos(),
                every.toNanos(),
                TimeUnit.NANOSECONDS));
      } catch (IOException e) {
        // the server socket was closed, or the client left before its request ended
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b = in.read(); b >= 0 && head.size() < 64 * 1024; b = in.read()) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == end.length) {
        break;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      server.close();
      synchronized (sockets) {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
