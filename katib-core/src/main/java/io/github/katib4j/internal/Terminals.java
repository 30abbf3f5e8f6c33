package io.github.katib4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Whether this process's standard output or error is a terminal. Java 17 tells only whether standard input and output
 * both are ({@code System.console()}), which is the wrong stream for progress on standard error: {@code 2> file} on a
 * terminal would get lines rewritten in place, and {@code > file} plain lines on the terminal.
 */
public final class Terminals {
  private static final Path FILE_DESCRIPTORS = Path.of("/proc/self/fd");

  private Terminals() {}

  /** Whether standard output (1) or standard error (2) of this process is a terminal. */
  public static boolean isTerminal(int fileDescriptor) {
    return isTerminal(FILE_DESCRIPTORS, fileDescriptor, () -> System.console() != null);
  }

  /**
   * Reads the link {@code fileDescriptors/<fd>}, as Linux's /proc shows where each descriptor goes: a pseudo-terminal
   * ({@code /dev/pts/N}), a console or serial line ({@code /dev/ttyN}, {@code /dev/tty}, {@code /dev/console}) is a
   * terminal; a file, a pipe or a socket is not. Where there is no such folder (macOS, Windows), {@code elsewhere}
   * decides.
   */
  static boolean isTerminal(Path fileDescriptors, int fileDescriptor, BooleanSupplier elsewhere) {
    if (!Files.isDirectory(fileDescriptors)) {
      return elsewhere.getAsBoolean();
    }
    try {
      String target = Files.readSymbolicLink(fileDescriptors.resolve(Integer.toString(fileDescriptor))).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // A closed descriptor has no link: nothing is shown anywhere.
      return false;
    }
  }
}
