package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.ImageDefinitions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading imagedefinitions.json out of an artifact zip on disk, within the limits. */
class ArtifactZipTest {
  private static final String DEFINITIONS = "[{\"name\":\"app\",\"imageUri\":\"nginx:1.27\"}]";
  @TempDir Path dir;

  private ArtifactFile read(byte[] bytes) throws IOException {
    Path zip = Files.write(dir.resolve("artifact.zip"), bytes);
    return ArtifactZip.find("BuildOutput", zip, ImageDefinitions.FILE_NAME);
  }

  @Test
  void findsTheFileAtTheRoot() throws IOException {
    ArtifactFile file = read(Moto.zip("app.jar", "binary", "imagedefinitions.json", "[]"));

    assertThat(file.found()).isTrue();
    assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo("[]");
  }

  @Test
  void listsWhatIsThereWhenTheFileIsMissingNestedFirst() throws IOException {
    ArtifactFile file = read(Moto.zip("target/app.jar", "x", "build/imagedefinitions.json", "[]"));

    assertThat(file.found()).isFalse();
    assertThat(file.problem()).isNull();
    assertThat(file.entries()).containsExactly("build/imagedefinitions.json", "target/app.jar");
  }

  @Test
  void somethingThatIsNotAZipIsSaidToBeOne() throws IOException {
    ArtifactFile file = read("[{\"name\":\"app\"}]".getBytes(StandardCharsets.UTF_8));

    assertThat(file.problem()).contains("not a zip file");
  }

  @Test
  void aCorruptZipIsReportedNotThrown() throws IOException {
    byte[] good =
        Moto.zip("imagedefinitions.json", "[{\"name\":\"app\",\"imageUri\":\"x\"}]".repeat(50));

    ArtifactFile truncated = read(Arrays.copyOf(good, 60));

    assertThat(truncated.found()).isFalse();
    assertThat(truncated.problem())
        .isEqualTo("the zip is corrupt (no end of central directory record)");
  }

  @Test
  void entriesBeforeTheFileAreNeverInflated() throws IOException {
    // Were they inflated, these would fail: their data is no deflate stream.
    byte[] zip =
        TestZips.zip(
            List.of(
                TestZips.notDeflate("assets/a.bin", 1L << 30),
                TestZips.notDeflate("assets/b.bin", 1L << 30),
                TestZips.stored("imagedefinitions.json", DEFINITIONS)));

    ArtifactFile file = read(zip);

    assertThat(file.problem()).isNull();
    assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo(DEFINITIONS);
  }

  @Test
  void aZipBombOfGigabytesOfZerosIsReadWithoutInflatingIt() throws IOException {
    byte[] zip =
        TestZips.zip(
            List.of(
                TestZips.deflatedZeros("zeros-1.bin", 1024),
                TestZips.deflatedZeros("zeros-2.bin", 1024),
                TestZips.stored("imagedefinitions.json", DEFINITIONS)));
    assertThat(zip.length).isLessThan(4 << 20); // 2 GiB inflated

    ArtifactFile file = read(zip);

    assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo(DEFINITIONS);
  }

  @Test
  void onlyTheFirstBytesOfAHugeImageDefinitionsAreInflated() throws IOException {
    byte[] zip = TestZips.zip(List.of(TestZips.deflatedZeros("imagedefinitions.json", 1024)));

    ArtifactFile file = read(zip);

    assertThat(file.content()).hasSize(ImageDefinitions.MAX_BYTES + 1);
    assertThat(ImageDefinitions.parse(file.content()).problems())
        .containsExactly("imagedefinitions.json is larger than 100000 bytes");
  }

  @Test
  void moreEntriesThanTheLimitAreAConfigurationProblemNamingIt() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < ArtifactZip.MAX_ENTRIES; i++) {
        zip.putNextEntry(new ZipEntry("f" + i));
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("imagedefinitions.json"));
      zip.write(DEFINITIONS.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }

    ArtifactFile file = read(bytes.toByteArray());

    assertThat(file.found()).isFalse();
    assertThat(file.problem())
        .isEqualTo(
            "it has 20001 entries, more than the 20000 the validator reads; "
                + "give this action a small artifact with just imagedefinitions.json");
  }

  @Test
  void aDirectoryClaimingMoreThanTheLimitsIsRefusedBeforeItIsRead() throws IOException {
    byte[] small = TestZips.zip(List.of(TestZips.stored("imagedefinitions.json", DEFINITIONS)));
    byte[] withoutEnd = Arrays.copyOf(small, small.length - 22);
    ByteBuffer end =
        ByteBuffer.wrap(small, small.length - 22, 22).slice().order(ByteOrder.LITTLE_ENDIAN);
    int directoryBytes = end.getInt(12);
    int directoryOffset = end.getInt(16);
    List<byte[]> forged = new ArrayList<>();
    forged.add(concat(withoutEnd, TestZips.end(1, 512L << 20, directoryOffset)));
    forged.add(concat(withoutEnd, TestZips.end(0xFFFF, directoryBytes, directoryOffset)));

    assertThat(read(forged.get(0)).problem())
        .isEqualTo(
            "its central directory is 536870912 bytes, more than the "
                + "8388608 the validator reads; give this action a small artifact with just imagedefinitions.json");
    assertThat(read(forged.get(1)).problem())
        .startsWith("it has 65535 entries, more than the 20000");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
