package dev.pipelineguard.validator.aws;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Zips written byte by byte, for what ZipOutputStream will not write: entries whose compressed data
 * is given (a gigabyte of zeros deflated without deflating a gigabyte, or data that is no deflate
 * stream at all).
 */
final class TestZips {
  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  private static final int MIB = 1 << 20;

  private TestZips() {}

  /** One entry: its name, method, compressed bytes, uncompressed size and CRC-32. */
  @SuppressWarnings(
      "ArrayRecordComponent") // never compared: equals would compare the array's identity
  record Entry(String name, int method, byte[] data, long size, long crc) {}

  static Entry stored(String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return new Entry(name, STORED, bytes, bytes.length, crc.getValue());
  }

  /**
   * {@code mebibytes} MiB of zeros, deflated (a valid stream, about 1000:1). Once the window is all
   * zeros, every flushed MiB deflates to the same bytes: those are repeated instead of computed.
   */
  static Entry deflatedZeros(String name, int mebibytes) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] zeros = new byte[MIB];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] previous = null;
    byte[] steady = null;
    for (int i = 0; i < mebibytes; i++) {
      if (steady != null) {
        out.writeBytes(steady);
        continue;
      }
      deflater.setInput(zeros);
      byte[] block = drain(deflater, Deflater.SYNC_FLUSH);
      out.writeBytes(block);
      steady = Arrays.equals(previous, block) ? block : null;
      previous = block;
    }
    deflater.finish();
    out.writeBytes(drain(deflater, Deflater.NO_FLUSH));
    deflater.end();
    CRC32 crc = new CRC32();
    for (int i = 0; i < mebibytes; i++) {
      crc.update(zeros);
    }
    return new Entry(name, DEFLATED, out.toByteArray(), (long) mebibytes * MIB, crc.getValue());
  }

  /**
   * A deflated entry declaring {@code size} bytes whose data is no deflate stream: inflating it
   * fails.
   */
  static Entry notDeflate(String name, long size) {
    byte[] data = new byte[1024];
    Arrays.fill(data, (byte) 0xFF); // block type 3, which deflate does not have
    return new Entry(name, DEFLATED, data, size, 0);
  }

  private static byte[] drain(Deflater deflater, int flush) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    while (true) {
      int n = deflater.deflate(buffer, 0, buffer.length, flush);
      out.write(buffer, 0, n);
      if (flush == Deflater.NO_FLUSH
          ? deflater.finished()
          : n < buffer.length && deflater.needsInput()) {
        return out.toByteArray();
      }
    }
  }

  /**
   * A zip of {@code entries} in order: local headers and data, the central directory, its end
   * record.
   */
  static byte[] zip(List<Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream directory = new ByteArrayOutputStream();
    for (Entry e : entries) {
      byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
      int offset = out.size();
      out.writeBytes(
          le(30 + name.length)
              .putInt(0x04034b50)
              .putShort((short) 20)
              .putShort((short) 0x0800)
              .putShort((short) e.method())
              .putInt(0)
              .putInt((int) e.crc())
              .putInt(e.data().length)
              .putInt((int) e.size())
              .putShort((short) name.length)
              .putShort((short) 0)
              .put(name)
              .array());
      out.writeBytes(e.data());
      directory.writeBytes(
          le(46 + name.length)
              .putInt(0x02014b50)
              .putShort((short) 20)
              .putShort((short) 20)
              .putShort((short) 0x0800)
              .putShort((short) e.method())
              .putInt(0)
              .putInt((int) e.crc())
              .putInt(e.data().length)
              .putInt((int) e.size())
              .putShort((short) name.length)
              .putShort((short) 0)
              .putShort((short) 0)
              .putShort((short) 0)
              .putShort((short) 0)
              .putInt(0)
              .putInt(offset)
              .put(name)
              .array());
    }
    int start = out.size();
    out.writeBytes(directory.toByteArray());
    out.writeBytes(end(entries.size(), directory.size(), start));
    return out.toByteArray();
  }

  /** An end of central directory record. */
  static byte[] end(int entries, long directoryBytes, long directoryOffset) {
    return le(22)
        .putInt(0x06054b50)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) entries)
        .putShort((short) entries)
        .putInt((int) directoryBytes)
        .putInt((int) directoryOffset)
        .putShort((short) 0)
        .array();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
