package dev.pipelineguard.notifier.board;

import java.time.Instant;

/**
 * Merges of values every event of an execution should agree on (trigger, commit, region). Each is
 * commutative, associative and idempotent, so the result does not depend on delivery order or
 * duplicates: a missing value is filled in, and if two events ever disagree the smaller value wins
 * on every order.
 */
final class Merge {
  private Merge() {}

  static String pick(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) <= 0 ? a : b;
  }

  static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isBefore(b) ? a : b;
  }

  static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }
}
