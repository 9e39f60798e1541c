package dev.pipelineguard.validator.job;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.JsonWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the validator hands CodePipeline between polls: when validation started and how many polls
 * ran. Timing only, so a token grants nothing: every poll runs every check, and the deadline comes
 * from the job's own {@code timeoutSeconds} (see {@link PollPlan}). Compact JSON, far below
 * CodePipeline's 2048-character limit. A token that is not exactly ours decodes to empty.
 */
public record ContinuationToken(Instant started, int poll) {

  static final String VERSION = "pipeline-guard/validator/2";
  static final int MAX_LENGTH = 2048;
  static final int MAX_POLLS = 100_000;

  /** 9999-12-31T23:59:59Z: any start a token may claim stays safe for Instant arithmetic. */
  private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  public String encode() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("v", VERSION);
    out.put("started", started.getEpochSecond());
    out.put("poll", poll);
    return JsonWriter.write(out);
  }

  /** Our token, or empty for anything else (foreign, garbled, truncated, from another version). */
  public static Optional<ContinuationToken> decode(String text) {
    if (text == null || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Json root = Json.parseIfJson(text);
    if (!root.get("v").isString() || !VERSION.equals(root.get("v").text())) {
      return Optional.empty();
    }
    Optional<Long> started = root.get("started").wholeNumber();
    Optional<Long> poll = root.get("poll").wholeNumber();
    if (started.isEmpty()
        || poll.isEmpty()
        || started.get() < 0
        || started.get() > MAX_EPOCH_SECOND
        || poll.get() < 1
        || poll.get() > MAX_POLLS) {
      return Optional.empty();
    }
    return Optional.of(
        new ContinuationToken(Instant.ofEpochSecond(started.get()), poll.get().intValue()));
  }
}
