package dev.pipelineguard.notifier.format;

import dev.pipelineguard.common.Envelope;
import dev.pipelineguard.common.Json;

/**
 * Chooses the format of a message: our reports by {@code schema}, AWS events by source and detail
 * type (EventBridge's {@code detail-type} or a notification's {@code detailType}), the approval
 * action's own SNS message, CloudWatch alarms in their three shapes, plain text, and a generic
 * message for anything else. Pure: no I/O, no clock, no configuration beyond the {@link
 * FormatContext}.
 */
public final class MessageFormats {
  private final FormatContext context;

  public MessageFormats(FormatContext context) {
    this.context = context;
  }

  public Notice read(Envelope envelope) {
    Json body = envelope.body();
    if (body.isMissing()) {
      return envelope.text() != null
          ? OtherMessages.plainText(envelope, context)
          : OtherMessages.generic(envelope, context);
    }
    if (Reports.handles(body)) {
      return Reports.read(body, context);
    }
    if (OtherMessages.isApproval(body)) {
      return OtherMessages.approval(body, context);
    }
    String detailType = envelope.detailType();
    String source = body.get("source").text();
    if (CloudWatchAlarms.handles(body, detailType)) {
      return CloudWatchAlarms.read(body, detailType, context);
    }
    if (PipelineEvents.handles(detailType) && "aws.codepipeline".equals(source)) {
      return PipelineEvents.read(body, detailType, context);
    }
    if (CodeBuildEvents.handles(detailType) && "aws.codebuild".equals(source)) {
      return CodeBuildEvents.read(body, context);
    }
    if (EcsEvents.handles(detailType) && "aws.ecs".equals(source)) {
      return EcsEvents.read(body, detailType, context);
    }
    return OtherMessages.generic(envelope, context);
  }

  /** The generic message for {@code envelope}: what is posted when a specific format fails. */
  public Notice generic(Envelope envelope) {
    return OtherMessages.generic(envelope, context);
  }
}
