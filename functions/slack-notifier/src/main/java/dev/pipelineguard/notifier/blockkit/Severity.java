package dev.pipelineguard.notifier.blockkit;

/** How bad a message is: the colour bar of the message and the emoji that leads its title. */
public enum Severity {
  FAILURE("#d1242f", ":red_circle:"),
  WARNING("#d4a72c", ":warning:"),
  SUCCESS("#1a7f37", ":large_green_circle:"),
  INFO("#0969da", ":large_blue_circle:"),
  APPROVAL("#8250df", ":raised_hand:"),
  NEUTRAL("#8c959f", ":white_circle:");

  private final String color;
  private final String emoji;

  Severity(String color, String emoji) {
    this.color = color;
    this.emoji = emoji;
  }

  public String color() {
    return color;
  }

  public String emoji() {
    return emoji;
  }
}
