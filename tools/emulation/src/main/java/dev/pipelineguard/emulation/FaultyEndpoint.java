package dev.pipelineguard.emulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An AWS endpoint on loopback that never answers, in one of the ways a network fails: nothing
 * listening (connection refused), a server that resets every connection it accepts, or one that
 * accepts and stays silent (the client's timeouts must end the call). Point an SDK client at {@link
 * #uri()} through {@link TestAws#route}; close it in try-with-resources.
 */
public final class FaultyEndpoint implements AutoCloseable {
  private final URI uri;
  private final ServerSocket server; // null: refusing
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> held = new ArrayList<>(); // guarded by itself, as is closed
  private boolean closed;

  private FaultyEndpoint(int port, ServerSocket server, boolean reset) {
    this.uri = URI.create("http://127.0.0.1:" + port);
    this.server = server;
    if (server != null) {
      Thread acceptor = new Thread(() -> accept(reset), "faulty-endpoint-" + port);
      acceptor.setDaemon(true);
      acceptor.start();
    }
  }

  /** A loopback port with nothing listening: every connection is refused. */
  public static FaultyEndpoint refusing() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new FaultyEndpoint(probe.getLocalPort(), null, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Accepts each connection and resets it at once (TCP RST), before any answer. */
  public static FaultyEndpoint resetting() {
    return listening(true);
  }

  /**
   * Accepts each connection and never reads or answers: only the client's timeouts end the call.
   */
  public static FaultyEndpoint silent() {
    return listening(false);
  }

  private static FaultyEndpoint listening(boolean reset) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      return new FaultyEndpoint(server.getLocalPort(), server, reset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri() {
    return uri;
  }

  /** Connections accepted so far (0 for a refusing endpoint): how many times the client tried. */
  public int connections() {
    return connections.get();
  }

  private void accept(boolean reset) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        if (reset) {
          socket.setSoLinger(true, 0); // close with RST, not FIN
          socket.close();
        } else {
          synchronized (held) {
            if (closed) {
              socket.close();
            } else {
              held.add(socket);
            }
          }
        }
      } catch (IOException e) {
        // The server socket was closed: done.
      }
    }
  }

  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      server.close();
      synchronized (held) {
        closed = true;
        for (Socket socket : held) {
          socket.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
