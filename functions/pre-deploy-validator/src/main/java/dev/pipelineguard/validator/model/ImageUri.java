package dev.pipelineguard.validator.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference ({@code [registry/]repository[:tag][@digest]}) as Docker and ECS
 * parse it, and the ECR coordinates when the registry is a private ECR registry.
 *
 * @param registry the registry host (and port), or {@code null} for Docker Hub
 * @param tag the tag, or {@code null}
 * @param digest the digest ({@code sha256:...}), or {@code null}
 */
public record ImageUri(String text, String registry, String repository, String tag, String digest) {

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]+(?::\\d{1,5})?");
  private static final Pattern ECR_REGISTRY =
      Pattern.compile("(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

  /** A private ECR image: where to ask DescribeImages. */
  public record EcrImage(
      String account, String region, String repository, String tag, String digest) {
    /** The tag or digest, as the image is identified in ECR messages. */
    public String reference() {
      return digest != null ? "@" + digest : ":" + tag;
    }
  }

  /** Parses a reference or explains what is wrong with it. */
  public static Parsed parse(String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.problem(
          "is empty (was the image variable empty when imagedefinitions.json was written?)");
    }
    if (text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return Parsed.problem("contains whitespace or control characters");
    }
    if (text.length() > 1024) {
      return Parsed.problem("is longer than 1024 characters");
    }
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        return Parsed.problem("has a malformed digest after '@' (expected sha256:<64 hex digits>)");
      }
      if (digest.startsWith("sha256:") && !SHA256.matcher(digest).matches()) {
        return Parsed.problem("has a malformed sha256 digest (expected 64 lowercase hex digits)");
      }
    }
    String registry = null;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        rest = rest.substring(slash + 1);
        if (!REGISTRY.matcher(registry).matches()) {
          return Parsed.problem("has an invalid registry host");
        }
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (tag.isEmpty()) {
        return Parsed.problem("ends with ':' and no tag (was the tag variable empty?)");
      }
      if (!TAG.matcher(tag).matches()) {
        return Parsed.problem(
            "has an invalid tag (letters, digits, _ . -, at most 128, not starting with . or -)");
      }
    }
    if (rest.isEmpty()) {
      return Parsed.problem("has no repository name");
    }
    if (!REPOSITORY.matcher(rest).matches()) {
      return Parsed.problem(
          rest.equals(rest.toLowerCase(java.util.Locale.ROOT))
              ? "has an invalid repository name"
              : "has uppercase letters in the repository name (repositories are lowercase)");
    }
    if (rest.length() > 256) {
      return Parsed.problem("has a repository name longer than 256 characters");
    }
    return Parsed.of(new ImageUri(text, registry, rest, tag, digest));
  }

  /** The ECR coordinates, when this is an image in a private ECR registry. */
  public Optional<EcrImage> ecr() {
    if (registry == null) {
      return Optional.empty();
    }
    Matcher m = ECR_REGISTRY.matcher(registry);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new EcrImage(
            m.group(1),
            m.group(2),
            repository,
            tag == null && digest == null ? "latest" : tag,
            digest));
  }

  /** Neither tag nor digest: ECS pulls {@code latest}, which no rollback can pin. */
  public boolean implicitLatest() {
    return tag == null && digest == null;
  }

  /** A reference or a reason it cannot be one. */
  public record Parsed(ImageUri image, String problem) {
    static Parsed of(ImageUri image) {
      return new Parsed(image, null);
    }

    static Parsed problem(String problem) {
      return new Parsed(null, problem);
    }
  }
}
