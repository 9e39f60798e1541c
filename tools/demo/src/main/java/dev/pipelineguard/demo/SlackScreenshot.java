package dev.pipelineguard.demo;

import dev.pipelineguard.emulation.ExternalCommand;
import dev.pipelineguard.emulation.RepoPaths;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Renders target/demo/slack.html to docs/slack-demo.png with headless Chromium (Debian's {@code
 * chromium} package), trimmed to the messages: app mode's thread alone (the page's {@code
 * ?only=app-mode}), as the README shows it. Run after bin/demo: {@code java -cp
 * "tools/demo/target/demo.jar:tools/demo/target/lib/*" dev.pipelineguard.demo.SlackScreenshot}
 */
public final class SlackScreenshot {
  private SlackScreenshot() {}

  public static void main(String[] args) throws IOException {
    Path root = RepoPaths.root();
    Path html = root.resolve("target/demo/slack.html");
    Path raw = root.resolve("target/demo/slack-full.png");
    Path out = root.resolve("docs/slack-demo.png");
    String chromium = ExternalCommand.require("chromium", "apt-get install chromium");
    Path profile = Files.createTempDirectory("chromium-profile");
    ExternalCommand.Result result =
        ExternalCommand.run(
            root,
            Duration.ofMinutes(1),
            List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--user-data-dir=" + profile,
                "--window-size=900,6000",
                "--screenshot=" + raw,
                html.toUri() + "?only=app-mode"));
    if (!Files.exists(raw)) {
      throw new IllegalStateException("chromium made no screenshot: " + result.output());
    }
    BufferedImage image = ImageIO.read(raw.toFile());
    // The page's empty tail repeats its last row: cut it.
    int last = image.getHeight() - 1;
    int bottom = last;
    while (bottom > 0 && sameRow(image, bottom, last)) {
      bottom--;
    }
    ImageIO.write(
        image.getSubimage(0, 0, image.getWidth(), Math.min(image.getHeight(), bottom + 16)),
        "png",
        out.toFile());
    System.out.println("wrote " + root.relativize(out));
  }

  private static boolean sameRow(BufferedImage image, int y, int reference) {
    for (int x = 0; x < image.getWidth(); x++) {
      if (image.getRGB(x, y) != image.getRGB(x, reference)) {
        return false;
      }
    }
    return true;
  }
}
