package io.github.katib4j.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real engine JVM with SIGKILL in the middle of a trial, resumes the experiment here, and checks that nothing
 * was lost: every trial completed before the kill is kept as it was, the one in flight runs again, the budget
 * continues, and the search proposes exactly what an uninterrupted run with the same seed proposes.
 */
class KillAndResumeIT {
  static final long SEED = 20240601L;
  static final int TRIALS = 12;

  @TempDir
  Path dir;

  /** TPE, one trial at a time, so the proposals depend on results and their order is deterministic. */
  static Experiment experiment() {
    return Experiment.builder()
        .name("killed")
        .objective(Objective.minimize("loss"))
        .algorithm(Algorithm.tpe())
        .parameters(Parameter.doubleRange("x", -4, 4), Parameter.doubleRange("y", -4, 4))
        .parallelTrialCount(1)
        .maxTrialCount(TRIALS)
        .build();
  }

  static final TrialFunction SLOW_QUADRATIC = trial -> {
    double x = trial.doubleValue("x");
    double y = trial.doubleValue("y");
    for (int step = 1; step <= 4; step++) {
      Thread.sleep(60);
      trial.report(step, Map.of("loss", (x - 1) * (x - 1) + (y + 1) * (y + 1) + 1.0 / step));
    }
    return Map.of();
  };

  /**
   * One process trial that sleeps for five minutes unless the file given as its argument exists, in which case it
   * prints its loss at once.
   */
  static Experiment processExperiment(Path marker) {
    return CommandExperiments.randomOverX("orphaned", 1, 1,
        "[/bin/sh, -c, 'if [ -e \"$0\" ]; then echo loss=$1; else exec sleep 300; fi']",
        "['" + marker + "', '${trialParameters.x}']");
  }

  /**
   * One process trial that, unless the file given as its argument exists, prints loss=0.001 and then a tick every
   * 50 ms forever; when the file exists, it prints loss 5, 6 and 7 and ends.
   */
  static Experiment rerunExperiment(Path marker) {
    return CommandExperiments.randomOverX("rerun", 1, 1,
        "[/bin/sh, -c, 'if [ -e \"$0\" ]; then for l in 5 6 7; do echo loss=$l; done; else echo loss=0.001;"
            + " while true; do echo tick; sleep 0.05; done; fi']",
        "['" + marker + "', '${trialParameters.x}']");
  }

  /**
   * One process trial that, unless the file given as its argument exists, prints loss=0.001, kills its engine (its
   * parent) with SIGKILL at once, well within the group commit's 20 ms that make the trial's start record durable, and
   * goes on printing loss=0.001 every 50 ms; when the file exists, it prints loss=5 after 0.3 s and ends.
   */
  static Experiment selfKillExperiment(Path marker) {
    return CommandExperiments.randomOverX("selfkill", 1, 1,
        "[/bin/sh, -c, 'if [ -e \"$0\" ]; then sleep 0.3; echo loss=5; else echo loss=0.001; kill -9 $PPID;"
            + " while true; do echo loss=0.001; sleep 0.05; done; fi']",
        "['" + marker + "', '${trialParameters.x}']");
  }

  /**
   * Runs in the JVM the test kills: starts the experiment (a process one when given a marker file, {@link
   * #rerunExperiment} when also given "rerun", {@link #selfKillExperiment} when given "selfkill") and waits.
   */
  public static void main(String[] args) throws Exception {
    LocalKatib katib = LocalKatib.builder().directory(Path.of(args[0])).seed(SEED).build();
    if (args.length > 2 && args[2].equals("selfkill")) {
      katib.create(selfKillExperiment(Path.of(args[1])));
    } else if (args.length > 2) {
      katib.create(rerunExperiment(Path.of(args[1])));
    } else if (args.length > 1) {
      katib.create(processExperiment(Path.of(args[1])));
    } else {
      katib.create(experiment(), SLOW_QUADRATIC);
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  private Process startEngine(Path directory, String... more) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), KillAndResumeIT.class.getName(), directory.toString()));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(directory.getFileName() + ".log").toFile()).start();
  }

  private static void kill(Process engine) throws Exception {
    engine.destroyForcibly();
    assertThat(engine.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(engine.exitValue()).isEqualTo(137);
  }

  @Test
  void killDashNine_thenResume_killsTheTrialProcessTheEngineLeftRunning() throws Exception {
    Path killedDir = dir.resolve("orphaned");
    Path marker = dir.resolve("resumed");
    Process engine = startEngine(killedDir, marker.toString());
    Path journal = killedDir.resolve("default").resolve("orphaned").resolve("journal.log");
    Pattern startRecord = Pattern.compile("\"record\":\"start\".*\"pid\":(\\d+)");
    try {
      waitFor(() -> Files.exists(journal) && startRecord.matcher(Files.readString(journal)).find(),
          Duration.ofSeconds(60));
    } finally {
      kill(engine);
    }
    Matcher start = startRecord.matcher(Files.readString(journal));
    assertThat(start.find()).isTrue();
    long pid = Long.parseLong(start.group(1));
    ProcessHandle orphan = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the trial process " + pid
        + " should outlive its engine"));
    Files.createFile(marker);

    try (LocalKatib katib = LocalKatib.builder().directory(killedDir).build()) {
      ExperimentRef ref = ExperimentRef.of("default", "orphaned");
      katib.resume(ref);
      orphan.onExit().get(20, TimeUnit.SECONDS);
      Experiment done = katib.awaitCompletion(ref, Duration.ofSeconds(60));
      assertThat(done.status().orElseThrow().trialsSucceeded()).isEqualTo(1);
    } finally {
      orphan.destroyForcibly();
    }
  }

  @Test
  void killDashNine_thenResume_rerunCountsOnlyItsOwnValues_andTheInterruptedAttemptsFilesAreKept() throws Exception {
    Path killedDir = dir.resolve("rerun");
    Path marker = dir.resolve("rerun-marker");
    Process engine = startEngine(killedDir, marker.toString(), "rerun");
    Path experimentDir = killedDir.resolve("default").resolve("rerun");
    Path journal = experimentDir.resolve("journal.log");
    try {
      waitFor(() -> Files.exists(journal) && Files.readString(journal).contains("\"value\":\"0.001\""),
          Duration.ofSeconds(60));
    } finally {
      kill(engine);
    }
    Files.createFile(marker);
    StringWriter notes = new StringWriter();

    Trial trial;
    try (LocalKatib katib = LocalKatib.builder().directory(killedDir).notes(new PrintWriter(notes, true)).build()) {
      ExperimentRef ref = ExperimentRef.of("default", "rerun");
      katib.resume(ref);
      katib.awaitCompletion(ref, Duration.ofSeconds(60));
      trial = katib.trials(ref).get(0);
    }

    // Katib's rerun is a new pod, with a fresh log and empty volumes: only its own values count.
    var loss = trial.status().orElseThrow().observation().orElseThrow().metric("loss").orElseThrow();
    assertThat(List.of(loss.min(), loss.max(), loss.latest())).containsExactly("5", "7", "7");
    String text = Files.readString(journal);
    List<String> rerunValues = new ArrayList<>();
    Matcher value = Pattern.compile("\"record\":\"metric\".*\"value\":\"([^\"]*)\"")
        .matcher(text.substring(text.lastIndexOf("\"record\":\"resume\"")));
    while (value.find()) {
      rerunValues.add(value.group(1));
    }
    assertThat(rerunValues).as("the metric records after the resume, which medianstop and a replay read")
        .containsExactly("5", "6", "7");
    Path trialDir = experimentDir.resolve("trials").resolve(trial.name());
    assertThat(Files.readString(trialDir.resolve("stdout.log"))).isEqualTo("loss=5\nloss=6\nloss=7\n");
    Path kept = experimentDir.resolve("interrupted-attempts").resolve(trial.name()).resolve("attempt-1");
    assertThat(Files.readString(kept.resolve("stdout.log"))).startsWith("loss=0.001\ntick\n");
    assertThat(notes.toString()).contains(trial.name() + ": attempt 1 was interrupted when the engine stopped; its"
        + " files (output, metrics, everything in its folder) are kept in " + kept);
  }

  @Test
  void killDashNineBeforeTheStartIsDurable_thenResume_stopsTheOldProcessFirst_andRerunsInAnEmptyFolder()
      throws Exception {
    Path killedDir = dir.resolve("selfkill");
    Path marker = dir.resolve("selfkill-marker");
    Process engine = startEngine(killedDir, marker.toString(), "selfkill");
    assertThat(engine.waitFor(60, TimeUnit.SECONDS)).as("the engine killed by its trial").isTrue();
    assertThat(engine.exitValue()).isEqualTo(137);
    Path experimentDir = killedDir.resolve("default").resolve("selfkill");
    Path journal = experimentDir.resolve("journal.log");
    String before = Files.readString(journal);
    Files.createFile(marker);
    StringWriter notes = new StringWriter();

    Trial trial;
    try (LocalKatib katib = LocalKatib.builder().directory(killedDir).notes(new PrintWriter(notes, true)).build()) {
      ExperimentRef ref = ExperimentRef.of("default", "selfkill");
      katib.resume(ref);
      katib.awaitCompletion(ref, Duration.ofSeconds(60));
      trial = katib.trials(ref).get(0);
    }

    String context = "journal at the kill: " + before + "; notes: " + notes;
    var loss = trial.status().orElseThrow().observation().orElseThrow().metric("loss").orElseThrow();
    assertThat(List.of(loss.min(), loss.max(), loss.latest())).as(context).containsExactly("5", "5", "5");
    Path trialDir = experimentDir.resolve("trials").resolve(trial.name());
    assertThat(Files.readString(trialDir.resolve("stdout.log"))).as(context).isEqualTo("loss=5\n");
    Path kept = experimentDir.resolve("interrupted-attempts").resolve(trial.name()).resolve("attempt-1");
    assertThat(Files.readString(kept.resolve("stdout.log"))).as(context).startsWith("loss=0.001\n");
    assertThat(notes.toString()).as(context).contains(trial.name() + ": stopped ").contains(" its command left running"
        + " (found when the experiment resumed)").contains(trial.name() + ": attempt 1 was interrupted when the"
        + " engine stopped; its files (output, metrics, everything in its folder) are kept in " + kept);
    String after = Files.readString(journal);
    assertThat(after.substring(after.lastIndexOf("\"record\":\"resume\""))).as(context)
        .contains("\"record\":\"start\"").containsPattern("\"attempt\":2\\b");
  }

  @Test
  void killDashNine_thenResume_losesNothingAndProposesWhatItWouldHave() throws Exception {
    Path killedDir = dir.resolve("killed");
    Process engine = startEngine(killedDir);
    ExperimentRef ref = ExperimentRef.of("default", "killed");
    Path journal = killedDir.resolve("default").resolve("killed").resolve("journal.log");
    try {
      waitFor(() -> Files.exists(journal) && Files.readString(journal).split("\"record\":\"end\"").length > 5,
          Duration.ofSeconds(60));
      // Wait until a trial is in flight, then kill without warning.
      waitFor(() -> {
        String text = Files.readString(journal);
        return text.lastIndexOf("\"record\":\"start\"") > text.lastIndexOf("\"record\":\"end\"");
      }, Duration.ofSeconds(20));
    } finally {
      kill(engine);
    }

    List<Trial> beforeResume;
    try (LocalKatib reader = LocalKatib.builder().directory(killedDir).build()) {
      beforeResume = reader.trials(ref);
    }
    List<Trial> completedBefore = beforeResume.stream().filter(t -> t.status().orElseThrow().isCompleted())
        .collect(Collectors.toList());
    assertThat(completedBefore).hasSizeGreaterThanOrEqualTo(5).hasSizeLessThan(TRIALS);
    assertThat(beforeResume).anySatisfy(t -> assertThat(t.status().orElseThrow().is(TrialConditionType.RUNNING))
        .isTrue());

    List<Trial> resumed;
    try (LocalKatib katib = LocalKatib.builder().directory(killedDir).build()) {
      katib.resume(ref, SLOW_QUADRATIC);
      Experiment done = katib.awaitCompletion(ref, Duration.ofSeconds(120));
      assertThat(done.status().orElseThrow().isSucceeded()).isTrue();
      assertThat(done.status().orElseThrow().trials()).isEqualTo(TRIALS);
      resumed = katib.trials(ref);
    }
    List<Trial> uninterrupted;
    try (LocalKatib katib = LocalKatib.builder().directory(dir.resolve("reference")).seed(SEED).build()) {
      Experiment done = katib.run(experiment(), SLOW_QUADRATIC, Duration.ofSeconds(120));
      uninterrupted = katib.trials(ExperimentRef.of(done));
    }

    for (Trial before : completedBefore) {
      Trial after = resumed.stream().filter(t -> t.name().equals(before.name())).findFirst().orElseThrow();
      assertThat(after.spec().parameterAssignments()).isEqualTo(before.spec().parameterAssignments());
      assertThat(after.status().orElseThrow().observation()).isEqualTo(before.status().orElseThrow().observation());
      assertThat(after.status().orElseThrow().completionTime()).isEqualTo(before.status().orElseThrow()
          .completionTime());
    }
    assertThat(names(resumed)).isEqualTo(names(uninterrupted));
    assertThat(assignments(resumed)).isEqualTo(assignments(uninterrupted));
    assertThat(resumed).allSatisfy(t -> assertThat(t.status().orElseThrow().is(TrialConditionType.SUCCEEDED))
        .isTrue());
  }

  private static List<String> names(List<Trial> trials) {
    return trials.stream().map(Trial::name).collect(Collectors.toList());
  }

  private static List<String> assignments(List<Trial> trials) {
    List<String> list = new ArrayList<>();
    trials.forEach(t -> list.add(t.spec().parameterAssignments().toString()));
    return list;
  }

  interface Check {
    boolean holds() throws Exception;
  }

  /** Waits until {@code check} holds, polling every 20 ms; fails after {@code timeout} (DeleteHeldExperimentIT too). */
  static void waitFor(Check check, Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not reached within " + timeout);
      }
      Thread.sleep(20);
    }
  }
}
