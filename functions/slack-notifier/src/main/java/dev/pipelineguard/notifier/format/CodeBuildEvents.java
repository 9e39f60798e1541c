package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.AwsConsole;
import dev.pipelineguard.common.Json;
import dev.pipelineguard.notifier.blockkit.Mrkdwn;
import dev.pipelineguard.notifier.blockkit.SlackMessage;
import dev.pipelineguard.notifier.blockkit.SlackMessage.Field;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** CodeBuild Build State Change: which phase failed, why, and where the logs are. */
final class CodeBuildEvents {
  static final String BUILD = "CodeBuild Build State Change";

  /** Phase statuses that end a build early; the first such phase is the one to show. */
  private static final Set<String> FAILED_PHASE =
      Set.of("FAILED", "FAULT", "TIMED_OUT", "CLIENT_ERROR", "STOPPED");

  private static final String PIPELINE_INITIATOR = "codepipeline/";

  private CodeBuildEvents() {}

  static boolean handles(String detailType) {
    return BUILD.equals(detailType);
  }

  static Notice read(Json body, FormatContext context) {
    Json detail = body.get("detail");
    String status = Facts.upper(detail.get("build-status").text());
    String project = Facts.text(detail.get("project-name"));
    String buildArn = Facts.text(detail.get("build-id"));
    String initiator = Facts.text(detail.path("additional-information", "initiator"));
    String pipeline =
        initiator != null && initiator.startsWith(PIPELINE_INITIATOR)
            ? Facts.first(initiator.substring(PIPELINE_INITIATOR.length()).strip())
            : null;

    StateLook look = StateLook.of(status);
    List<String> routes = new ArrayList<>();
    if (project != null) {
      routes.add("project:" + project);
    }
    if (pipeline != null) {
      routes.add("pipeline:" + pipeline);
    }
    return Notice.post(
            "codebuild.build." + look.kindSuffix(),
            look.category(),
            found -> render(body, context, look, project, buildArn, initiator, pipeline))
        .routes(routes)
        .dedupe(buildArn == null ? List.of() : List.of("codebuild/" + buildArn + "/" + status));
  }

  private static SlackMessage render(
      Json body,
      FormatContext context,
      StateLook look,
      String project,
      String buildArn,
      String initiator,
      String pipeline) {
    Json detail = body.get("detail");
    Json info = detail.get("additional-information");
    String region = Facts.text(body.get("region"));
    String projectName = Facts.orDefault(project, "unknown project");
    String buildId =
        buildArn == null
            ? null
            : Facts.lastSegment(buildArn); // project:uuid, the console's build id
    String buildUrl =
        region == null || project == null || buildId == null
            ? null
            : AwsConsole.codeBuild(region, project, buildId);

    Phase failing = failingPhase(detail);
    String title = "Build " + look.verb() + ": " + projectName;
    String fallback =
        title
            + (failing == null
                ? ""
                : " in phase "
                    + failing.type
                    + (failing.context == null ? "" : ": " + failing.context));
    SlackMessage.Builder message =
        SlackMessage.builder(look.severity()).title(look.emoji(), title).fallback(fallback);

    List<Field> fields = new ArrayList<>();
    fields.add(Field.of("Project", Mrkdwn.link(buildUrl, projectName)));
    BigDecimal number = info.get("build-number").number().orElse(null);
    fields.add(
        Field.of(
            "Build",
            number == null
                ? Mrkdwn.code(Facts.shortId(buildUuid(buildId), 8), 40)
                : Mrkdwn.markup("#" + number.stripTrailingZeros().toPlainString())));
    fields.add(
        Field.of(
            "Phase",
            failing == null
                ? Mrkdwn.code(Facts.text(detail.get("current-phase")), 60)
                : Mrkdwn.code(failing.type, 60).then(" ").then(Mrkdwn.line(failing.status, 40))));
    fields.add(
        Field.of(
            "Started by",
            pipeline != null
                ? Mrkdwn.markup("pipeline ")
                    .then(
                        Mrkdwn.link(
                            region == null ? null : AwsConsole.pipeline(region, pipeline),
                            pipeline))
                : Mrkdwn.line(initiator, 200)));
    String sourceVersion = Facts.text(info.get("source-version"));
    fields.add(
        Field.of(
            "Source version",
            Mrkdwn.code(
                sourceVersion != null && sourceVersion.matches("[0-9a-fA-F]{40}")
                    ? Facts.shortCommit(sourceVersion)
                    : sourceVersion,
                80)));
    fields.add(Field.of("Duration", Mrkdwn.line(totalDuration(info))));
    message.fields(fields);

    if (failing != null && failing.context != null) {
      message.section(Mrkdwn.markup("*Why:*\n").then(Mrkdwn.codeBlock(failing.context, 1500)));
    }
    List<Mrkdwn> links = new ArrayList<>();
    links.add(Mrkdwn.linkIfSafe(logsUrl(region, info.get("logs")), ":page_facing_up: Build logs"));
    links.add(Mrkdwn.linkIfSafe(buildUrl, "Build details"));
    message.context(links);
    message.footer(
        Facts.footer(
            context,
            region,
            Facts.text(body.get("account")),
            Facts.text(body.get("time")),
            List.of()));
    return message.build();
  }

  /**
   * The build's own id in {@code <project>:<uuid>} (the build ARN's resource, {@code
   * build/<project>:<uuid>}): the part after the last {@code :}. A project name cannot contain
   * {@code :}, the id can only end with it.
   */
  static String buildUuid(String buildId) {
    if (buildId == null) {
      return null;
    }
    int colon = buildId.lastIndexOf(':');
    return colon >= 0 && colon < buildId.length() - 1 ? buildId.substring(colon + 1) : buildId;
  }

  /**
   * The phase that failed and its context text, or the current phase when none is marked failed.
   */
  private record Phase(String type, String status, String context) {}

  private static Phase failingPhase(Json detail) {
    for (Json phase : detail.path("additional-information", "phases").elements()) {
      String status = Facts.upper(phase.get("phase-status").text());
      if (FAILED_PHASE.contains(status)) {
        return new Phase(
            Facts.orDefault(Facts.text(phase.get("phase-type")), "UNKNOWN"),
            status,
            phaseContext(phase.get("phase-context")));
      }
    }
    String current = Facts.text(detail.get("current-phase"));
    String context = phaseContext(detail.get("current-phase-context"));
    if (current == null || context == null) {
      return null;
    }
    return new Phase(current, "", context);
  }

  /**
   * CodeBuild's phase context: an array of strings, or one string like {@code "[: ]"}; ": " means
   * nothing.
   */
  private static String phaseContext(Json context) {
    List<String> parts = new ArrayList<>();
    if (context.isArray()) {
      parts.addAll(context.texts());
    } else if (context.isString()) {
      String s = context.text().strip();
      if (s.startsWith("[") && s.endsWith("]")) {
        s = s.substring(1, s.length() - 1);
      }
      parts.add(s);
    }
    List<String> kept = new ArrayList<>();
    for (String part : parts) {
      String p = part.strip();
      if (!p.isEmpty() && !p.equals(":")) {
        kept.add(p);
      }
    }
    return kept.isEmpty() ? null : String.join("\n", kept);
  }

  private static String totalDuration(Json info) {
    long seconds = 0;
    boolean any = false;
    for (Json phase : info.get("phases").elements()) {
      var d = phase.get("duration-in-seconds").wholeNumber();
      if (d.isPresent() && d.get() >= 0) {
        seconds += d.get();
        any = true;
      }
    }
    return any ? Facts.duration(java.time.Duration.ofSeconds(seconds)) : null;
  }

  /**
   * The event's own deep link when it points into the console, else one made from group and stream.
   */
  private static String logsUrl(String region, Json logs) {
    String deepLink = Facts.text(logs.get("deep-link"));
    if (Facts.isConsoleUrl(deepLink)) {
      return deepLink;
    }
    String group = Facts.text(logs.get("group-name"));
    if (group == null || region == null) {
      return null;
    }
    return ConsoleLinks.logStream(region, group, Facts.text(logs.get("stream-name")));
  }
}
