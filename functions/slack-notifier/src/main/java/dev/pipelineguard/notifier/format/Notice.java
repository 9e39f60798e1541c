package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.Redactor;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.enrich.Enrichment;
import dev.pipelineguard.notifier.enrich.EnrichmentRequest;
import java.util.List;
import java.util.function.Function;

/**
 * What the notifier learned from one message before posting it: its kind, category, routing and
 * de-duplication keys, what enrichment it would like, and how to render it. Or why it is never
 * posted ({@link #skipReason}).
 */
public final class Notice {
  private final String kind;
  private final Category category;
  private final List<String> routeKeys;
  private final List<String> dedupeKeys;
  private final EnrichmentRequest enrichment;
  private final String skipReason;
  private final Function<Enrichment, SlackMessage> renderer;

  private Notice(
      String kind,
      Category category,
      List<String> routeKeys,
      List<String> dedupeKeys,
      EnrichmentRequest enrichment,
      String skipReason,
      Function<Enrichment, SlackMessage> renderer) {
    this.kind = kind;
    this.category = category;
    this.routeKeys = List.copyOf(routeKeys);
    this.dedupeKeys = List.copyOf(dedupeKeys);
    this.enrichment = enrichment;
    this.skipReason = skipReason;
    this.renderer = renderer;
  }

  static Notice post(String kind, Category category, Function<Enrichment, SlackMessage> renderer) {
    return new Notice(kind, category, List.of(), List.of(), null, null, renderer);
  }

  /** A message that is never posted; {@code reason} goes to the log, redacted. */
  static Notice skip(String kind, String reason) {
    return new Notice(
        kind, Category.OTHER, List.of(), List.of(), null, Redactor.redact(reason), e -> null);
  }

  /**
   * Keys the routing map is matched against, e.g. {@code pipeline:orders}, {@code
   * service:prod/api}.
   */
  Notice routes(List<String> keys) {
    return new Notice(kind, category, keys, dedupeKeys, enrichment, skipReason, renderer);
  }

  /** Keys that identify the same news when it is delivered twice with different event ids. */
  Notice dedupe(List<String> keys) {
    return new Notice(kind, category, routeKeys, keys, enrichment, skipReason, renderer);
  }

  Notice enrich(EnrichmentRequest request) {
    return new Notice(kind, category, routeKeys, dedupeKeys, request, skipReason, renderer);
  }

  public String kind() {
    return kind;
  }

  public Category category() {
    return category;
  }

  public List<String> routeKeys() {
    return routeKeys;
  }

  public List<String> dedupeKeys() {
    return dedupeKeys;
  }

  /** The enrichment this message would show, or null. */
  public EnrichmentRequest enrichment() {
    return enrichment;
  }

  public boolean skipped() {
    return skipReason != null;
  }

  public String skipReason() {
    return skipReason;
  }

  public SlackMessage render(Enrichment found) {
    return renderer.apply(found == null ? Enrichment.NONE : found);
  }
}
