package io.github.katib4j.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a process trial's poll learns of its command's children, with real processes: a command caught as it exits has
 * had its children reparented already, and must not be taken for one that never had any.
 */
class TrialProcessesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final List<Long> pids = new ArrayList<>();

  @BeforeEach
  void linuxOnly() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "needs Linux's /proc");
  }

  @AfterEach
  void stopAll() {
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  @Test
  void commandThatExitedButWasNotWaitedFor_keepsTheChildrenThePreviousPollSaw() throws Exception {
    // The inner sh starts a sleep in the background, says its pid and the sleep's, and exits once told to (a line on
    // fd 3: a background command's standard input is /dev/null). Its parent, the outer sh, has become a sleep by then
    // and never waits for it, so it stays a zombie, as a trial's command is between its exit and the JDK's wait.
    Process outer = new ProcessBuilder("/bin/sh", "-c", "exec 3<&0; /bin/sh -c 'sleep 30.7 & echo $$ $!; read x <&3'"
        + " & exec sleep 30.6").redirectErrorStream(true).start();
    pids.add(outer.pid());
    BufferedReader out = new BufferedReader(new InputStreamReader(outer.getInputStream(), StandardCharsets.UTF_8));
    String[] said = out.readLine().split(" ");
    long inner = Long.parseLong(said[0]);
    pids.add(Long.parseLong(said[1]));
    awaitState(outer.pid(), "sleep", 'S');
    assertThat(TrialProcesses.hasChildren(inner, false)).as("running with a child").isTrue();

    outer.getOutputStream().write('\n');
    outer.getOutputStream().flush();
    awaitState(inner, "sh", 'Z');

    assertThat(TrialProcesses.hasChildren(inner, true)).as("a zombie after a poll that saw its child").isTrue();
    assertThat(TrialProcesses.hasChildren(inner, false)).as("a zombie after a poll that saw no child").isFalse();
  }

  @Test
  void commandAlreadyWaitedFor_keepsTheAnswerOfThePreviousPoll() throws Exception {
    Process command = new ProcessBuilder("/bin/sh", "-c", "exit 0").start();
    command.waitFor();

    assertThat(TrialProcesses.hasChildren(command.pid(), true)).isTrue();
    assertThat(TrialProcesses.hasChildren(command.pid(), false)).isFalse();
  }

  @Test
  void runningCommandWithoutChildren_hasNone_whateverThePreviousPollSaw() throws Exception {
    Process command = new ProcessBuilder("sleep", "30.5").start();
    pids.add(command.pid());
    awaitState(command.pid(), "sleep", 'S');

    assertThat(TrialProcesses.hasChildren(command.pid(), true)).isFalse();
    assertThat(TrialProcesses.hasChildren(command.pid(), false)).isFalse();
  }

  /** Waits until process {@code pid} runs {@code command} and is in {@code state} ("S" sleeping, "Z" zombie). */
  private static void awaitState(long pid, String command, char state) throws IOException, InterruptedException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    long until = System.nanoTime() + TIMEOUT.toNanos();
    String last = "";
    while (System.nanoTime() < until) {
      last = Files.readString(stat, StandardCharsets.UTF_8);
      if (last.contains("(" + command + ") " + state + " ")) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("process " + pid + " did not become (" + command + ") " + state + ": " + last);
  }
}
