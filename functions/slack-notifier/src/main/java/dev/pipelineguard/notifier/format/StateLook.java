package dev.pipelineguard.notifier.format;

import dev.pipelineguard.notifier.blockkit.Severity;
import java.util.Locale;

/** How a CodePipeline or CodeBuild state reads in a message: verb, colour, emoji and category. */
record StateLook(String verb, Severity severity, String emoji, Category category) {

  /** CodePipeline pipeline, stage and action states; CodeBuild's IN_PROGRESS reads as started. */
  static StateLook of(String state) {
    switch (state) {
      case "FAILED":
        return new StateLook("failed", Severity.FAILURE, ":red_circle:", Category.FAILURE);
      case "SUCCEEDED":
        return new StateLook(
            "succeeded", Severity.SUCCESS, ":large_green_circle:", Category.SUCCESS);
      case "STARTED":
      case "IN_PROGRESS":
        return new StateLook("started", Severity.INFO, ":arrow_forward:", Category.STARTED);
      case "RESUMED":
        return new StateLook("resumed", Severity.INFO, ":repeat:", Category.STARTED);
      case "CANCELED":
        return new StateLook("canceled", Severity.NEUTRAL, ":heavy_minus_sign:", Category.STOPPED);
      case "SUPERSEDED":
        return new StateLook("superseded", Severity.NEUTRAL, ":fast_forward:", Category.STOPPED);
      case "STOPPING":
        return new StateLook(
            "stopping", Severity.NEUTRAL, ":double_vertical_bar:", Category.STOPPED);
      case "STOPPED":
        return new StateLook(
            "stopped", Severity.NEUTRAL, ":black_square_for_stop:", Category.STOPPED);
      case "ABANDONED":
        return new StateLook("abandoned", Severity.NEUTRAL, ":heavy_minus_sign:", Category.STOPPED);
      default:
        String verb = state.isEmpty() ? "changed state" : "is " + state.toLowerCase(Locale.ROOT);
        return new StateLook(verb, Severity.INFO, ":large_blue_circle:", Category.INFO);
    }
  }

  /** The verb as part of a message kind: {@code failed}, {@code is-paused}. */
  String kindSuffix() {
    return verb.replace(' ', '-');
  }
}
