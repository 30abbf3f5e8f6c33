package io.github.katib4j.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs an engine in a JVM whose files may not grow past 64 blocks ({@code ulimit -f}), as a full disk would stop them,
 * while its trials' processes keep printing metrics: the engine must stop the experiment at once with an error naming
 * the journal, leave no trial process running, and keep every record written before, so that the experiment resumes
 * and completes once the journal can grow again.
 */
class JournalFailureIT {
  static final Pattern START = Pattern.compile("\"record\":\"start\".*\"pid\":(\\d+)");

  @TempDir
  Path dir;

  /**
   * Three trials at once, each printing its loss every 50 ms until {@code marker} exists; then it prints it once and
   * ends.
   */
  static Experiment experiment(Path marker) {
    return CommandExperiments.randomOverX("filling", 3, 3,
        "[/bin/sh, -c, 'if [ -e \"$0\" ]; then echo loss=$1; else while :; do echo loss=$1; sleep 0.05; done; fi']",
        "['" + marker + "', '${trialParameters.x}']");
  }

  /**
   * Runs in the limited JVM: prints how the run ended and, after a read of the experiment, what waiting for it again
   * gives; exits with 3 when the engine stopped it with an error.
   */
  public static void main(String[] args) throws Exception {
    String outcome = null;
    try (LocalKatib katib = LocalKatib.builder().directory(Path.of(args[0])).seed(5).build()) {
      try {
        katib.run(experiment(Path.of(args[1])), Duration.ofSeconds(60));
      } catch (KatibException e) {
        outcome = e.getMessage();
        ExperimentRef ref = ExperimentRef.of("default", "filling");
        katib.find(ref);
        try {
          katib.awaitCompletion(ref, Duration.ofSeconds(5));
          System.out.println("waited again: completed");
        } catch (KatibException again) {
          System.out.println("waited again: " + again.getMessage());
        }
      }
    }
    System.out.println(outcome == null ? "completed" : "error: " + outcome);
    System.exit(outcome == null ? 0 : 3);
  }

  @Test
  void journalCannotGrow_stopsTheExperimentAtOnce_killsItsProcesses_andResumeCompletesIt() throws Exception {
    Path engineDir = dir.resolve("engine");
    Path marker = dir.resolve("marker");
    Path output = dir.resolve("engine.log");
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -f 64 && exec \"$0\" \"$@\"",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), JournalFailureIT.class.getName(), engineDir.toString(),
        marker.toString()));
    long started = System.nanoTime();
    Process engine = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      assertThat(engine.waitFor(90, TimeUnit.SECONDS)).as("the engine JVM ended").isTrue();
    } finally {
      engine.destroyForcibly();
    }
    String log = Files.readString(output);
    assertThat(engine.exitValue()).as(log).isEqualTo(3);
    assertThat(log).contains("error: Experiment default/filling stopped: cannot write the journal")
        .contains("File too large").contains("resume it")
        // A read in between does not hide why the run stopped from a later wait.
        .contains("waited again: Experiment default/filling stopped: cannot write the journal");
    // Stopped because of the journal, not when run() gave up waiting after 60 s.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(50));

    Path journal = engineDir.resolve("default").resolve("filling").resolve("journal.log");
    List<Long> pids = new ArrayList<>();
    Matcher start = START.matcher(Files.readString(journal));
    while (start.find()) {
      pids.add(Long.parseLong(start.group(1)));
    }
    assertThat(pids).as("trial processes started before the journal filled").isNotEmpty();
    List<ProcessHandle> running = pids.stream().flatMap(pid -> ProcessHandle.of(pid).stream())
        .filter(ProcessHandle::isAlive).toList();
    running.forEach(ProcessHandle::destroyForcibly);
    assertThat(running).as("trial processes still running after the engine stopped").isEmpty();

    Files.createFile(marker);
    try (LocalKatib katib = LocalKatib.builder().directory(engineDir).build()) {
      ExperimentRef ref = ExperimentRef.of("default", "filling");
      katib.resume(ref);
      Experiment done = katib.awaitCompletion(ref, Duration.ofSeconds(60));
      assertThat(done.status().orElseThrow().isSucceeded()).isTrue();
      List<Trial> trials = katib.trials(ref);
      assertThat(trials).hasSize(3).allSatisfy(t -> assertThat(t.status().orElseThrow()
          .is(TrialConditionType.SUCCEEDED)).isTrue());
    }
  }
}
