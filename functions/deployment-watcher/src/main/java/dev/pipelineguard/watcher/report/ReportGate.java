package dev.pipelineguard.watcher.report;

import dev.pipelineguard.common.Log;
import dev.pipelineguard.common.OutsideText;
import dev.pipelineguard.watcher.evidence.Incident;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Report once: this container's memory first (free), then the shared ledger. The gate fails open:
 * when the ledger cannot be read or written (refused, reset, timed out, throttled beyond its short
 * budget) it logs a warning and lets the report through, because a rare duplicate report beats a
 * lost one. The ledger's own call timeouts keep that detour short.
 */
public final class ReportGate {
  static final int MEMORY_SIZE = 1024;

  private final ReportLedger ledger; // null: memory only
  private final Log log;
  private final Set<String> reported =
      Collections.newSetFromMap(
          new LinkedHashMap<String, Boolean>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > MEMORY_SIZE;
            }
          });

  public ReportGate(ReportLedger ledger, Log log) {
    this.ledger = ledger;
    this.log = log;
  }

  /**
   * The report-once key of an incident: one report per failed (or stuck) deployment of a service,
   * whichever event or container gets there first. Made of quoted names, as it is logged and stored
   * (names ECS accepts never change when quoted).
   */
  public static String key(Incident incident) {
    return ReportBuilder.kind(incident.kind())
        + "#"
        + OutsideText.quote(incident.region())
        + "#"
        + OutsideText.quote(incident.cluster())
        + "/"
        + OutsideText.quote(incident.service())
        + "#"
        + OutsideText.quote(incident.deploymentId());
  }

  /** This invocation's go-ahead to report {@code key}; {@code holder} names its ledger marker. */
  public record Pass(String key, String holder) {}

  /**
   * A pass when the caller should report {@code key} now; empty when it was reported or is being
   * reported.
   */
  public Optional<Pass> enter(String key, Instant now, Instant deadline) {
    if (reported.contains(key)) {
      log.info("duplicate_skipped", "key", key, "by", "memory");
      return Optional.empty();
    }
    Pass pass = new Pass(key, UUID.randomUUID().toString());
    if (ledger == null) {
      return Optional.of(pass);
    }
    try {
      ReportLedger.Claim claim = ledger.claim(key, pass.holder(), now, deadline);
      if (claim == ReportLedger.Claim.CLAIMED) {
        return Optional.of(pass);
      }
      if (claim == ReportLedger.Claim.ALREADY_REPORTED) {
        reported.add(key);
      }
      log.info("duplicate_skipped", "key", key, "by", "ledger", "state", claim.name());
      return Optional.empty();
    } catch (ReportLedger.LedgerException e) {
      log.warn("ledger_unavailable_reporting_anyway", "key", key, "error", OutsideText.message(e));
      return Optional.of(pass);
    }
  }

  /**
   * Records the report; the ledger is written even when the claim failed, so later duplicates see
   * it.
   */
  public void published(Pass pass, String messageId, Instant now) {
    reported.add(pass.key());
    if (ledger == null) {
      return;
    }
    try {
      ledger.complete(pass.key(), messageId, now);
    } catch (ReportLedger.LedgerException e) {
      // The IN_PROGRESS marker (if any) keeps duplicates away until this invocation's deadline;
      // one arriving after that reports again.
      log.warn(
          "ledger_complete_failed",
          "key",
          pass.key(),
          "messageId",
          OutsideText.quote(messageId),
          "error",
          OutsideText.message(e));
    }
  }

  /** Publishing failed: frees the key so Lambda's retry of this invocation reports it. */
  public void failed(Pass pass) {
    if (ledger == null) {
      return;
    }
    try {
      ledger.release(pass.key(), pass.holder());
    } catch (ReportLedger.LedgerException e) {
      // The retry comes after this invocation's deadline and takes the stale marker over.
      log.warn("ledger_release_failed", "key", pass.key(), "error", OutsideText.message(e));
    }
  }
}
