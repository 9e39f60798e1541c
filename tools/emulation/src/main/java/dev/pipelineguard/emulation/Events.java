package dev.pipelineguard.emulation;

import dev.pipelineguard.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The raw sample events in {@code events/}, exactly as {@code bin/local-invoke -e} reads them. */
public final class Events {
  private Events() {}

  public static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(RepoPaths.event(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String name) {
    return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
  }

  public static Json json(String name) {
    return Json.parse(bytes(name));
  }
}
