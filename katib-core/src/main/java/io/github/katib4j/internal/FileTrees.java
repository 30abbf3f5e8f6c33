package io.github.katib4j.internal;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole folders on disk. */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code dir} and everything in it, deepest first; nothing happens when it does not exist. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Deletes {@code dir} and the folders inside it that hold no file, deepest first: a folder made ahead for work that
   * never ran goes, while anything someone wrote, and the folders leading to it, stays.
   */
  public static void deleteEmptyFolders(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          try {
            Files.deleteIfExists(p);
          } catch (DirectoryNotEmptyException e) {
            // It holds a file (or a folder that does): keep it.
          }
        }
      }
    }
  }
}
