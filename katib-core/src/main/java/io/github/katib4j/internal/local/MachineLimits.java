package io.github.katib4j.internal.local;

import io.github.katib4j.KatibException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a trial could not start when the reason is this machine rather than the trial's command: a limit on open files,
 * processes, threads or memory, a trial path longer than the system allows, or a locale that cannot carry the trial's
 * arguments. On a cluster a pod that cannot be created stays Pending and never fails its trial; locally such a trial
 * must not count toward maxFailedTrialCount either (which could end the experiment Failed for good), so the run stops
 * as it does on a full disk, leaves the trial in flight, and goes on when resumed once the limit is raised. A command
 * that is missing, not executable or given a working directory that does not exist is the trial's own failure, as on
 * a cluster, and is not one of these.
 */
final class MachineLimits {
  /** What the fix says about running fewer trials at once. */
  static final String FEWER = "or run fewer trials at a time (parallelTrialCount; katib run FILE --resume --parallel"
      + " N)";

  private MachineLimits() {}

  /** A trial that cannot start because of the machine: the message says which limit and how to lift it. */
  static final class Reached extends KatibException {
    private static final long serialVersionUID = 1L;

    Reached(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * What stopped {@code failure} (thrown while setting up or starting a process trial whose folder is under
   * {@code experimentDirectory}), with the fix, when it is a limit of this machine; empty when it is the trial's own
   * failure.
   */
  static Optional<String> of(Throwable failure, Path experimentDirectory) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
      if (t instanceof Reached) {
        return Optional.of(t.getMessage());
      }
      String message = String.valueOf(t.getMessage());
      if (t instanceof OutOfMemoryError && message.contains("unable to create native thread")) {
        return Optional.of("this JVM cannot start another thread (\"" + message + "\"): this user runs as many"
            + " processes and threads as it may" + limit("Max processes", "ulimit -u") + ", or the system's limit"
            + " (kernel.threads-max, a cgroup's pids.max) or memory for thread stacks is used up. Raise the limit"
            + " (ulimit -u in the shell that runs the engine) " + FEWER + "; each running process trial takes two"
            + " threads and a process");
      }
      if (t instanceof FileSystemException) {
        FileSystemException e = (FileSystemException) t;
        String reason = String.valueOf(e.getReason());
        if (reason.contains("File name too long") && e.getFile() != null
            && Path.of(e.getFile()).toAbsolutePath().startsWith(experimentDirectory.toAbsolutePath())) {
          return Optional.of("the trial's path " + e.getFile() + " (" + e.getFile().length() + " characters) is"
              + " longer than the system allows (ENAMETOOLONG, \"File name too long\"; on Linux a path has at most"
              + " 4095 bytes and a name 255). Run the experiment in a shorter directory (katib run --dir DIR,"
              + " LocalKatib.builder().directory(DIR))");
        }
      }
      if (!(t instanceof IOException) && !(t instanceof KatibException)) {
        continue;
      }
      if (message.contains("Too many open files in system") || message.contains("error=23,")) {
        return Optional.of("the system as a whole has as many files open as it may (ENFILE, \"" + message + "\";"
            + " see /proc/sys/fs/file-max). Close files other programs hold, raise fs.file-max (sysctl) " + FEWER);
      }
      if (message.contains("Too many open files") || message.contains("error=24,")) {
        return Optional.of("this JVM has as many files open as it may" + limit("Max open files", "ulimit -n")
            + " (EMFILE, \"" + message + "\"). Raise the limit (ulimit -n 4096 in the shell that runs the"
            + " engine, LimitNOFILE= for a systemd service) " + FEWER);
      }
      if (message.contains("Failed to exec spawn helper")) {
        return Optional.of("the JDK's helper that starts processes (jspawnhelper) could not start (\"" + message
            + "\"), as happens when this JVM has as many files open as it may" + limit("Max open files",
            "ulimit -n") + " or processes run out" + limit("Max processes", "ulimit -u") + ". Raise the limits "
            + FEWER);
      }
      if (message.contains("error=11,") || message.contains("error=35,")) {
        return Optional.of("the system refused to create another process (EAGAIN, \"" + message + "\"): this user"
            + " runs as many processes and threads as it may" + limit("Max processes", "ulimit -u") + ", or the"
            + " system's limit (kernel.pid_max, kernel.threads-max, a cgroup's pids.max) is reached. Raise the limit"
            + " (ulimit -u in the shell that runs the engine) " + FEWER);
      }
      if (message.contains("error=12,")) {
        return Optional.of("the system has no memory for another process (ENOMEM, \"" + message + "\"). Free"
            + " memory " + FEWER);
      }
    }
    return Optional.empty();
  }

  /**
   * This process's limits as last read, for when they cannot be read as a limit is hit (with no file left to open,
   * {@code /proc/self/limits} cannot be read either).
   */
  private static volatile List<String> remembered = List.of();

  /** Reads this process's limits now, for a later message: once per run, as it starts. */
  static void remember() {
    remembered = readLimits().orElse(remembered);
  }

  private static Optional<List<String>> readLimits() {
    try {
      return Optional.of(Files.readAllLines(Path.of("/proc/self/limits")));
    } catch (IOException | RuntimeException e) {
      // Not Linux, no /proc, or no file can be opened now.
      return Optional.empty();
    }
  }

  /**
   * {@code " (ulimit -n is 64 here)"} from this process's soft limit in {@code /proc/self/limits}; "" where that
   * cannot be read (not Linux).
   */
  static String limit(String row, String command) {
    for (String line : readLimits().orElse(remembered)) {
      if (line.startsWith(row)) {
        String[] fields = line.substring(row.length()).trim().split("\\s+");
        return fields.length > 0 && !fields[0].isEmpty() ? " (" + command + " is " + fields[0] + " here)" : "";
      }
    }
    return "";
  }
}
