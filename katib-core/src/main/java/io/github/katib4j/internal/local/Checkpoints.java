package io.github.katib4j.internal.local;

import io.github.katib4j.internal.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A trial's checkpoint folder, given to it as Katib's PBT service does. */
final class Checkpoints {
  private Checkpoints() {}

  /**
   * Makes {@code checkpoint} an empty folder, or a copy of {@code parent}'s when there is one. Done again when a trial
   * reruns after a crash, so it never starts from a half-written checkpoint of its own.
   */
  static void prepare(Path checkpoint, Path parent) throws IOException {
    FileTrees.deleteRecursively(checkpoint);
    if (parent != null && Files.isDirectory(parent)) {
      copyRecursively(parent, checkpoint);
    } else {
      Files.createDirectories(checkpoint);
    }
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toArray(Path[]::new)) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
