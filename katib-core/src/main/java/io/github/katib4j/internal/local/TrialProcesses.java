package io.github.katib4j.internal.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Recognises, after a crash, the trial processes a previous engine left running, so that a resumed engine kills those
 * and nothing else: a pid alone may have been given to another process since.
 *
 * <p>On Linux a trial's process is the one whose environment holds its {@code KATIB_TRIAL_DIR}, read from
 * {@code /proc/<pid>/environ} only when resuming, so a trial costs nothing for it (reading a start time for every
 * process trial, as {@code ProcessHandle.info()} does, took 20-40 µs of each). Elsewhere the journal keeps the
 * process's start time from {@code ProcessHandle.info()} and it must match.
 */
final class TrialProcesses {
  /** The variable every process trial gets: its folder. */
  static final String TRIAL_DIR_VARIABLE = "KATIB_TRIAL_DIR";
  private static final boolean PROC_ENVIRON = Files.isReadable(Path.of("/proc/self/environ"));

  private TrialProcesses() {}

  /** What the journal keeps besides the pid: a start time where the environment cannot be read; else empty. */
  static Optional<String> startToken(long pid) {
    return PROC_ENVIRON ? Optional.empty()
        : ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toString);
  }

  /** Whether the live process {@code pid} is the one a previous engine started for the trial in {@code directory}. */
  static boolean isTrialProcess(long pid, Path directory, Optional<String> startToken) {
    if (startToken.isPresent()) {
      return startToken.equals(ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toString));
    }
    if (!PROC_ENVIRON) {
      return false;
    }
    byte[] environ;
    try {
      environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
    String prefix = TRIAL_DIR_VARIABLE + "=";
    for (String variable : new String(environ, StandardCharsets.UTF_8).split("\0")) {
      if (variable.startsWith(prefix)) {
        return sameFile(Path.of(variable.substring(prefix.length())), directory);
      }
    }
    return false;
  }

  /** The same folder, however each path was spelled (another working directory, a symbolic link). */
  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
