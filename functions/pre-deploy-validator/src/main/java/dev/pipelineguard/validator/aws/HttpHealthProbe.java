package dev.pipelineguard.validator.aws;

import dev.pipelineguard.validator.check.Deadline;
import dev.pipelineguard.validator.check.HealthProbe;
import dev.pipelineguard.validator.model.HttpAnswer;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@link HealthProbe} over a plain socket: one {@code GET}, redirects not followed (a redirect to a
 * login page is not "healthy"), only the status line read. The host is resolved once, every address
 * is checked (link-local and metadata addresses are refused), and the socket connects to that very
 * address, with the URL's host in the {@code Host} header and for TLS (SNI and certificate check):
 * a DNS answer that changes between the check and the connection cannot redirect the probe. The
 * whole exchange, resolving included, ends at the limit or the poll's deadline, whichever is first:
 * a watchdog closes the socket then, however slowly the server answers.
 */
public final class HttpHealthProbe implements HealthProbe {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final Pattern STATUS_LINE =
      Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})(?: .*)?");
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(daemon("validator-health-watchdog"));

  /** Lookups run here, so that a resolver that hangs cannot hold the probe past its deadline. */
  private static final ExecutorService LOOKUPS =
      Executors.newCachedThreadPool(daemon("validator-health-dns"));

  /** Resolves a host name (or address literal) to its addresses. */
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Duration timeout;
  private final Resolver resolver;

  public HttpHealthProbe(Duration timeout) {
    this(timeout, InetAddress::getAllByName);
  }

  HttpHealthProbe(Duration timeout, Resolver resolver) {
    this.timeout = timeout;
    this.resolver = resolver;
  }

  @Override
  public HttpAnswer get(URI url, Deadline pollDeadline) {
    long start = System.nanoTime();
    Deadline limit = new Deadline(start + timeout.toNanos());
    boolean pollEndsFirst = pollDeadline != null && pollDeadline.nanoTime() - limit.nanoTime() < 0;
    Deadline deadline = pollEndsFirst ? pollDeadline : limit;
    HttpAnswer answer = get(url, deadline, start);
    if (answer != null) {
      return answer;
    }
    // Out of time. Cut short by the poll, the URL did not get its full time: no verdict in this
    // poll.
    return pollEndsFirst
        ? null
        : HttpAnswer.error("no answer within " + timeout.toMillis() + " ms", elapsed(start));
  }

  /** The answer, or null when the deadline ended the exchange. */
  private HttpAnswer get(URI url, Deadline deadline, long start) {
    String host = url.getHost();
    InetAddress address;
    try {
      InetAddress[] addresses = resolve(host, deadline);
      for (InetAddress candidate : addresses) {
        String refusal = refusal(candidate);
        if (refusal != null) {
          String literal = host.replaceAll("^\\[|]$", "");
          return HttpAnswer.refused(
              (literal.equalsIgnoreCase(candidate.getHostAddress())
                      ? candidate.getHostAddress()
                      : TextSanitizer.clean(host, 120)
                          + " resolves to "
                          + candidate.getHostAddress())
                  + ", "
                  + refusal,
              elapsed(start));
        }
      }
      address = addresses[0];
    } catch (UnknownHostException e) {
      return HttpAnswer.error("unknown host " + TextSanitizer.clean(host, 120), elapsed(start));
    } catch (TimeoutException e) {
      return null;
    }
    Socket socket = new Socket();
    ScheduledFuture<?> stop =
        WATCHDOG.schedule(
            () -> close(socket), deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
    try {
      socket.connect(new InetSocketAddress(address, port(url)), millis(deadline));
      Socket connection =
          "https".equalsIgnoreCase(url.getScheme()) ? tls(socket, url, deadline) : socket;
      OutputStream out = connection.getOutputStream();
      out.write(request(url).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return HttpAnswer.status(
          status(connection.getInputStream(), connection, deadline), elapsed(start));
    } catch (SocketTimeoutException e) {
      return null; // each socket timeout is set to what is left until the deadline
    } catch (ConnectException e) {
      return deadline.passed()
          ? null
          : HttpAnswer.error("connection refused or unreachable", elapsed(start));
    } catch (SSLException e) {
      return deadline.passed()
          ? null
          : HttpAnswer.error(
              "TLS failed: " + TextSanitizer.clean(e.getMessage(), 160), elapsed(start));
    } catch (IOException | RuntimeException e) {
      // The watchdog closing the socket at the deadline ends any read or write with an IOException.
      return deadline.passed()
          ? null
          : HttpAnswer.error(
              e.getClass().getSimpleName() + ": " + TextSanitizer.clean(e.getMessage(), 160),
              elapsed(start));
    } finally {
      stop.cancel(false);
      close(socket);
    }
  }

  /**
   * Why the probe may not connect to {@code address}, or null. Link-local addresses are refused:
   * 169.254.0.0/16 (the instance metadata service 169.254.169.254, the ECS container credentials
   * and metadata endpoint 169.254.170.2) and fe80::/10; so is fd00:ec2::/32 (the metadata service's
   * IPv6 address fd00:ec2::254 and AWS's other local services); IPv4 addresses inside IPv6 (mapped
   * {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}) count as
   * the IPv4 address. Loopback and private ranges are allowed: a health URL in a VPC is private.
   */
  static String refusal(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return (b[0] & 0xFF) == 169 && (b[1] & 0xFF) == 254
          ? "a link-local address (169.254.0.0/16: the instance metadata service and the ECS credentials endpoint)"
          : null;
    }
    if (address instanceof Inet6Address) {
      if (address.isLinkLocalAddress()) {
        return "an IPv6 link-local address (fe80::/10)";
      }
      if ((b[0] & 0xFF) == 0xFD && b[1] == 0 && (b[2] & 0xFF) == 0x0E && (b[3] & 0xFF) == 0xC2) {
        return "in fd00:ec2::/32, AWS's local services (the instance metadata service is fd00:ec2::254)";
      }
      byte[] v4 = embeddedIpv4(b);
      if (v4 != null) {
        try {
          String inner = refusal(InetAddress.getByAddress(v4));
          return inner == null ? null : "an IPv4 address in IPv6 form, " + inner;
        } catch (UnknownHostException e) {
          return null; // four bytes are always an address
        }
      }
    }
    return null;
  }

  /** The IPv4 address inside a mapped, compatible or NAT64 IPv6 address, or null. */
  private static byte[] embeddedIpv4(byte[] b) {
    boolean zeros = true;
    for (int i = 0; i < 10; i++) {
      zeros &= b[i] == 0;
    }
    boolean mapped = zeros && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    boolean compatible = zeros && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = b[i] == 0;
    }
    return mapped || compatible || nat64 ? new byte[] {b[12], b[13], b[14], b[15]} : null;
  }

  private InetAddress[] resolve(String host, Deadline deadline)
      throws UnknownHostException, TimeoutException {
    CompletableFuture<InetAddress[]> lookup =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return resolver.resolve(host);
              } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            },
            LOOKUPS);
    try {
      InetAddress[] addresses = lookup.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
      if (addresses == null || addresses.length == 0) {
        throw new UnknownHostException(host);
      }
      return addresses;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UnknownHostException
          ? (UnknownHostException) e.getCause()
          : new UnknownHostException(host);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    }
  }

  /**
   * TLS over the connected socket, for the URL's host: SNI and the certificate checked against it.
   */
  private static Socket tls(Socket socket, URI url, Deadline deadline) throws IOException {
    String host = url.getHost();
    SSLSocket tls =
        (SSLSocket)
            ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(socket, host, port(url), true);
    // Created for the host name, the socket already sends it as SNI; the certificate must match it
    // too.
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(parameters);
    tls.setSoTimeout(millis(deadline));
    tls.startHandshake();
    return tls;
  }

  private static String request(URI url) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
    int port = url.getPort();
    String host = url.getHost() + (port < 0 || port == defaultPort(url) ? "" : ":" + port);
    return "GET "
        + path
        + query
        + " HTTP/1.1\r\nHost: "
        + host
        + "\r\nUser-Agent: pipeline-guard-pre-deploy-validator\r\nAccept: */*\r\nConnection: close\r\n\r\n";
  }

  /**
   * The final status code: interim 1xx answers are skipped. Each read waits at most until the
   * deadline.
   */
  private static int status(InputStream in, Socket socket, Deadline deadline) throws IOException {
    int read = 0;
    while (true) {
      String line = line(in, socket, deadline);
      read += line.length();
      Matcher m = STATUS_LINE.matcher(line);
      if (!m.matches()) {
        throw new IOException("not an HTTP status line");
      }
      int status = Integer.parseInt(m.group(1));
      if (status >= 200 || status == 101) {
        return status;
      }
      for (String header = line(in, socket, deadline);
          !header.isEmpty();
          header = line(in, socket, deadline)) {
        read += header.length();
        if (read > MAX_HEAD_BYTES) {
          throw new IOException("the answer's head is longer than " + MAX_HEAD_BYTES + " bytes");
        }
      }
    }
  }

  private static String line(InputStream in, Socket socket, Deadline deadline) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (line.size() < MAX_HEAD_BYTES) {
      socket.setSoTimeout(millis(deadline));
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed before the status line ended");
      }
      if (b == '\n') {
        return line.toString(StandardCharsets.ISO_8859_1).strip();
      }
      line.write(b);
    }
    throw new IOException("the answer's head is longer than " + MAX_HEAD_BYTES + " bytes");
  }

  private static int port(URI url) {
    return url.getPort() >= 0 ? url.getPort() : defaultPort(url);
  }

  private static int defaultPort(URI url) {
    return "https".equals(url.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
  }

  /** What is left until the deadline, as a socket timeout (0 would mean "wait forever"). */
  private static int millis(Deadline deadline) throws SocketTimeoutException {
    long nanos = deadline.remaining().toNanos();
    if (nanos <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int)
        Math.min(
            Integer.MAX_VALUE,
            (nanos + 999_999) / 1_000_000); // rounded up: never before the deadline
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all that was wanted
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
