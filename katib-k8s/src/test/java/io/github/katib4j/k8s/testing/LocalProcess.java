package io.github.katib4j.k8s.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A server binary run under a small bash watchdog that also stops it when the JVM dies without running shutdown hooks
 * (kill -9, a crashed fork), so no etcd or kube-apiserver outlives the test run.
 */
final class LocalProcess {
  // The watchdog runs the binary in the background and polls the JVM's pid; "sleep & wait" keeps it responsive to
  // SIGTERM, which it forwards. When the JVM is gone it sends SIGTERM, then SIGKILL after 10 s.
  private static final String WATCHDOG = String.join("\n",
      "jvm=$1; shift",
      "\"$@\" &",
      "child=$!",
      "sleeper=",
      "forward() {",
      "  kill -TERM \"$child\" 2>/dev/null",
      "  [ -n \"$sleeper\" ] && kill \"$sleeper\" 2>/dev/null",
      "  wait \"$child\"; exit $?",
      "}",
      "trap forward TERM INT HUP",
      "while kill -0 \"$jvm\" 2>/dev/null; do",
      "  if ! kill -0 \"$child\" 2>/dev/null; then wait \"$child\"; exit $?; fi",
      "  sleep 1 & sleeper=$!; wait \"$sleeper\"; sleeper=",
      "done",
      "echo \"watchdog: JVM $jvm is gone, stopping $1\" >&2",
      "kill -TERM \"$child\" 2>/dev/null",
      "for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 \"$child\" 2>/dev/null || exit 0; sleep 1; done",
      "kill -KILL \"$child\" 2>/dev/null",
      "exit 1");

  private final String name;
  private final Process process;
  private final Path log;

  private LocalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command}, appending its stdout and stderr to {@code log}. */
  static LocalProcess start(String name, List<String> command, Path log) {
    List<String> wrapped = new ArrayList<>(List.of("bash", "-c", WATCHDOG, "watchdog",
        Long.toString(ProcessHandle.current().pid())));
    wrapped.addAll(command);
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "==== " + Instant.now() + " starting " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Process process = new ProcessBuilder(wrapped)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
      return new LocalProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Asks the process to stop (SIGTERM) and kills it and its watchdog when it has not stopped within {@code grace}. */
  void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tree.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** The last lines of the process's log, for failure messages. */
  String logTail(int lines) {
    try {
      List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
          .collect(Collectors.toList());
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  String describe() {
    return name + (process.isAlive() ? " (pid " + process.pid() + ")" : " (exited with " + process.exitValue() + ")")
        + ", log " + log;
  }
}
