package io.github.katib4j.internal.metrics;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
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
  private static final int BLOCK = 64 * 1024;

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

  /** The offset after the last complete record read, and why reading stopped. */
  public static final class Chunk {
    public final long endOffset;
    public final End end;
    public final String problem;

    Chunk(long endOffset, End end, String problem) {
      this.endOffset = endOffset;
      this.end = end;
      this.problem = problem;
    }
  }

  /**
   * Gives {@code to}, one at a time, the complete records of {@code file} that start at or after {@code offset}, up to
   * the size the file had when opened (a writer appending meanwhile is read next time). Only one record is held at a
   * time, so an event file of many gigabytes needs no more memory than its largest record.
   */
  public static Chunk read(Path file, long offset, Consumer<byte[]> to) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size <= offset) {
        return new Chunk(offset, End.CLEAN, null);
      }
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(offset)), BLOCK);
      byte[] header = new byte[HEADER];
      ByteBuffer headerView = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      long pos = offset;
      while (pos < size) {
        if (size - pos < HEADER || in.readNBytes(header, 0, HEADER) < HEADER) {
          return new Chunk(pos, End.TRUNCATED, "incomplete record header");
        }
        long length = headerView.getLong(0);
        if (maskedCrc32c(header, 0, 8) != headerView.getInt(8)) {
          return new Chunk(pos, End.CORRUPT, "record length checksum mismatch");
        }
        if (length < 0 || length > size - pos - HEADER - FOOTER) {
          return new Chunk(pos, End.TRUNCATED, "incomplete record of " + Long.toUnsignedString(length) + " bytes");
        }
        if (length > Integer.MAX_VALUE - 8) {
          throw new IOException("the record at byte " + pos + " is " + length + " bytes long, more than katib4j can"
              + " hold");
        }
        byte[] record = new byte[(int) length];
        byte[] footer = new byte[FOOTER];
        if (in.readNBytes(record, 0, record.length) < record.length || in.readNBytes(footer, 0, FOOTER) < FOOTER) {
          return new Chunk(pos, End.TRUNCATED, "incomplete record of " + length + " bytes");
        }
        if (maskedCrc32c(record, 0, record.length) != ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt()) {
          return new Chunk(pos, End.CORRUPT, "record data checksum mismatch");
        }
        to.accept(record);
        pos += HEADER + length + FOOTER;
      }
      return new Chunk(pos, End.CLEAN, null);
    }
  }

  /** TensorFlow's masked CRC-32C: rotate right by 15 bits and add a constant. */
  public static int maskedCrc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }
}
