package dev.pipelineguard.notifier.delivery;

import java.time.Duration;

/** Waits between delivery attempts; tests pass one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
