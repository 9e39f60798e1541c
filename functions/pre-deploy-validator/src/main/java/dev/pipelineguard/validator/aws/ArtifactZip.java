package dev.pipelineguard.validator.aws;

import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.ImageDefinitions;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Finds one file in an artifact zip on disk from the zip's central directory: the directory's size
 * and entry count are checked against limits before the JDK's {@link ZipFile} reads it, and only
 * the file looked for is inflated, at most {@link ImageDefinitions#MAX_BYTES} + 1 bytes of it.
 * Every other entry (a gigabyte of zeros before {@code imagedefinitions.json} included) is only
 * listed by name, never inflated.
 */
final class ArtifactZip {
  /** The most entries read from a central directory. */
  static final int MAX_ENTRIES = 20_000;

  /** The most central directory bytes read (about 20,000 entries with long paths). */
  static final long MAX_DIRECTORY_BYTES = 8L * 1024 * 1024;

  private static final int END_RECORD = 22;
  private static final int MAX_COMMENT = 0xFFFF;
  private static final int END_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_END_SIGNATURE = 0x06064b50;

  private ArtifactZip() {}

  /** Looks for {@code fileName} at the root of the zip at {@code zip}. */
  static ArtifactFile find(String artifactName, Path zip, String fileName) throws IOException {
    Directory directory;
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
      if (!startsLikeAZip(channel)) {
        return problem(artifactName, "it is not a zip file (CodePipeline artifacts are zips)");
      }
      directory = directory(channel);
    }
    if (directory == null) {
      return problem(artifactName, "the zip is corrupt (no end of central directory record)");
    }
    if (directory.entries() > MAX_ENTRIES) {
      return problem(
          artifactName,
          "it has "
              + directory.entries()
              + " entries, more than the "
              + MAX_ENTRIES
              + " the validator reads; give this action a small artifact with just "
              + fileName);
    }
    if (directory.bytes() > MAX_DIRECTORY_BYTES) {
      return problem(
          artifactName,
          "its central directory is "
              + directory.bytes()
              + " bytes, more than the "
              + MAX_DIRECTORY_BYTES
              + " the validator reads; give this action a small artifact with just "
              + fileName);
    }
    try (ZipFile file = new ZipFile(zip.toFile())) {
      return find(artifactName, file, fileName);
    } catch (ZipException | IllegalArgumentException e) {
      // Entry names that are not valid UTF-8 end up here too.
      return problem(
          artifactName, "the zip is corrupt (" + TextSanitizer.clean(e.getMessage(), 160) + ")");
    }
  }

  private static ArtifactFile find(String artifactName, ZipFile file, String fileName)
      throws IOException {
    List<String> listed = new ArrayList<>();
    List<String> nested = new ArrayList<>();
    for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements(); ) {
      ZipEntry entry = entries.nextElement();
      String name =
          entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
      if (entry.isDirectory()) {
        continue;
      }
      if (name.equals(fileName)) {
        try (InputStream in = file.getInputStream(entry)) {
          return new ArtifactFile(
              artifactName, in.readNBytes(ImageDefinitions.MAX_BYTES + 1), null, List.of());
        }
      }
      if (name.endsWith("/" + fileName) || name.equals("imageDetail.json")) {
        nested.add(name);
      } else if (listed.size() < ArtifactFile.MAX_LISTED) {
        listed.add(name);
      }
    }
    List<String> all = new ArrayList<>(nested);
    all.addAll(listed);
    return new ArtifactFile(
        artifactName, null, null, all.subList(0, Math.min(all.size(), ArtifactFile.MAX_LISTED)));
  }

  /** A local file header, or the end record of an empty zip. */
  private static boolean startsLikeAZip(FileChannel channel) throws IOException {
    ByteBuffer magic = read(channel, 0, 4);
    return magic.remaining() == 4
        && magic.get(0) == 'P'
        && magic.get(1) == 'K'
        && ((magic.get(2) == 3 && magic.get(3) == 4) || (magic.get(2) == 5 && magic.get(3) == 6));
  }

  /** How many entries the central directory lists and how many bytes it takes. */
  private record Directory(long entries, long bytes) {
    Directory {
      entries =
          entries < 0 ? Long.MAX_VALUE : entries; // unsigned 64-bit counts beyond Long.MAX_VALUE
      bytes = bytes < 0 ? Long.MAX_VALUE : bytes;
    }
  }

  /**
   * The largest counts of every end of central directory record in the zip's last 64 KiB (zip64
   * records where they overflow), so that whichever one {@link ZipFile} settles on is within the
   * limits; null when there is none.
   */
  private static Directory directory(FileChannel channel) throws IOException {
    long size = channel.size();
    int tail = (int) Math.min(size, END_RECORD + MAX_COMMENT);
    ByteBuffer end = read(channel, size - tail, tail);
    Directory largest = null;
    for (int at = end.limit() - END_RECORD; at >= 0; at--) {
      if (end.getInt(at) != END_SIGNATURE) {
        continue;
      }
      Directory found =
          new Directory(end.getShort(at + 10) & 0xFFFF, end.getInt(at + 12) & 0xFFFFFFFFL);
      if (found.entries() == 0xFFFF || found.bytes() == 0xFFFFFFFFL) {
        found = zip64(channel, size - tail + at, found);
      }
      largest =
          largest == null
              ? found
              : new Directory(
                  Math.max(largest.entries(), found.entries()),
                  Math.max(largest.bytes(), found.bytes()));
    }
    return largest;
  }

  /**
   * The zip64 end record's counts, when its locator sits right before the end record at {@code
   * endAt}.
   */
  private static Directory zip64(FileChannel channel, long endAt, Directory plain)
      throws IOException {
    ByteBuffer locator = read(channel, endAt - 20, 20);
    if (locator.remaining() < 20 || locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
      return plain;
    }
    ByteBuffer record = read(channel, locator.getLong(8), 56);
    if (record.remaining() < 56 || record.getInt(0) != ZIP64_END_SIGNATURE) {
      return plain;
    }
    Directory zip64 = new Directory(record.getLong(32), record.getLong(40));
    return new Directory(
        Math.max(plain.entries(), zip64.entries()), Math.max(plain.bytes(), zip64.bytes()));
  }

  private static ByteBuffer read(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    if (position < 0 || position >= channel.size()) {
      return buffer.limit(0);
    }
    while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
      // read until full or the end of the file
    }
    return buffer.flip();
  }

  private static ArtifactFile problem(String artifactName, String problem) {
    return new ArtifactFile(artifactName, null, problem, List.of());
  }
}
