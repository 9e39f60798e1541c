package dev.pipelineguard.demo;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * bin/bench only: a global SDK interceptor (registered through the SDK's standard
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} resource, which is on the
 * classpath only when bench runs a function in-process) that adds up the time every AWS call spends
 * on the wire, so the warm figure can separate our own code from emulator I/O.
 */
public final class SdkCallTimer implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> SENT = new ExecutionAttribute<>("bench.sentNanos");
  private static final AtomicLong WIRE_NANOS = new AtomicLong();
  private static final AtomicLong CALLS = new AtomicLong();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    attributes.putAttribute(SENT, System.nanoTime());
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    Long sent = attributes.getAttribute(SENT);
    if (sent != null) {
      WIRE_NANOS.addAndGet(System.nanoTime() - sent);
      CALLS.incrementAndGet();
    }
  }

  /** Wire time and call count since the last reset. */
  static long[] takeAndReset() {
    return new long[] {WIRE_NANOS.getAndSet(0), CALLS.getAndSet(0)};
  }
}
