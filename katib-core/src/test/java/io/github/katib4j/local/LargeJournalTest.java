package io.github.katib4j.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Trial;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal larger than the heap of the JVM that reads it: an experiment whose trials logged many metric records (each
 * one journal record) is run here, then read back (find, get, trials, suggestion) and resumed in a child JVM with a
 * heap smaller than the journal, as {@code java -Xmx48m -jar katib.jar report DIR} reads an experiment that same heap
 * ran. Readers stream the journal and fold each record into what they show, rather than holding every record.
 */
class LargeJournalTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(300);
  /** Steps per trial; each step reports two metrics, two records. */
  static final int STEPS = 75_000;
  /** The child's heap, which the journal's size exceeds. */
  static final int HEAP_MB = 24;

  @TempDir
  Path dir;

  static Experiment experiment() {
    return LocalKatibTest.quadratic("chatty").parallelTrialCount(1).maxTrialCount(2).build();
  }

  /** Logs the loss and a second metric at every step, as a training loop logs each batch. */
  static final TrialFunction CHATTY = trial -> {
    double x = trial.doubleValue("x");
    double y = trial.doubleValue("y");
    for (int step = 1; step <= STEPS; step++) {
      trial.report(step, Map.of("loss", (x - 1) * (x - 1) + (y + 2) * (y + 2) + 1.0 / step, "lr", 0.1 / step));
    }
    return Map.of();
  };

  /** How a trial reads: its name, condition and objective observation. */
  static String describe(Trial trial) {
    return trial.name() + " " + trial.status().flatMap(s -> s.state()).map(Object::toString).orElse("-") + " "
        + trial.status().flatMap(s -> s.observation()).map(Object::toString).orElse("-");
  }

  /** The child: reads the experiment in {@code args[0]} as every reader does, then resumes it. */
  public static void main(String[] args) {
    ExperimentRef ref = ExperimentRef.of("default", "chatty");
    try (LocalKatib katib = LocalKatib.builder().directory(Path.of(args[0]))
        .notes(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build()) {
      Experiment found = katib.find(ref).orElseThrow();
      System.out.println("found: " + found.status().orElseThrow().trialsSucceeded() + " succeeded");
      katib.get(ref);
      katib.suggestion(ref);
      katib.trials(ref).forEach(t -> System.out.println("trial: " + describe(t)));
      katib.resume(ref, CHATTY);
      Experiment resumed = katib.awaitTrials(ref, TIMEOUT);
      System.out.println("resumed: " + resumed.status().orElseThrow().trialsSucceeded() + " succeeded");
    }
  }

  @Test
  void aJournalLargerThanTheHeap_isReadAndResumed_inAJvmWithThatHeap() throws Exception {
    List<String> expected;
    Path journal;
    try (LocalKatib writer = LocalKatib.builder().directory(dir).seed(5)
        .notes(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build()) {
      Experiment done = writer.run(experiment(), CHATTY, TIMEOUT);
      expected = writer.trials(ExperimentRef.of(done)).stream().map(t -> "trial: " + describe(t))
          .collect(Collectors.toList());
      journal = writer.directory(ExperimentRef.of(done)).resolve("journal.log");
    }
    assertThat(expected).hasSize(2);
    assertThat(Files.size(journal)).as("the journal is larger than the child's heap")
        .isGreaterThan(HEAP_MB << 20);
    String before = Files.readString(journal);

    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + HEAP_MB + "m", "-cp", System.getProperty("java.class.path"), LargeJournalTest.class.getName(),
        dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log);

    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).as(output).contains("found: 2 succeeded").contains(expected).contains("resumed: 2 succeeded")
        .doesNotContain("OutOfMemoryError");
    // Resuming a completed experiment adds a record, and changes none.
    assertThat(Files.readString(journal)).startsWith(before);
  }
}
