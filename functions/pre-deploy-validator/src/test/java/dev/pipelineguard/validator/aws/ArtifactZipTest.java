package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.ImageDefinitions;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading imagedefinitions.json out of an artifact zip stream. */
class ArtifactZipTest {

  private static ArtifactFile scan(byte[] bytes) throws IOException {
    return S3ArtifactReader.scan("BuildOutput", new BufferedInputStream(new ByteArrayInputStream(bytes)),
        ImageDefinitions.FILE_NAME);
  }

  @Test
  void findsTheFileAtTheRoot() throws IOException {
    ArtifactFile file = scan(Moto.zip("app.jar", "binary", "imagedefinitions.json", "[]"));

    assertThat(file.found()).isTrue();
    assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo("[]");
  }

  @Test
  void listsWhatIsThereWhenTheFileIsMissingNestedFirst() throws IOException {
    ArtifactFile file = scan(Moto.zip("target/app.jar", "x", "build/imagedefinitions.json", "[]"));

    assertThat(file.found()).isFalse();
    assertThat(file.problem()).isNull();
    assertThat(file.entries()).containsExactly("build/imagedefinitions.json", "target/app.jar");
  }

  @Test
  void somethingThatIsNotAZipIsSaidToBeOne() throws IOException {
    ArtifactFile file = scan("[{\"name\":\"app\"}]".getBytes(StandardCharsets.UTF_8));

    assertThat(file.problem()).contains("not a zip file");
  }

  @Test
  void aCorruptZipIsReportedNotThrown() throws IOException {
    byte[] good = Moto.zip("imagedefinitions.json", "[{\"name\":\"app\",\"imageUri\":\"x\"}]".repeat(50));
    byte[] corrupt = java.util.Arrays.copyOf(good, 60);
    for (int i = 40; i < 60; i++) {
      corrupt[i] = (byte) 0xFF;
    }

    ArtifactFile file = scan(corrupt);

    assertThat(file.found() || file.problem() != null).isTrue();
    assertThat(file.found()).isFalse();
  }
}
