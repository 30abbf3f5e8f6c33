package io.github.katib4j.internal.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The complete lines appended to a file since the last read, split at {@code \n} only (a {@code \r} stays in the line,
 * as in Katib's Go collector); the unfinished last line waits for its newline.
 *
 * <p>A tail that {@linkplain #keepingOpen keeps the file open} opens it once and reads on from there until
 * {@link #close()}, which suits a file only ever appended to (a process's output): each read then costs no path lookup
 * and no open. Others open the file again for every read, so a file replaced under the same name (written to a
 * temporary file, then renamed) is read anew.
 */
public final class FileTail implements AutoCloseable {
  private final Path file;
  private final boolean keepOpen;
  private FileChannel open;
  private long offset;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private int restarts;

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

  /** The lines completed since the last call; none when the file does not exist (yet). */
  public List<String> readNewLines() throws IOException {
    FileChannel channel = open;
    if (channel == null) {
      try {
        channel = FileChannel.open(file, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        return List.of();
      }
      if (keepOpen) {
        open = channel;
      }
    }
    try {
      return readNewLines(channel);
    } finally {
      if (!keepOpen) {
        channel.close();
      }
    }
  }

  private List<String> readNewLines(FileChannel channel) throws IOException {
    List<String> lines = new ArrayList<>();
    long size = channel.size();
    if (size < offset) {
      // Rewritten from the start (opened with "w" again): read it anew.
      offset = 0;
      partial.reset();
      restarts++;
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, 64 * 1024));
    while (offset < size) {
      buffer.clear();
      int read = channel.read(buffer, offset);
      if (read <= 0) {
        break;
      }
      offset += read;
      byte[] bytes = buffer.array();
      int start = 0;
      for (int i = 0; i < read; i++) {
        if (bytes[i] == '\n') {
          partial.write(bytes, start, i - start);
          lines.add(new String(partial.toByteArray(), StandardCharsets.UTF_8));
          partial.reset();
          start = i + 1;
        }
      }
      partial.write(bytes, start, read - start);
    }
    return lines;
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

  /** The text after the last complete line read so far, which Go's {@code strings.Split} gives as the last line. */
  public String unfinishedLine() {
    return new String(partial.toByteArray(), StandardCharsets.UTF_8);
  }

  /** How many times the file was found shorter than what was read, and read again from its start. */
  public int restarts() {
    return restarts;
  }
}
