package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.Severity;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.blockkit.SlackMessage.Field;
import dev.pipelineguard.notifier.enrich.ActionRun;
import dev.pipelineguard.notifier.enrich.Enrichment;
import dev.pipelineguard.notifier.enrich.EnrichmentRequest;
import dev.pipelineguard.notifier.enrich.ExecutionDetails;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CodePipeline Pipeline, Stage and Action Execution State Change events, delivered by EventBridge
 * or as Developer Tools notifications ({@code detailType}, {@code additionalAttributes}).
 */
final class PipelineEvents {
  static final String PIPELINE = "CodePipeline Pipeline Execution State Change";
  static final String STAGE = "CodePipeline Stage Execution State Change";
  static final String ACTION = "CodePipeline Action Execution State Change";
  private static final int MAX_FAILED_ACTIONS = 3;

  private PipelineEvents() {}

  static boolean handles(String detailType) {
    return PIPELINE.equals(detailType) || STAGE.equals(detailType) || ACTION.equals(detailType);
  }

  /** The fields every CodePipeline event has, read tolerantly. */
  private static final class Event {
    final FormatContext context;
    final String region;
    final String account;
    final String time;
    final String pipeline;
    final String executionId;
    final String state;
    final Long attempt;
    final String startTime;
    final String stage;
    final String action;
    final Json detail;
    final Json additional;

    Event(Json body, FormatContext context) {
      this.context = context;
      this.detail = body.get("detail");
      this.additional = body.get("additionalAttributes");
      this.region = Facts.text(body.get("region"));
      this.account = Facts.text(body.get("account"));
      this.time = Facts.text(body.get("time"));
      this.pipeline = Facts.text(detail.get("pipeline"));
      this.executionId = Facts.text(detail.get("execution-id"));
      this.state = Facts.upper(detail.get("state").text());
      this.attempt = detail.get("pipeline-execution-attempt").wholeNumber().orElse(null);
      this.startTime = Facts.text(detail.get("start-time"));
      this.stage = Facts.text(detail.get("stage"));
      this.action = Facts.text(detail.get("action"));
    }

    String pipelineName() {
      return Facts.orDefault(pipeline, "unknown pipeline");
    }

    String pipelineUrl() {
      return pipeline == null || region == null ? null : AwsConsole.pipeline(region, pipeline);
    }

    String executionUrl() {
      return pipeline == null || executionId == null || region == null
          ? null
          : AwsConsole.pipelineExecution(region, pipeline, executionId);
    }

    List<String> routeKeys() {
      return pipeline == null ? List.of() : List.of("pipeline:" + pipeline);
    }

    List<String> dedupeKeys(String level) {
      if (pipeline == null || executionId == null) {
        return List.of();
      }
      return List.of(
          "codepipeline/"
              + pipeline
              + "/"
              + executionId
              + "/"
              + level
              + "/"
              + Facts.orDefault(stage, "-")
              + "/"
              + Facts.orDefault(action, "-")
              + "/"
              + state
              + "/"
              + (attempt == null ? "-" : attempt));
    }

    List<Mrkdwn> footer(List<Mrkdwn> notes) {
      return Facts.footer(context, region, account, time, notes);
    }
  }

  static Notice read(Json body, String detailType, FormatContext context) {
    Event event = new Event(body, context);
    if (PIPELINE.equals(detailType)) {
      return pipeline(event);
    }
    if (STAGE.equals(detailType)) {
      return stage(event);
    }
    return action(event);
  }

  // ---------------------------------------------------------------------------------------------
  // Pipeline level

  private static Notice pipeline(Event event) {
    StateLook look = StateLook.of(event.state);
    EnrichmentRequest enrichment = null;
    if (event.pipeline != null && event.executionId != null) {
      if (event.state.equals("FAILED")) {
        enrichment = new EnrichmentRequest(event.pipeline, event.executionId, true);
      } else if (event.state.equals("SUCCEEDED")) {
        enrichment = new EnrichmentRequest(event.pipeline, event.executionId, false);
      }
    }
    return Notice.post(
            "codepipeline.pipeline." + look.kindSuffix(),
            look.category(),
            found -> renderPipeline(event, look, found))
        .routes(event.routeKeys())
        .dedupe(event.dedupeKeys("pipeline"))
        .enrich(enrichment);
  }

  private static SlackMessage renderPipeline(Event event, StateLook look, Enrichment found) {
    Source source =
        Source.of(event.detail.get("execution-trigger"), event.additional, found.execution());
    List<FailedAction> failed =
        event.state.equals("FAILED") ? failedActions(event, found) : List.of();

    String title = "Pipeline " + look.verb() + ": " + event.pipelineName();
    String fallback = "Pipeline " + event.pipelineName() + " " + look.verb();
    if (!failed.isEmpty()) {
      FailedAction first = failed.get(0);
      fallback +=
          " at "
              + first.where()
              + (first.message == null ? "" : ": " + Facts.excerpt(first.message, 120));
    }
    SlackMessage.Builder message =
        SlackMessage.builder(look.severity()).title(look.emoji(), title).fallback(fallback);

    List<Field> fields = executionFields(event, source);
    fields.add(
        Field.of(
            "Duration",
            terminal(event.state)
                ? Mrkdwn.line(Facts.duration(event.startTime, event.time))
                : Mrkdwn.EMPTY));
    message.fields(fields);
    message.section(Mrkdwn.quote(source.commitMessage, 3, 600));

    switch (event.state) {
      case "SUPERSEDED":
        message.section(
            Mrkdwn.markup(
                "_A newer execution advanced past this one and continues in its place._"));
        break;
      case "CANCELED":
        message.section(Mrkdwn.markup("_Canceled because the pipeline structure was updated._"));
        break;
      case "STOPPING":
      case "STOPPED":
        String comments = Facts.text(event.detail.get("stop-execution-comments"));
        if (comments != null) {
          message.section(Mrkdwn.markup("*Why:* ").then(Mrkdwn.text(comments, 1000)));
        }
        break;
      default:
        break;
    }
    for (int i = 0; i < failed.size() && i < MAX_FAILED_ACTIONS; i++) {
      message.section(failed.get(i).render());
    }
    if (failed.size() > MAX_FAILED_ACTIONS) {
      message.section(
          Mrkdwn.markup(
              "_…and "
                  + (failed.size() - MAX_FAILED_ACTIONS)
                  + " more failed actions in the execution timeline._"));
    }
    List<Mrkdwn> notes = new ArrayList<>();
    if (event.state.equals("FAILED") && failed.isEmpty()) {
      notes.add(Mrkdwn.markup(":mag: The execution timeline shows which action failed."));
    }
    notes.addAll(problemNotes(found));
    message.footer(event.footer(notes));
    return message.build();
  }

  private static boolean terminal(String state) {
    return Set.of("FAILED", "SUCCEEDED", "STOPPED", "CANCELED", "SUPERSEDED").contains(state);
  }

  /**
   * Pipeline, execution, trigger, source, commit, author and attempt: the facts of an execution.
   */
  private static List<Field> executionFields(Event event, Source source) {
    List<Field> fields = new ArrayList<>();
    fields.add(Field.of("Pipeline", Mrkdwn.link(event.pipelineUrl(), event.pipelineName())));
    fields.add(
        Field.of(
            "Execution",
            Mrkdwn.link(
                event.executionUrl(), Mrkdwn.code(Facts.shortId(event.executionId, 8), 20))));
    fields.add(Field.of("Trigger", Mrkdwn.line(source.trigger(), 300)));
    fields.add(Field.of("Source", source.where()));
    fields.add(
        Field.of(
            "Commit",
            Mrkdwn.link(source.revisionUrl, Mrkdwn.code(Facts.shortCommit(source.commitId), 20))));
    fields.add(Field.of("Author", Mrkdwn.line(source.author, 200)));
    fields.add(
        Field.of(
            "Attempt",
            event.attempt != null && event.attempt > 1
                ? Mrkdwn.markup(String.valueOf(event.attempt))
                : Mrkdwn.EMPTY));
    return fields;
  }

  private static List<Mrkdwn> problemNotes(Enrichment found) {
    List<Mrkdwn> notes = new ArrayList<>();
    if (!found.problems().isEmpty()) {
      notes.add(
          Mrkdwn.markup(":grey_question: Some details could not be read (")
              .then(Mrkdwn.line(String.join("; ", found.problems()), 300))
              .then(")"));
    }
    return notes;
  }

  /**
   * Where an execution's code came from: the Git trigger of the event, else GetPipelineExecution.
   */
  private static final class Source {
    String commitId;
    String commitMessage;
    String branch;
    String tag;
    String repository;
    String provider;
    String author;
    String revisionUrl;
    String triggerType;
    String triggerDetail;
    String sourceProvider;
    String sourceAction;

    /**
     * @param trigger the event's {@code execution-trigger}
     * @param additional a Developer Tools notification's {@code additionalAttributes}: its {@code
     *     sourceActions[].sourceActionVariables} name branch, commit and repository
     */
    static Source of(Json trigger, Json additional, ExecutionDetails execution) {
      Source s = new Source();
      s.commitId = Facts.text(trigger.get("commit-id"));
      s.commitMessage = Facts.text(trigger.get("commit-message"));
      s.branch = Facts.text(trigger.get("branch-name"));
      s.tag = Facts.text(trigger.get("tag-name"));
      s.repository = Facts.text(trigger.get("full-repository-name"));
      s.provider = Facts.text(trigger.get("provider-type"));
      s.author =
          Facts.first(
              Facts.text(trigger.get("author-display-name")), Facts.text(trigger.get("author-id")));
      s.triggerType = Facts.text(trigger.get("trigger-type"));
      s.triggerDetail = Facts.text(trigger.get("trigger-detail"));
      Json sourceAction = additional.get("sourceActions").at(0);
      if (sourceAction.isObject()) {
        // The source action's output variables: CodeCommit and CodeStar connections name these.
        Json variables = sourceAction.get("sourceActionVariables");
        s.commitId = Facts.first(s.commitId, Facts.text(variables.get("CommitId")));
        s.commitMessage = Facts.first(s.commitMessage, Facts.text(variables.get("CommitMessage")));
        s.branch = Facts.first(s.branch, Facts.text(variables.get("BranchName")));
        s.repository =
            Facts.first(
                s.repository,
                Facts.text(variables.get("FullRepositoryName")),
                Facts.text(variables.get("RepositoryName")));
        s.sourceProvider = Facts.text(sourceAction.get("sourceActionProvider"));
        s.sourceAction = Facts.text(sourceAction.get("sourceActionName"));
      }
      if (execution != null) {
        s.triggerType = Facts.first(s.triggerType, execution.triggerType());
        s.triggerDetail = Facts.first(s.triggerDetail, execution.triggerDetail());
        ExecutionDetails.SourceRevision revision = pick(execution.sources(), s.commitId);
        if (revision != null) {
          s.commitId = Facts.first(s.commitId, revision.revisionId());
          s.commitMessage = Facts.first(s.commitMessage, commitMessage(revision.summary()));
          s.revisionUrl = revision.url();
        }
      }
      return s;
    }

    /** The revision with the event's commit, else the first one. */
    private static ExecutionDetails.SourceRevision pick(
        List<ExecutionDetails.SourceRevision> sources, String commitId) {
      for (ExecutionDetails.SourceRevision revision : sources) {
        if (commitId != null && commitId.equals(revision.revisionId())) {
          return revision;
        }
      }
      return sources.isEmpty() ? null : sources.get(0);
    }

    /**
     * Git connections put {@code {"ProviderType":..,"CommitMessage":..}} in the summary; others
     * plain text.
     */
    private static String commitMessage(String summary) {
      if (summary == null || summary.isBlank()) {
        return null;
      }
      Json json = Json.parseIfJson(summary);
      if (json.isObject()) {
        return Facts.text(json.get("CommitMessage"));
      }
      return summary.strip();
    }

    boolean fromGit() {
      return branch != null || tag != null || (commitId != null && triggerType == null);
    }

    /** The source action of a notification: {@code Source (CodeCommit)}. */
    Mrkdwn action() {
      if (sourceAction == null && sourceProvider == null) {
        return Mrkdwn.EMPTY;
      }
      Mrkdwn name = Mrkdwn.code(Facts.orDefault(sourceAction, "source"), 100);
      return sourceProvider == null
          ? name
          : name.then(" (").then(Mrkdwn.line(sourceProvider, 60)).then(")");
    }

    String trigger() {
      if (fromGit()) {
        String what = tag != null ? "Tag pushed" : "Push";
        return provider == null ? what : what + " on " + provider;
      }
      if (triggerType == null) {
        return null;
      }
      switch (triggerType) {
        case "StartPipelineExecution":
          String who = Facts.principalName(triggerDetail);
          return who == null ? "Started manually" : "Started manually by " + who;
        case "Webhook":
        case "WebhookV2":
          return "Source change (webhook)";
        case "PollForSourceChanges":
          return "Source change (polling)";
        case "CloudWatchEvent":
          return "Source change (EventBridge)";
        case "CreatePipeline":
          return "Pipeline created or updated";
        case "PutActionRevision":
          return "New revision (PutActionRevision)";
        case "ManualRollback":
          return "Manual rollback";
        case "AutomatedRollback":
          return "Automatic rollback";
        default:
          return triggerType;
      }
    }

    Mrkdwn where() {
      Mrkdwn ref =
          tag != null
              ? Mrkdwn.markup("tag ").then(Mrkdwn.code(tag, 100))
              : Mrkdwn.code(branch, 100);
      Mrkdwn repo = Mrkdwn.line(repository, 200);
      if (ref.isEmpty()) {
        return repo;
      }
      return repo.isEmpty() ? ref : ref.then(" in ").then(repo);
    }
  }

  /** An action that failed, from ListActionExecutions or a notification's additionalAttributes. */
  private static final class FailedAction {
    final String stage;
    final String action;
    final String provider;
    final String errorCode;
    final String message;
    final String url;

    FailedAction(
        String stage,
        String action,
        String provider,
        String errorCode,
        String message,
        String url) {
      this.stage = stage;
      this.action = action;
      this.provider = provider;
      this.errorCode = errorCode;
      this.message = message;
      this.url = url;
    }

    String where() {
      return (stage == null ? "" : stage + " › ") + Facts.orDefault(action, "an action");
    }

    Mrkdwn render() {
      Mrkdwn head = Mrkdwn.markup("*Failed:* ");
      if (stage != null) {
        head = head.then(Mrkdwn.code(stage, 100)).then(" › ");
      }
      head = head.then(Mrkdwn.code(Facts.orDefault(action, "action"), 100));
      if (provider != null) {
        head = head.then(" (").then(Mrkdwn.line(provider, 60)).then(")");
      }
      if (errorCode != null) {
        head = head.then(" — ").then(Mrkdwn.code(errorCode, 60));
      }
      Mrkdwn body = Mrkdwn.codeBlock(message, 1500);
      return Mrkdwn.join("\n", head, body, Mrkdwn.linkIfSafe(url, "Open the failed action"));
    }
  }

  private static List<FailedAction> failedActions(Event event, Enrichment found) {
    List<FailedAction> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (ActionRun run : found.actions()) {
      // newest first: a retried action keeps its latest failure only
      if (run.failed() && seen.add(run.stage() + "/" + run.action())) {
        out.add(
            new FailedAction(
                run.stage(),
                run.action(),
                run.provider(),
                run.errorCode(),
                Facts.first(run.errorMessage(), run.summary()),
                run.externalUrl()));
      }
    }
    if (out.isEmpty()) {
      String stage = Facts.text(event.additional.get("failedStage"));
      for (Json failed : event.additional.get("failedActions").elements()) {
        String action = Facts.text(failed.get("action"));
        // A notification may list the same failed action more than once: show it once.
        if (seen.add(stage + "/" + action)) {
          out.add(
              new FailedAction(
                  stage,
                  action,
                  null,
                  null,
                  Facts.text(failed.get("additionalInformation")),
                  null));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Stage level

  private static Notice stage(Event event) {
    StateLook look = StateLook.of(event.state);
    return Notice.post(
            "codepipeline.stage." + look.kindSuffix(),
            Category.STAGE,
            found -> renderStage(event, look))
        .routes(event.routeKeys())
        .dedupe(event.dedupeKeys("stage"));
  }

  private static SlackMessage renderStage(Event event, StateLook look) {
    String stage = Facts.orDefault(event.stage, "unknown stage");
    Source source = Source.of(event.detail.get("execution-trigger"), event.additional, null);
    SlackMessage.Builder message =
        SlackMessage.builder(look.severity())
            .title(
                look.emoji(), "Stage " + stage + " " + look.verb() + ": " + event.pipelineName());
    List<Field> fields = new ArrayList<>();
    fields.add(Field.of("Pipeline", Mrkdwn.link(event.pipelineUrl(), event.pipelineName())));
    fields.add(
        Field.of(
            "Execution",
            Mrkdwn.link(
                event.executionUrl(), Mrkdwn.code(Facts.shortId(event.executionId, 8), 20))));
    fields.add(Field.of("Stage", Mrkdwn.code(stage, 100)));
    fields.add(Field.of("Source", source.where()));
    fields.add(Field.of("Commit", Mrkdwn.code(Facts.shortCommit(source.commitId), 20)));
    fields.add(Field.of("Source action", source.action()));
    fields.add(
        Field.of(
            "Attempt",
            event.attempt != null && event.attempt > 1
                ? Mrkdwn.markup(String.valueOf(event.attempt))
                : Mrkdwn.EMPTY));
    fields.add(
        Field.of(
            "Retried at",
            Mrkdwn.line(Facts.utc(Facts.text(event.detail.get("stage-last-retry-attempt-time"))))));
    message.fields(fields);
    message.footer(event.footer(List.of()));
    return message.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Action level: manual approvals and other actions

  private static Notice action(Event event) {
    Json type = event.detail.get("type");
    boolean approval = "Approval".equalsIgnoreCase(Facts.text(type.get("category")));
    if (approval) {
      return approval(event);
    }
    StateLook look = StateLook.of(event.state);
    return Notice.post(
            "codepipeline.action." + look.kindSuffix(),
            Category.ACTION,
            found -> renderAction(event, look))
        .routes(event.routeKeys())
        .dedupe(event.dedupeKeys("action"));
  }

  private static Notice approval(Event event) {
    switch (event.state) {
      case "STARTED":
        EnrichmentRequest request =
            event.pipeline == null || event.executionId == null
                ? null
                : new EnrichmentRequest(event.pipeline, event.executionId, false);
        return Notice.post(
                "codepipeline.approval.needed",
                Category.APPROVAL,
                found -> renderApprovalNeeded(event, found))
            .routes(event.routeKeys())
            .dedupe(event.dedupeKeys("action"))
            .enrich(request);
      case "SUCCEEDED":
        return Notice.post(
                "codepipeline.approval.approved",
                Category.APPROVAL,
                found ->
                    renderApprovalDecision(
                        event, Severity.SUCCESS, ":white_check_mark:", "Approved"))
            .routes(event.routeKeys())
            .dedupe(event.dedupeKeys("action"));
      case "FAILED":
        return Notice.post(
                "codepipeline.approval.rejected",
                Category.APPROVAL,
                found -> renderApprovalDecision(event, Severity.FAILURE, ":no_entry:", "Rejected"))
            .routes(event.routeKeys())
            .dedupe(event.dedupeKeys("action"));
      default:
        StateLook look = StateLook.of(event.state);
        return Notice.post(
                "codepipeline.approval." + look.kindSuffix(),
                Category.ACTION,
                found -> renderAction(event, look))
            .routes(event.routeKeys())
            .dedupe(event.dedupeKeys("action"));
    }
  }

  private static SlackMessage renderApprovalNeeded(Event event, Enrichment found) {
    Source source =
        Source.of(event.detail.get("execution-trigger"), event.additional, found.execution());
    String approvalUrl =
        event.pipeline == null || event.region == null
            ? null
            : AwsConsole.pipelineApproval(event.region, event.pipeline);
    SlackMessage.Builder message =
        SlackMessage.builder(Severity.APPROVAL)
            .title(":raised_hand:", "Approval needed: " + event.pipelineName())
            .fallback(
                "Approval needed: "
                    + event.pipelineName()
                    + " › "
                    + Facts.orDefault(event.stage, "stage")
                    + " › "
                    + Facts.orDefault(event.action, "action"));
    message.section(
        Mrkdwn.join(
            "",
            Mrkdwn.code(Facts.orDefault(event.stage, "stage"), 100),
            Mrkdwn.markup(" › "),
            Mrkdwn.code(Facts.orDefault(event.action, "action"), 100),
            Mrkdwn.markup(" is waiting for a review. "),
            Mrkdwn.link(approvalUrl, ":point_right: Review and approve in the console")));
    String customData = Facts.text(event.additional.get("customData"));
    if (customData != null) {
      message.section(Mrkdwn.quote(customData, 5, 800));
    }
    List<Field> fields = executionFields(event, source);
    String externalLink = Facts.text(event.additional.get("externalEntityLink"));
    fields.add(Field.of("Changes", Mrkdwn.linkIfSafe(externalLink, "Review the changes")));
    message.fields(fields);
    message.section(Mrkdwn.quote(source.commitMessage, 3, 600));
    message.footer(event.footer(problemNotes(found)));
    return message.build();
  }

  private static SlackMessage renderApprovalDecision(
      Event event, Severity severity, String emoji, String decision) {
    Json result = event.detail.get("execution-result");
    String where =
        Facts.orDefault(event.stage, "stage") + " › " + Facts.orDefault(event.action, "action");
    SlackMessage.Builder message =
        SlackMessage.builder(severity)
            .title(emoji, decision + ": " + event.pipelineName())
            .fallback(decision + ": " + event.pipelineName() + " › " + where);
    List<Field> fields = new ArrayList<>();
    fields.add(Field.of("Pipeline", Mrkdwn.link(event.pipelineUrl(), event.pipelineName())));
    fields.add(
        Field.of(
            "Execution",
            Mrkdwn.link(
                event.executionUrl(), Mrkdwn.code(Facts.shortId(event.executionId, 8), 20))));
    fields.add(Field.of("Approval", Mrkdwn.line(where, 300)));
    message.fields(fields);
    String comment = Facts.text(result.get("external-execution-summary"));
    if (comment != null) {
      message.section(Mrkdwn.markup("*Comment:*\n").then(Mrkdwn.quote(comment, 5, 1000)));
    }
    message.footer(event.footer(List.of()));
    return message.build();
  }

  private static SlackMessage renderAction(Event event, StateLook look) {
    Json type = event.detail.get("type");
    Json result = event.detail.get("execution-result");
    String where =
        Facts.orDefault(event.stage, "stage") + " › " + Facts.orDefault(event.action, "action");
    SlackMessage.Builder message =
        SlackMessage.builder(look.severity())
            .title(
                look.emoji(),
                "Action " + look.verb() + ": " + event.pipelineName() + " › " + where);
    List<Field> fields = new ArrayList<>();
    fields.add(Field.of("Pipeline", Mrkdwn.link(event.pipelineUrl(), event.pipelineName())));
    fields.add(
        Field.of(
            "Execution",
            Mrkdwn.link(
                event.executionUrl(), Mrkdwn.code(Facts.shortId(event.executionId, 8), 20))));
    String provider = Facts.text(type.get("provider"));
    String category = Facts.text(type.get("category"));
    fields.add(
        Field.of(
            "Action type",
            Mrkdwn.line(
                provider == null
                    ? category
                    : provider + (category == null ? "" : " (" + category + ")"),
                200)));
    String actionRegion = Facts.text(event.detail.get("region"));
    fields.add(
        Field.of(
            "Action region",
            actionRegion != null && !actionRegion.equals(event.region)
                ? Mrkdwn.code(actionRegion, 40)
                : Mrkdwn.EMPTY));
    fields.add(Field.of("Error", Mrkdwn.code(Facts.text(result.get("error-code")), 100)));
    fields.add(
        Field.of(
            "Attempt",
            event.attempt != null && event.attempt > 1
                ? Mrkdwn.markup(String.valueOf(event.attempt))
                : Mrkdwn.EMPTY));
    message.fields(fields);
    String summary = Facts.text(result.get("external-execution-summary"));
    if (summary != null) {
      message.section(Mrkdwn.codeBlock(summary, 1500));
    }
    String url = Facts.text(result.get("external-execution-url"));
    message.section(Mrkdwn.linkIfSafe(url, "Open the action's details"));
    message.footer(event.footer(List.of()));
    return message.build();
  }
}
