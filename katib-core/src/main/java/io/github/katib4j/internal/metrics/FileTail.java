package io.github.katib4j.internal.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The complete lines appended to a file since the last read, split at {@code \n} only (a {@code \r} stays in the line,
 * as in Katib's Go collector); the unfinished last line waits for its newline.
 *
 * <p>Memory stays bounded whatever the file holds: lines go to a {@link Lines} one at a time as they are read (in
 * blocks of at most 64 KiB), and a line longer than {@link #LINE_CAP} bytes is not kept: only its length, and whether
 * it contains one of the texts {@linkplain #watching watched for}, reach {@link Lines#longLine}.
 *
 * <p>A tail that {@linkplain #keepingOpen keeps the file open} opens it once and reads on from there until
 * {@link #close()}, which suits a file only ever appended to (a process's output): each read then costs no path lookup
 * and no open. Others open the file again for every read, so a file replaced under the same name (written to a
 * temporary file, then renamed) is read anew.
 */
public final class FileTail implements AutoCloseable {
  /** The longest line, in bytes without its {@code \n}, that is kept and given to {@link Lines#line}: 1 MiB. */
  public static final int LINE_CAP = 1 << 20;
  private static final int BLOCK = 64 * 1024;
  private static final byte[] NONE = new byte[0];

  /** Where the lines read go, in order. */
  public interface Lines {
    /** A line of at most {@link #LINE_CAP} bytes, without its {@code \n}; false to stop reading after it. */
    boolean line(String line);

    /**
     * A line longer than {@link #LINE_CAP} bytes, which was not kept: its number (from 1), its length in bytes without
     * its {@code \n}, and whether it contains one of the watched texts; false to stop reading after it.
     */
    boolean longLine(long number, long length, boolean mentionsWatched);
  }

  private final Path file;
  private final boolean keepOpen;
  private FileChannel open;
  private long offset;
  private int restarts;
  /** Complete lines read since the start of the file (counting long ones). */
  private long lines;
  /** The bytes of the unfinished line, while it is at most LINE_CAP long. */
  private byte[] partial = NONE;
  private int partialLength;
  /** The length of the unfinished line once it is longer than LINE_CAP (its bytes are dropped); -1 before. */
  private long longLength = -1;
  private boolean longMentions;
  private byte[][] watched = {};
  /** The last bytes of a long line seen so far, so that a watched text spanning two blocks is found. */
  private byte[] carry = NONE;

  private FileTail(Path file, boolean keepOpen) {
    this.file = file;
    this.keepOpen = keepOpen;
  }

  /** A tail that opens {@code file} again for every read. */
  public FileTail(Path file) {
    this(file, false);
  }

  /** A tail that keeps {@code file} open from the first read that finds it until {@link #close()}. */
  public static FileTail keepingOpen(Path file) {
    return new FileTail(file, true);
  }

  /** Makes {@link Lines#longLine} say whether a long line contains one of {@code texts} (as UTF-8); returns this. */
  public FileTail watching(List<String> texts) {
    List<byte[]> bytes = new ArrayList<>();
    for (String text : texts) {
      if (!text.isEmpty()) {
        bytes.add(text.getBytes(StandardCharsets.UTF_8));
      }
    }
    watched = bytes.toArray(new byte[0][]);
    return this;
  }

  /**
   * Creates the file if it does not exist and opens it now, for a tail that {@linkplain #keepingOpen keeps its file
   * open}: the first read then neither looks the path up nor opens it.
   */
  public void create() throws IOException {
    if (!keepOpen) {
      throw new IllegalStateException("create() is for a tail that keeps its file open; " + file + " is opened anew"
          + " for every read");
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    close();
    open = channel;
  }

  /**
   * Gives {@code to} the lines completed since the last call, reading at most about {@code maxBytes} (at least one
   * block); none when the file does not exist (yet).
   *
   * @return whether everything the file held when the read began was read (false when {@code maxBytes} ran out or
   *     {@code to} asked to stop)
   */
  public boolean readNewLines(Lines to, long maxBytes) throws IOException {
    FileChannel channel = open;
    if (channel == null) {
      try {
        channel = FileChannel.open(file, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        return true;
      }
      if (keepOpen) {
        open = channel;
      }
    }
    try {
      return read(channel, to, maxBytes);
    } finally {
      if (!keepOpen) {
        channel.close();
      }
    }
  }

  /**
   * Gives {@code to} every line of {@code file}, the text after its last {@code \n} included (as Go's
   * {@code strings.Split} gives it, empty when the file ends with a newline), in bounded memory.
   *
   * @throws NoSuchFileException when the file does not exist
   */
  public static void readAll(Path file, List<String> watched, Lines to) throws IOException {
    FileTail tail = new FileTail(file).watching(watched);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (!tail.read(channel, to, Long.MAX_VALUE)) {
        return;
      }
    }
    tail.finishLine(to);
  }

  private boolean read(FileChannel channel, Lines to, long maxBytes) throws IOException {
    long size = channel.size();
    if (size < offset) {
      // Rewritten from the start (opened with "w" again): read it anew.
      offset = 0;
      lines = 0;
      partialLength = 0;
      longLength = -1;
      restarts++;
    }
    if (offset >= size) {
      return true;
    }
    // Sized for what there is to read: a process trial's output is often a few bytes.
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, BLOCK));
    long budget = maxBytes;
    while (offset < size) {
      if (budget <= 0) {
        return false;
      }
      buffer.clear();
      int read = channel.read(buffer, offset);
      if (read <= 0) {
        break;
      }
      budget -= read;
      long blockStart = offset;
      offset += read;
      byte[] bytes = buffer.array();
      int start = 0;
      for (int i = 0; i < read; i++) {
        if (bytes[i] == '\n') {
          boolean more = complete(bytes, start, i, to);
          start = i + 1;
          if (!more) {
            offset = blockStart + start;
            return false;
          }
        }
      }
      append(bytes, start, read);
    }
    return true;
  }

  /** Ends the line whose last bytes are {@code bytes[start, end)}; what {@code to} answers. */
  private boolean complete(byte[] bytes, int start, int end, Lines to) {
    lines++;
    if (longLength < 0 && partialLength + (end - start) <= LINE_CAP) {
      String line;
      if (partialLength == 0) {
        line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      } else {
        append(bytes, start, end);
        line = new String(partial, 0, partialLength, StandardCharsets.UTF_8);
        partialLength = 0;
      }
      return to.line(line);
    }
    append(bytes, start, end);
    long length = longLength;
    boolean mentions = longMentions;
    longLength = -1;
    return to.longLine(lines, length, mentions);
  }

  /** Adds {@code bytes[start, end)} to the unfinished line, keeping at most LINE_CAP of its bytes. */
  private void append(byte[] bytes, int start, int end) {
    int n = end - start;
    if (n == 0) {
      return;
    }
    if (longLength < 0 && partialLength + n <= LINE_CAP) {
      if (partialLength + n > partial.length) {
        partial = Arrays.copyOf(partial, Math.min(LINE_CAP, Math.max(partialLength + n, partial.length * 2)));
      }
      System.arraycopy(bytes, start, partial, partialLength, n);
      partialLength += n;
      return;
    }
    if (longLength < 0) {
      // The line has just become too long: drop what was kept of it, looking for the watched texts first.
      longLength = partialLength;
      longMentions = false;
      carry = NONE;
      scanLong(partial, 0, partialLength);
      partialLength = 0;
      if (partial.length > BLOCK) {
        partial = NONE;
      }
    }
    scanLong(bytes, start, end);
    longLength += n;
  }

  /** Looks for the watched texts in more bytes of a long line, across the end of the bytes seen before. */
  private void scanLong(byte[] bytes, int start, int end) {
    if (longMentions || watched.length == 0) {
      return;
    }
    int longest = 0;
    for (byte[] text : watched) {
      longest = Math.max(longest, text.length);
    }
    byte[] window = new byte[carry.length + end - start];
    System.arraycopy(carry, 0, window, 0, carry.length);
    System.arraycopy(bytes, start, window, carry.length, end - start);
    for (byte[] text : watched) {
      if (indexOf(window, text) >= 0) {
        longMentions = true;
        return;
      }
    }
    carry = Arrays.copyOfRange(window, Math.max(0, window.length - (longest - 1)), window.length);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * Gives {@code to} the text after the last complete line read so far, which Go's {@code strings.Split} gives as the
   * last line (empty when the file ends with a newline), and forgets it.
   */
  public void finishLine(Lines to) {
    complete(NONE, 0, 0, to);
    lines--;
  }

  /** Closes the file if this tail keeps it open; a later read opens it again. */
  @Override
  public void close() throws IOException {
    FileChannel channel = open;
    open = null;
    if (channel != null) {
      channel.close();
    }
  }

  /** How many complete lines were read from the start of the file. */
  public long lines() {
    return lines;
  }

  /** How many times the file was found shorter than what was read, and read again from its start. */
  public int restarts() {
    return restarts;
  }
}
