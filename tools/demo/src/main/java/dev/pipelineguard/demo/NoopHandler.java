package dev.pipelineguard.demo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * bin/bench only: the floor of a Java cold start, a handler that does nothing, run through
 * bin/local-invoke like the functions: what the JVM and Lambda's runtime interface client cost
 * alone.
 */
public final class NoopHandler implements RequestStreamHandler {
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.transferTo(OutputStream.nullOutputStream());
    output.write("{}".getBytes(StandardCharsets.UTF_8));
  }
}
