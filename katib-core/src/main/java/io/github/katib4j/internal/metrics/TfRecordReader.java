package io.github.katib4j.internal.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * TFRecord framing ({@code uint64 length, uint32 masked_crc32c(length), data, uint32 masked_crc32c(data)}, little
 * endian), read from a byte offset so that a file still being written can be read again later from where the last
 * complete record ended.
 */
public final class TfRecordReader {
  private static final int HEADER = 12;
  private static final int FOOTER = 4;
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecordReader() {}

  /** How a read ended. */
  public enum End {
    /** Every byte was part of a complete record. */
    CLEAN,
    /** The last record is incomplete: the file may still be being written. */
    TRUNCATED,
    /** A checksum did not match: TensorFlow's reader stops there with {@code DataLossError}. */
    CORRUPT
  }

  /** The records read, the offset after the last complete one, and why reading stopped. */
  public static final class Chunk {
    public final List<byte[]> records;
    public final long endOffset;
    public final End end;
    public final String problem;

    Chunk(List<byte[]> records, long endOffset, End end, String problem) {
      this.records = records;
      this.endOffset = endOffset;
      this.end = end;
      this.problem = problem;
    }
  }

  /** Reads the complete records of {@code file} that start at or after {@code offset}. */
  public static Chunk read(Path file, long offset) throws IOException {
    byte[] bytes;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size <= offset) {
        return new Chunk(List.of(), offset, End.CLEAN, null);
      }
      if (size - offset > Integer.MAX_VALUE - 8) {
        throw new IOException(file + " is too large to read (" + size + " bytes)");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - offset));
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
        // read until the size seen when opening; a writer appending meanwhile is read next time
      }
      bytes = buffer.array();
    }
    return parse(bytes, offset);
  }

  /** Splits {@code bytes} (which start at file offset {@code base}) into records. */
  static Chunk parse(byte[] bytes, long base) {
    List<byte[]> records = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 0;
    while (pos < bytes.length) {
      if (bytes.length - pos < HEADER) {
        return new Chunk(records, base + pos, End.TRUNCATED, "incomplete record header");
      }
      long length = in.getLong(pos);
      int lengthCrc = in.getInt(pos + 8);
      if (maskedCrc32c(bytes, pos, 8) != lengthCrc) {
        return new Chunk(records, base + pos, End.CORRUPT, "record length checksum mismatch");
      }
      if (length < 0 || length > bytes.length - pos - HEADER - FOOTER) {
        return new Chunk(records, base + pos, End.TRUNCATED, "incomplete record of " + Long.toUnsignedString(length)
            + " bytes");
      }
      int dataStart = pos + HEADER;
      int dataCrc = in.getInt(dataStart + (int) length);
      if (maskedCrc32c(bytes, dataStart, (int) length) != dataCrc) {
        return new Chunk(records, base + pos, End.CORRUPT, "record data checksum mismatch");
      }
      byte[] record = new byte[(int) length];
      System.arraycopy(bytes, dataStart, record, 0, (int) length);
      records.add(record);
      pos = dataStart + (int) length + FOOTER;
    }
    return new Chunk(records, base + pos, End.CLEAN, null);
  }

  /** TensorFlow's masked CRC-32C: rotate right by 15 bits and add a constant. */
  public static int maskedCrc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }
}
