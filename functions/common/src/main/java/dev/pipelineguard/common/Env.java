package dev.pipelineguard.common;

import java.util.Map;

/**
 * Reads a function's environment once. Each function's {@code *Config.fromEnv} uses these helpers
 * so a missing variable fails fast with a message that names it.
 */
public final class Env {
  private final Map<String, String> vars;

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  public String required(String name) {
    String value = vars.get(name);
    if (value == null || value.isBlank()) {
      throw new ConfigException("environment variable " + name + " is required but not set");
    }
    return value.strip();
  }

  public String optional(String name, String fallback) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  public int integer(String name, int fallback, int min, int max) {
    String value = vars.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed < min || parsed > max) {
        throw new ConfigException(name + " must be between " + min + " and " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number");
    }
  }

  public boolean flag(String name, boolean fallback) {
    String value = vars.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("true") || v.equals("1") || v.equals("yes")) {
      return true;
    }
    if (v.equals("false") || v.equals("0") || v.equals("no")) {
      return false;
    }
    throw new ConfigException(name + " must be true or false");
  }

  /** Invalid or missing configuration of a function. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }
}
