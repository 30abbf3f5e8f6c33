package io.github.katib4j.internal.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * When a process started, as a token that tells it apart from a later process given the same pid: the journal keeps
 * it so that a resumed engine kills only the trial processes its crashed predecessor left running.
 *
 * <p>On Linux the token is the boot id and the start time in clock ticks from {@code /proc/<pid>/stat}: one small read,
 * where {@code ProcessHandle.info()} also reads the command line and looks up the user, several times the cost for
 * every process trial. Elsewhere it is {@code ProcessHandle.info().startInstant()}.
 */
final class ProcessStarts {
  private static final Optional<String> LINUX_BOOT_ID = linuxBootId();

  private ProcessStarts() {}

  /** The start token of the live process {@code pid}; empty when it has ended or the system does not say. */
  static Optional<String> of(long pid) {
    if (LINUX_BOOT_ID.isPresent()) {
      String stat;
      // The fields up to the start time take a few hundred bytes; one small read is cheaper than Files.readString.
      try (InputStream in = Files.newInputStream(Path.of("/proc", Long.toString(pid), "stat"))) {
        byte[] head = new byte[1024];
        stat = new String(head, 0, in.readNBytes(head, 0, head.length), StandardCharsets.ISO_8859_1);
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
      // The command name in parentheses may hold spaces and ')'; the fields after the last ')' start with the state
      // (field 3 in proc(5)), so the start time (field 22) is the 20th of them.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return fields.length > 19 ? Optional.of(LINUX_BOOT_ID.get() + "/" + fields[19]) : Optional.empty();
    }
    return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toString);
  }

  private static Optional<String> linuxBootId() {
    Path bootId = Path.of("/proc/sys/kernel/random/boot_id");
    try {
      return Files.isReadable(bootId) ? Optional.of(Files.readString(bootId).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
