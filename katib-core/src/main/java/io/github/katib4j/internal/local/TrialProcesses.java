package io.github.katib4j.internal.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Recognises, after a crash, the trial processes a previous engine left running, so that a resumed engine kills those
 * and nothing else: a pid alone may have been given to another process since; and finds the processes a trial's command
 * left running when it ended (reparented, so no longer its descendants), by the same mark.
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
    String trialDirectory = PROC_ENVIRON ? trialDirectoryOf(pid) : null;
    return trialDirectory != null && sameFile(Path.of(trialDirectory), directory);
  }

  /** The {@code KATIB_TRIAL_DIR} in the environment of process {@code pid}, or null (none, or not readable). */
  private static String trialDirectoryOf(long pid) {
    Path file = Path.of("/proc", Long.toString(pid), "environ");
    byte[] environ;
    try {
      if (!Files.isReadable(file)) {
        // Another user's process; asking first costs less than the exception.
        return null;
      }
      environ = Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    String prefix = TRIAL_DIR_VARIABLE + "=";
    for (String variable : new String(environ, StandardCharsets.UTF_8).split("\0")) {
      if (variable.startsWith(prefix)) {
        return variable.substring(prefix.length());
      }
    }
    return null;
  }

  /**
   * Whether the running process {@code pid} has a child process now: cheap evidence (one small file on Linux) that
   * it may leave processes running when it ends. False where this cannot be told.
   */
  static boolean hasChildren(long pid) {
    if (!PROC_ENVIRON) {
      return false;
    }
    String task = Long.toString(pid);
    try {
      byte[] children = Files.readAllBytes(Path.of("/proc", task, "task", task, "children"));
      return children.length > 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether the process {@code pid} of a command being polled has a child now, where {@code before} is what the
   * previous poll answered. A command that has exited, or is exiting, had its children reparented as it exited, so
   * seeing none then says nothing of the ones it left running: the previous answer stands. The command's state is read
   * only when the answer would turn from true to false, so a poll still costs one small file.
   */
  static boolean hasChildren(long pid, boolean before) {
    return hasChildren(pid) || before && hasExited(pid);
  }

  /**
   * Whether the process {@code pid} has exited or is exiting: a zombie ('Z') or being reaped ('X') in
   * {@code /proc/<pid>/stat}, or gone from {@code /proc} (reaped already).
   */
  private static boolean hasExited(long pid) {
    byte[] stat;
    try {
      stat = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException | RuntimeException e) {
      return true;
    }
    // "pid (command) state ...": the command may hold spaces and parentheses, so the state follows the last ')'.
    for (int i = stat.length - 1; i >= 0; i--) {
      if (stat[i] == ')') {
        byte state = i + 2 < stat.length ? stat[i + 2] : 0;
        return state == 'Z' || state == 'X';
      }
    }
    return false;
  }

  /**
   * The live processes, other than this JVM and its ancestors, whose {@code KATIB_TRIAL_DIR} is a folder in
   * {@code trialsFolder} that {@code trialName} accepts, grouped by that folder's name (the trial's). A folder is
   * matched by file identity, not by spelling: the run that started a process may have been given the experiment's
   * directory through a symbolic link or another spelling than this one. Reads the environment of every process of
   * this user, so it runs once per resume, per sweep and per experiment, or for a trial that showed evidence
   * ({@link #hasChildren}), never for every trial. Empty where environments cannot be read.
   */
  static Map<String, List<ProcessHandle>> inTrialsFolder(Path trialsFolder, Predicate<String> trialName) {
    Map<String, List<ProcessHandle>> found = new TreeMap<>();
    if (!PROC_ENVIRON) {
      return found;
    }
    Set<Long> engine = new HashSet<>();
    for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
      engine.add(p.get().pid());
    }
    String spelling = trialsFolder.toString();
    // Whether each other spelling of a parent folder seen in this scan is trialsFolder: one look per spelling.
    Map<String, Boolean> sameFolder = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0)) || !name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        String directory = engine.contains(pid) ? null : trialDirectoryOf(pid);
        Path path = directory == null || directory.isEmpty() ? null : Path.of(directory).normalize();
        Path parent = path == null ? null : path.getParent();
        if (parent == null || path.getFileName() == null) {
          continue;
        }
        String trial = path.getFileName().toString();
        String parentSpelling = parent.toString();
        boolean inFolder = parentSpelling.equals(spelling)
            || sameFolder.computeIfAbsent(parentSpelling, s -> sameFile(parent, trialsFolder));
        if (inFolder && trialName.test(trial)) {
          ProcessHandle.of(pid).ifPresent(h -> found.computeIfAbsent(trial, d -> new ArrayList<>()).add(h));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Whatever was found before the listing failed.
    }
    return found;
  }

  /** How many times {@link #stopLeftRunning} looks for processes at most: one found may start another meanwhile. */
  private static final int LOOKS = 3;

  /**
   * Stops the processes left running with the folders in {@code trialsFolder} that {@code trialName} accepts
   * ({@link #inTrialsFolder}), as Katib's pod stops its containers' processes once the primary container has ended:
   * politely, then by force after {@code grace}, which all of them share. Looks again after each stop, until a look
   * finds none or {@link #LOOKS} times, as a process found may have started another between the look and its stop (a
   * shell's next command). Returns, by trial, the note naming the processes stopped, saying for each trial what
   * {@code found} gives for it as they were first found.
   */
  static Map<String, String> stopLeftRunning(Path trialsFolder, Predicate<String> trialName, Duration grace,
      Function<String, String> found) {
    Map<String, String> when = new TreeMap<>();
    Map<String, Set<String>> stopped = new TreeMap<>();
    for (int look = 0; look < LOOKS; look++) {
      Map<String, List<ProcessHandle>> left = inTrialsFolder(trialsFolder, trialName);
      if (left.isEmpty()) {
        break;
      }
      List<ProcessHandle> all = new ArrayList<>();
      left.forEach((trial, processes) -> {
        when.computeIfAbsent(trial, found);
        // Described before they are stopped, while their command lines can be read.
        processes.forEach(process -> stopped.computeIfAbsent(trial, t -> new LinkedHashSet<>()).add(process.pid()
            + " (" + process.info().commandLine().or(() -> process.info().command()).orElse("?") + ")"));
        all.addAll(processes);
      });
      terminate(all, grace);
    }
    Map<String, String> notes = new TreeMap<>();
    stopped.forEach((trial, described) -> note(List.copyOf(described), when.get(trial))
        .ifPresent(note -> notes.put(trial, note)));
    return notes;
  }

  /**
   * Asks {@code processes} to end (SIGTERM), waits up to {@code grace} for them, then kills those still alive with
   * their descendants (children they started meanwhile included).
   */
  private static void terminate(List<ProcessHandle> processes, Duration grace) {
    processes.forEach(ProcessHandle::destroy);
    killAfter(processes, System.nanoTime() + grace.toNanos());
  }

  /**
   * Waits until {@code until} ({@link System#nanoTime}) for {@code processes}, already asked to end, then kills those
   * still alive with their descendants. Several sets asked at once wait out one grace period together, not one each.
   */
  static void killAfter(List<ProcessHandle> processes, long until) {
    for (ProcessHandle process : processes) {
      while (process.isAlive() && System.nanoTime() < until) {
        try {
          process.onExit().get(50, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          // keep waiting until the grace period ends
        }
      }
    }
    List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
    // Descendants are listed before any process is killed: a killed process's children are reparented, no longer its
    // descendants. Then parents die first, as a parent that outlived its child could start another in between (a
    // shell's next command), one that no list holds.
    Set<ProcessHandle> below = new LinkedHashSet<>();
    alive.forEach(process -> process.descendants().forEach(below::add));
    alive.stream().filter(process -> !below.contains(process)).forEach(ProcessHandle::destroyForcibly);
    below.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * The note for a trial whose processes were stopped after its command ended, or empty for none: which processes,
   * and why.
   */
  private static Optional<String> note(List<String> stopped, String when) {
    if (stopped.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("stopped " + stopped.size() + (stopped.size() == 1 ? " process" : " processes") + " its command"
        + " left running (" + when + "): " + String.join(", ", stopped) + "; in Katib the pod's containers all stop"
        + " when the primary container ends, so a trial's background processes do not outlive it");
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
