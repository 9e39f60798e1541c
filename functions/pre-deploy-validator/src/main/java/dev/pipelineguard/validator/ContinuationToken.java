package dev.pipelineguard.validator;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the validator hands CodePipeline between polls: when validation started, when it gives up,
 * which checks are still pending and which were skipped. Compact JSON, far below CodePipeline's
 * 2048-character limit. A token that is not exactly ours decodes to empty.
 */
public record ContinuationToken(Instant started, Instant deadline, int poll, Set<CheckId> pending,
    Set<CheckId> skipped) {

  public static final String VERSION = "pipeline-guard/validator/1";
  public static final int MAX_LENGTH = 2048;
  /** No validation runs longer than this, so a token claiming more is not ours. */
  private static final long MAX_SPAN_SECONDS = ValidatorParameters.MAX_TIMEOUT_SECONDS + 60L;

  public ContinuationToken {
    pending = pending.isEmpty() ? EnumSet.noneOf(CheckId.class) : EnumSet.copyOf(pending);
    skipped = skipped.isEmpty() ? EnumSet.noneOf(CheckId.class) : EnumSet.copyOf(skipped);
  }

  public String encode() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("v", VERSION);
    out.put("started", started.getEpochSecond());
    out.put("deadline", deadline.getEpochSecond());
    out.put("poll", poll);
    out.put("pending", ids(pending));
    out.put("skipped", ids(skipped));
    return JsonWriter.write(out);
  }

  /** Our token, or empty for anything else (foreign, garbled, truncated, from another version). */
  public static Optional<ContinuationToken> decode(String text) {
    if (text == null || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Json root = Json.parseIfJson(text);
    if (!VERSION.equals(root.get("v").text()) || !root.get("v").isString()) {
      return Optional.empty();
    }
    Optional<Long> started = root.get("started").wholeNumber();
    Optional<Long> deadline = root.get("deadline").wholeNumber();
    Optional<Long> poll = root.get("poll").wholeNumber();
    if (started.isEmpty() || deadline.isEmpty() || poll.isEmpty() || started.get() < 0
        || deadline.get() < started.get() || deadline.get() - started.get() > MAX_SPAN_SECONDS
        || poll.get() < 1 || poll.get() > 100_000) {
      return Optional.empty();
    }
    Optional<Set<CheckId>> pending = checks(root.get("pending"));
    Optional<Set<CheckId>> skipped = checks(root.get("skipped"));
    if (pending.isEmpty() || pending.get().isEmpty() || skipped.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ContinuationToken(Instant.ofEpochSecond(started.get()),
        Instant.ofEpochSecond(deadline.get()), poll.get().intValue(), pending.get(), skipped.get()));
  }

  private static Optional<Set<CheckId>> checks(Json array) {
    if (!array.isArray()) {
      return Optional.empty();
    }
    Set<CheckId> out = EnumSet.noneOf(CheckId.class);
    for (Json item : array.elements()) {
      Optional<CheckId> check = CheckId.of(item.text());
      if (!item.isString() || check.isEmpty()) {
        return Optional.empty();
      }
      out.add(check.get());
    }
    return Optional.of(out);
  }

  private static List<String> ids(Set<CheckId> checks) {
    List<String> out = new ArrayList<>();
    for (CheckId check : checks) {
      out.add(check.id());
    }
    return out;
  }
}
