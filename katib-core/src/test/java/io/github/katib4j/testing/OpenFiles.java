package io.github.katib4j.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files this JVM has open, from Linux's {@code /proc/self/fd}. */
public final class OpenFiles {
  private static final Path DESCRIPTORS = Path.of("/proc/self/fd");

  private OpenFiles() {}

  /** Whether this system shows a process its open files ({@code /proc/self/fd}, Linux). */
  public static boolean visible() {
    return Files.isDirectory(DESCRIPTORS);
  }

  /** The real paths of the files this JVM has open now. */
  public static List<Path> list() throws IOException {
    List<Path> open = new ArrayList<>();
    try (DirectoryStream<Path> links = Files.newDirectoryStream(DESCRIPTORS)) {
      for (Path link : links) {
        try {
          open.add(Files.readSymbolicLink(link));
        } catch (IOException e) {
          // closed while listing (the listing's own descriptor)
        }
      }
    }
    return open;
  }
}
