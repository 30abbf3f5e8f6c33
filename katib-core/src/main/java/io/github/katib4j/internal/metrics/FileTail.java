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
 */
public final class FileTail {
  private final Path file;
  private long offset;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private int restarts;

  public FileTail(Path file) {
    this.file = file;
  }

  /** The lines completed since the last call; none when the file does not exist (yet). */
  public List<String> readNewLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
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
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return lines;
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
