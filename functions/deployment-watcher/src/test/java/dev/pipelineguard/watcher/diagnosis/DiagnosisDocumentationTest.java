package dev.pipelineguard.watcher.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.emulation.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * docs/deployment-watcher.md lists every cause with its title and hint, and every documented
 * reason.
 */
class DiagnosisDocumentationTest {

  static String doc() throws IOException {
    return Files.readString(RepoPaths.root().resolve("docs/deployment-watcher.md"));
  }

  @Test
  void documentsEveryCauseWithItsTitleAndHint() throws IOException {
    String doc = doc();
    for (Cause cause : Cause.values()) {
      assertThat(doc)
          .contains("`" + cause.name() + "`")
          .contains(cause.title())
          .contains(cause.hint());
    }
  }

  @Test
  void listsEveryDocumentedReasonOfTheTableWithItsCauseAndPage() throws IOException {
    String doc = doc();
    for (DocumentedReasons.Row row : DocumentedReasons.ROWS) {
      String cause = row.cause() == null ? "normal stop" : "`" + row.cause().name() + "`";
      assertThat(doc)
          .contains("| `" + row.text().replace('|', '/') + "` | " + cause + " | [")
          .contains("(" + row.page() + ")");
    }
  }
}
