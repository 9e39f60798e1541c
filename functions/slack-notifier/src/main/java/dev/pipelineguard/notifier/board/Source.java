package dev.pipelineguard.notifier.board;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.common.Text;

/**
 * What started an execution and which code it runs: the {@code execution-trigger} of the pipeline
 * events (manual start, or the Git push with commit, author and message of V2 pipelines). Every
 * field is untrusted text, escaped only when rendered.
 */
public record Source(
    String triggerType,
    String triggerDetail,
    String provider,
    String repository,
    String branch,
    String tag,
    String commitId,
    String commitMessage,
    String author,
    String revisionUrl) {
  public static final Source NONE =
      new Source(null, null, null, null, null, null, null, null, null, null);

  /** The {@code execution-trigger} object of a pipeline event; {@link #NONE} when absent. */
  public static Source fromTrigger(Json trigger) {
    if (!trigger.isObject()) {
      return NONE;
    }
    return new Source(
        text(trigger, "trigger-type"),
        text(trigger, "trigger-detail"),
        text(trigger, "provider-type"),
        text(trigger, "full-repository-name"),
        text(trigger, "branch-name"),
        text(trigger, "tag-name"),
        text(trigger, "commit-id"),
        text(trigger, "commit-message"),
        first(text(trigger, "author-display-name"), text(trigger, "author-id")),
        null);
  }

  /**
   * A source revision as GetPipelineExecution lists it: its id (the commit), summary (the commit
   * message; Git connections wrap it as {@code {"ProviderType":..,"CommitMessage":..}}) and URL.
   * Cleaned and capped like the text of events.
   */
  public static Source ofRevision(String revisionId, String summary, String url) {
    String message = summary;
    Json json = summary == null ? Json.MISSING : Json.parseIfJson(summary);
    if (json.isObject()) {
      message = json.get("CommitMessage").text();
    }
    return new Source(
        null,
        null,
        null,
        null,
        null,
        null,
        BoardEvent.clean(revisionId == null ? null : Text.oneLine(revisionId), BoardEvent.NAME_MAX),
        BoardEvent.clean(message, BoardEvent.TEXT_MAX),
        null,
        BoardEvent.clean(url == null ? null : Text.oneLine(url), BoardEvent.TEXT_MAX));
  }

  /** This source without what {@code known} already says: facts from elsewhere only fill gaps. */
  public Source missingFrom(Source known) {
    return new Source(
        known.triggerType == null ? triggerType : null,
        known.triggerDetail == null ? triggerDetail : null,
        known.provider == null ? provider : null,
        known.repository == null ? repository : null,
        known.branch == null ? branch : null,
        known.tag == null ? tag : null,
        known.commitId == null ? commitId : null,
        known.commitMessage == null ? commitMessage : null,
        known.author == null ? author : null,
        known.revisionUrl == null ? revisionUrl : null);
  }

  /** Field by field: missing facts are filled in, and the result is the same in any order. */
  public Source merge(Source other) {
    if (other == null || other.equals(this)) {
      return this;
    }
    return new Source(
        Merge.pick(triggerType, other.triggerType),
        Merge.pick(triggerDetail, other.triggerDetail),
        Merge.pick(provider, other.provider),
        Merge.pick(repository, other.repository),
        Merge.pick(branch, other.branch),
        Merge.pick(tag, other.tag),
        Merge.pick(commitId, other.commitId),
        Merge.pick(commitMessage, other.commitMessage),
        Merge.pick(author, other.author),
        Merge.pick(revisionUrl, other.revisionUrl));
  }

  /** Whether the execution came from a Git push (rather than a manual start or a schedule). */
  boolean fromGit() {
    return branch != null || tag != null || (commitId != null && triggerType == null);
  }

  private static String text(Json object, String field) {
    String value = object.get(field).text();
    return value == null || value.isBlank() ? null : value;
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
