package dev.pipelineguard.emulation;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures everything written to stdout and stderr while it is open (log lines included), so a test
 * can assert that no secret reached them. Use in try-with-resources.
 */
public final class CapturedOutput implements AutoCloseable {
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  public CapturedOutput() {
    PrintStream capture =
        new PrintStream(new TeeStream(buffer, originalOut), true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
  }

  public String text() {
    System.out.flush();
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.out.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private static final class TeeStream extends java.io.OutputStream {
    private final ByteArrayOutputStream buffer;
    private final PrintStream echo;

    TeeStream(ByteArrayOutputStream buffer, PrintStream echo) {
      this.buffer = buffer;
      this.echo = echo;
    }

    @Override
    public void write(int b) {
      synchronized (buffer) {
        buffer.write(b);
      }
      echo.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (buffer) {
        buffer.write(b, off, len);
      }
      echo.write(b, off, len);
    }
  }
}
