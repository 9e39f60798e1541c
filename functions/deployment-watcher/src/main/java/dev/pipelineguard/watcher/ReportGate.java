package dev.pipelineguard.watcher;

import dev.pipelineguard.common.Log;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Report once: this container's memory first (free), then the shared ledger. When the ledger
 * cannot be reached the gate fails open: a rare duplicate report beats a lost one.
 */
final class ReportGate {
  static final int MEMORY_SIZE = 1024;

  private final ReportLedger ledger; // null: memory only
  private final Log log;
  private final Set<String> reported = Collections.newSetFromMap(new LinkedHashMap<String, Boolean>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > MEMORY_SIZE;
    }
  });

  ReportGate(ReportLedger ledger, Log log) {
    this.ledger = ledger;
    this.log = log;
  }

  /** Whether the caller should report {@code key} now. */
  boolean enter(String key, Instant now, Instant deadline) {
    if (reported.contains(key)) {
      log.info("duplicate_skipped", "key", key, "by", "memory");
      return false;
    }
    if (ledger == null) {
      return true;
    }
    try {
      ReportLedger.Claim claim = ledger.claim(key, now, deadline);
      if (claim == ReportLedger.Claim.CLAIMED) {
        return true;
      }
      if (claim == ReportLedger.Claim.ALREADY_REPORTED) {
        reported.add(key);
      }
      log.info("duplicate_skipped", "key", key, "by", "ledger", "state", claim.name());
      return false;
    } catch (ReportLedger.LedgerException e) {
      log.error("ledger_unavailable_reporting_anyway", "key", key, "error", e.getMessage());
      return true;
    }
  }

  void published(String key, String messageId, Instant now) {
    reported.add(key);
    if (ledger == null) {
      return;
    }
    try {
      ledger.complete(key, messageId, now);
    } catch (ReportLedger.LedgerException e) {
      // The IN_PROGRESS marker stays until the deadline; a later duplicate may then report again.
      log.error("ledger_complete_failed", "key", key, "error", e.getMessage());
    }
  }

  void failed(String key) {
    if (ledger == null) {
      return;
    }
    try {
      ledger.release(key);
    } catch (ReportLedger.LedgerException e) {
      // A retry takes the marker over once this invocation's deadline has passed.
      log.error("ledger_release_failed", "key", key, "error", e.getMessage());
    }
  }
}
