package dev.pipelineguard.notifier.delivery;

import dev.pipelineguard.common.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a webhook URL from a secret's value: the URL itself or {@code {"webhookUrl": "..."}}. Only
 * {@code https://} URLs are accepted, and {@code http://} for loopback hosts (the local demo and
 * tests post to a Slack sink on 127.0.0.1). Errors name the secret, never its value.
 */
final class WebhookUrls {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private WebhookUrls() {}

  static URI parse(String secretValue, String secretArn) {
    if (secretValue == null || secretValue.isBlank()) {
      throw new WebhookConfigException("the Slack webhook secret " + secretArn + " is empty");
    }
    String value = secretValue.strip();
    if (value.startsWith("{")) {
      Json json = Json.parseIfJson(value);
      if (json.isMissing()) {
        throw new WebhookConfigException(
            "the Slack webhook secret " + secretArn + " starts with '{' but is not valid JSON");
      }
      String url = json.get("webhookUrl").text();
      if (url == null || url.isBlank() || !json.get("webhookUrl").isString()) {
        throw new WebhookConfigException(
            "the Slack webhook secret "
                + secretArn
                + " holds JSON without a \"webhookUrl\" string");
      }
      value = url.strip();
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new WebhookConfigException(
          "the Slack webhook secret " + secretArn + " does not hold a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new WebhookConfigException(
          "the Slack webhook secret " + secretArn + " holds a URL without a host");
    }
    if (scheme.equals("https") || (scheme.equals("http") && LOOPBACK.contains(host))) {
      return uri;
    }
    throw new WebhookConfigException(
        "the Slack webhook secret "
            + secretArn
            + " holds a URL that is not https:// (http:// is accepted only for 127.0.0.1 and localhost)");
  }
}
