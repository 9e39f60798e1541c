package dev.pipelineguard.notifier;

import dev.pipelineguard.common.Env.ConfigException;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The optional routing map (SLACK_ROUTES): a JSON object from a key pattern to the ARN of a secret
 * holding another webhook, e.g. {@code {"pipeline:payments-*":
 * "arn:aws:secretsmanager:...:secret:pipeline-guard/slack/payments"}}. Keys are {@code
 * pipeline:<name>}, {@code service:<cluster>/<service>}, {@code service:<service>} or {@code
 * project:<codebuild project>}; {@code *} matches any characters. The first route (in the map's
 * order) that matches any key of a message wins; no match means the default webhook.
 */
final class Routes {
  static final String VARIABLE = "SLACK_ROUTES";
  private static final List<String> PREFIXES = List.of("pipeline:", "service:", "project:");
  private static final int MAX_ROUTES = 100;

  /** One route: the pattern as written and the secret it sends to. */
  record Route(String pattern, String secretArn, Pattern regex) {
    boolean matches(String key) {
      return regex.matcher(key).matches();
    }
  }

  private final List<Route> routes;

  private Routes(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  static Routes none() {
    return new Routes(List.of());
  }

  /**
   * Parses SLACK_ROUTES; blank means no routes. Fails fast naming the variable and the bad entry.
   */
  static Routes parse(String json) {
    if (json == null || json.isBlank()) {
      return none();
    }
    Json map;
    try {
      map = Json.parse(json.strip());
    } catch (JsonException e) {
      throw new ConfigException(
          VARIABLE
              + " must be a JSON object of key pattern to secret ARN ("
              + e.getMessage()
              + ")");
    }
    if (!map.isObject()) {
      throw new ConfigException(VARIABLE + " must be a JSON object of key pattern to secret ARN");
    }
    if (map.fields().size() > MAX_ROUTES) {
      throw new ConfigException(VARIABLE + " has more than " + MAX_ROUTES + " routes");
    }
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<String, Json> entry : map.fields().entrySet()) {
      String pattern = entry.getKey().strip();
      if (PREFIXES.stream().noneMatch(pattern::startsWith)
          || pattern.indexOf(':') == pattern.length() - 1) {
        throw new ConfigException(
            VARIABLE
                + " key \""
                + pattern
                + "\" must be pipeline:<name>, service:<name>, service:<cluster>/<name> or project:<name>");
      }
      String secret = entry.getValue().text();
      if (!entry.getValue().isString() || secret.isBlank() || secret.strip().contains(" ")) {
        throw new ConfigException(VARIABLE + " key \"" + pattern + "\" must map to a secret ARN");
      }
      routes.add(new Route(pattern, secret.strip(), glob(pattern)));
    }
    return new Routes(routes);
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  /** The first route matching any of {@code keys}, or null. */
  Route match(List<String> keys) {
    for (Route route : routes) {
      for (String key : keys) {
        if (route.matches(key)) {
          return route;
        }
      }
    }
    return null;
  }

  List<Route> all() {
    return routes;
  }
}
