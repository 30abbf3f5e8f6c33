package io.github.katib4j.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.katib4j.ExperimentFailedException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.EarlyStopping;
import io.github.katib4j.experiment.EarlyStoppingRule;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ExperimentConditionType;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.experiment.TrialStatus;
import io.github.katib4j.internal.metrics.EventWriter;
import io.github.katib4j.internal.metrics.TextMetricsParser;
import io.github.katib4j.search.Suggesters;
import io.github.katib4j.testing.OpenFiles;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Trials as real processes: the shell script src/test/resources/local/train.sh, run without a shell in between. */
class ProcessTrialsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String TRAIN = Path.of("src/test/resources/local/train.sh").toAbsolutePath().toString();

  @TempDir
  Path dir;

  private LocalKatib katib;

  @BeforeEach
  void engine() {
    katib = LocalKatib.builder().directory(dir).seed(11).build();
  }

  @AfterEach
  void close() {
    katib.close();
  }

  /** An experiment over x and y whose trials run train.sh with these extra arguments. */
  static Experiment experiment(String name, String collector, String extraArgs, String templateExtra,
      int maxTrials) {
    String yaml = String.join("\n",
        "apiVersion: kubeflow.org/v1beta1",
        "kind: Experiment",
        "metadata: {name: " + name + "}",
        "spec:",
        "  objective: {type: minimize, objectiveMetricName: loss, additionalMetricNames: [accuracy]}",
        "  algorithm: {algorithmName: random}",
        "  parallelTrialCount: " + Math.min(2, maxTrials),
        "  maxTrialCount: " + maxTrials,
        "  maxFailedTrialCount: " + maxTrials,
        collector,
        "  parameters:",
        "    - {name: x, parameterType: double, feasibleSpace: {min: '-3', max: '3'}}",
        "    - {name: 'y', parameterType: double, feasibleSpace: {min: '-3', max: '3'}}",
        "  trialTemplate:",
        "    primaryContainerName: training",
        "    trialParameters:",
        "      - {name: x, reference: x}",
        "      - {name: 'y', reference: 'y'}",
        "    trialSpec:",
        "      apiVersion: batch/v1",
        "      kind: Job",
        "      spec:",
        templateExtra,
        "        template:",
        "          spec:",
        "            restartPolicy: Never",
        "            containers:",
        "              - name: training",
        "                image: registry.example.com/train:1.0",
        "                command: [" + TRAIN + "]",
        "                args: ['--x=${trialParameters.x}', '--y=${trialParameters.y}'" + extraArgs + "]",
        "");
    return KatibCodec.create().readExperiment(yaml);
  }

  private static TrialStatus status(Trial trial) {
    return trial.status().orElseThrow();
  }

  @Test
  void stdOut_collectsMetricsFromTheProcessOutput_asKatibsDefaultFilter() throws Exception {
    Experiment done = katib.run(experiment("stdout", "", ", '--epochs=3'", "", 4), TIMEOUT);

    assertThat(done.status().orElseThrow().isSucceeded()).isTrue();
    List<Trial> trials = katib.trials(ExperimentRef.of(done));
    assertThat(trials).hasSize(4).allSatisfy(t -> {
      assertThat(status(t).is(TrialConditionType.SUCCEEDED)).isTrue();
      var loss = status(t).observation().orElseThrow().metric("loss").orElseThrow();
      assertThat(loss.minValue().orElseThrow()).isLessThan(loss.maxValue().orElseThrow());
      assertThat(loss.latest()).isEqualTo(loss.min());
      assertThat(t.spec().runSpec()).isPresent();
    });
    Path log = katib.directory(ExperimentRef.of(done)).resolve("trials").resolve(trials.get(0).name())
        .resolve("stdout.log");
    assertThat(Files.readString(log)).contains("trial " + trials.get(0).name() + " in ")
        .contains("epoch=3 loss=");
    // Without pbt's suggestion_trial_dir Katib mounts no checkpoint folder, and neither does the local engine.
    try (var files = Files.list(log.getParent())) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("stdout.log");
    }
    assertNoTrialFileOpen(katib.directory(ExperimentRef.of(done)));
  }

  /** The collector reads each trial's output through a file it keeps open while the trial runs, and only then. */
  private static void assertNoTrialFileOpen(Path experimentDirectory) throws Exception {
    if (OpenFiles.visible()) {
      Path trials = experimentDirectory.resolve("trials").toRealPath();
      assertThat(OpenFiles.list()).noneMatch(file -> file.startsWith(trials));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", FILE_COLLECTOR})
  void trialsFolder_holdsOneFolderPerTrial_whenTheGoalEndsTheExperimentEarly(String collector) throws Exception {
    Experiment one = experiment("goal", collector, collector.isEmpty() ? "" : ", '--metrics-file=/var/log/katib/m'",
        "", 6);
    ExperimentSpec spec = one.spec().withParallelTrialCount(1)
        .withObjective(one.spec().objective().orElseThrow().withGoal(1000.0));

    Experiment done = katib.run(one.withSpec(spec), TIMEOUT);

    assertThat(done.status().orElseThrow().trials()).isEqualTo(1);
    // While a trial's process runs, the engine makes the next trial's folder and sets up its collector, which for a
    // File collector makes the folder Katib would mount; the goal means no next trial, and none of it stays.
    try (var folders = Files.list(katib.directory(ExperimentRef.of(done)).resolve("trials"))) {
      assertThat(folders.map(f -> f.getFileName().toString()))
          .containsExactly(katib.trials(ExperimentRef.of(done)).get(0).name());
    }
  }

  private static final String FILE_COLLECTOR = "  metricsCollectorSpec:\n    collector: {kind: File}\n"
      + "    source: {fileSystemPath: {path: /var/log/katib/m, kind: File, format: TEXT}}";

  /** The experiment of {@link #experiment} with one trial at a time. */
  private static Experiment oneAtATime(String name, String extraArgs, int maxTrials) {
    Experiment experiment = experiment(name, "", extraArgs, "", maxTrials);
    return experiment.withSpec(experiment.spec().withParallelTrialCount(1));
  }

  @Test
  void oneAtATime_eachTrialRunsItsOwnProposal_inTheAlgorithmsOrder() throws Exception {
    // Random search ignores results, so while a trial runs the engine asks for the next proposal and sets up its
    // process; what runs is still the algorithm's sequence, each trial with its own name, folder and values.
    Experiment done = katib.run(oneAtATime("ahead", "", 5), TIMEOUT);

    List<Trial> trials = katib.trials(ExperimentRef.of(done));
    assertThat(trials).extracting(t -> t.spec().parameterAssignments()).containsExactlyElementsOf(
        Suggesters.create(done.spec(), 11).ask(5).stream().map(p -> p.assignment().toWire()).toList());
    Path trialsDir = katib.directory(ExperimentRef.of(done)).resolve("trials");
    for (Trial t : trials) {
      String values = "x=" + t.spec().assignment("x").orElseThrow() + " y=" + t.spec().assignment("y").orElseThrow();
      assertThat(Files.readString(trialsDir.resolve(t.name()).resolve("stdout.log")))
          .contains("trial " + t.name() + " in " + trialsDir.resolve(t.name()) + " with " + values);
      assertThat(KatibCodec.create().toJson(t))
          .contains("--x=" + t.spec().assignment("x").orElseThrow());
    }
  }

  @Test
  void oneAtATime_grid_endsWhenEveryCombinationRan_leavingNoSpareFolder() throws Exception {
    String yaml = KatibCodec.create().toYaml(oneAtATime("grid", "", 20))
        .replace("algorithmName: random", "algorithmName: grid")
        .replace("  maxTrialCount: 20\n", "")
        .replace("min: \"-3\"", "min: \"-3\"\n        step: \"3\"");

    Experiment done = katib.run(KatibCodec.create().readExperiment(yaml), TIMEOUT);

    assertThat(done.status().orElseThrow().condition(ExperimentConditionType.SUCCEEDED).orElseThrow().reason())
        .isEqualTo("ExperimentSuggestionEndReached");
    List<Trial> trials = katib.trials(ExperimentRef.of(done));
    assertThat(trials).hasSize(9);
    assertThat(trials.stream().map(t -> t.spec().parameterAssignments()).distinct()).hasSize(9);
    try (var folders = Files.list(katib.directory(ExperimentRef.of(done)).resolve("trials"))) {
      assertThat(folders.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(trials.stream().map(Trial::name).toList());
    }
  }

  @Test
  void oneAtATime_stoppedAndResumed_runsWhatAnUninterruptedRunRuns() throws Exception {
    Experiment experiment = oneAtATime("resumed", ", '--sleep=0.2'", 6);
    ExperimentRef ref = ExperimentRef.of(katib.create(experiment));
    long until = System.nanoTime() + TIMEOUT.toNanos();
    while (katib.find(ref).orElseThrow().status().orElseThrow().trialsSucceeded() < 2) {
      assertThat(System.nanoTime()).as("two trials succeeded in time").isLessThan(until);
      Thread.sleep(20);
    }
    // Stopped while its third trial runs, most often with the fourth already asked for and set up.
    katib.stop(ref);
    katib.resume(ref);
    katib.awaitCompletion(ref, TIMEOUT);
    List<Trial> resumed = katib.trials(ref);

    List<Trial> uninterrupted;
    try (LocalKatib reference = LocalKatib.builder().directory(dir.resolve("reference")).seed(11).build()) {
      uninterrupted = reference.trials(ExperimentRef.of(reference.run(experiment, TIMEOUT)));
    }
    assertThat(resumed).extracting(Trial::name).containsExactlyElementsOf(
        uninterrupted.stream().map(Trial::name).toList());
    assertThat(resumed).extracting(t -> t.spec().parameterAssignments()).containsExactlyElementsOf(
        uninterrupted.stream().map(t -> t.spec().parameterAssignments()).toList());
    // The journal keeps assignments, not jobs: trials read back from it get the job their template renders to.
    assertThat(resumed).extracting(t -> t.spec().runSpec()).containsExactlyElementsOf(
        uninterrupted.stream().map(t -> t.spec().runSpec()).toList());
    katib.close();
    try (LocalKatib reader = LocalKatib.builder().directory(dir).build()) {
      assertThat(reader.trials(ref)).extracting(t -> t.spec().runSpec()).containsExactlyElementsOf(
          uninterrupted.stream().map(t -> t.spec().runSpec()).toList());
    }
  }

  @Test
  void fileCollector_readsThePathInsideTheTrialDirectory_inTextAndJson() {
    String text = "  metricsCollectorSpec:\n    collector: {kind: File}\n"
        + "    source: {fileSystemPath: {path: /var/log/katib/train.log, kind: File, format: TEXT}}";
    String json = "  metricsCollectorSpec:\n    collector: {kind: File}\n"
        + "    source: {fileSystemPath: {path: /var/log/katib/train.json, kind: File, format: JSON}}";

    Experiment fromText = katib.run(experiment("filetext", text,
        ", '--metrics-file=/var/log/katib/train.log', '--epochs=2'", "", 2), TIMEOUT);
    Experiment fromJson = katib.run(experiment("filejson", json,
        ", '--metrics-file=/var/log/katib/train.json', '--format=JSON', '--epochs=2'", "", 2), TIMEOUT);

    assertThat(fromText.status().orElseThrow().trialsSucceeded()).isEqualTo(2);
    assertThat(fromJson.status().orElseThrow().trialsSucceeded()).isEqualTo(2);
    Trial trial = katib.trials(ExperimentRef.of(fromJson)).get(0);
    assertThat(Files.exists(katib.directory(ExperimentRef.of(fromJson)).resolve("trials").resolve(trial.name())
        .resolve("var/log/katib/train.json"))).isTrue();
  }

  @Test
  void standardInput_isEmptyAsInAPod_soAProgramReadingItGoesOn() {
    Experiment done = katib.run(experiment("stdin", "", ", '--read-stdin'",
        "        activeDeadlineSeconds: 10", 1), TIMEOUT);

    assertThat(done.status().orElseThrow().trialsSucceeded()).isEqualTo(1);
  }

  @Test
  void nonZeroExit_failsTheTrialAsKubernetesJobDoes_notingTheExitCodeLogAndHowItsOutputEnds() {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();

    Throwable thrown = catchThrowable(() -> katib.run(experiment("exits", "", ", '--exit=3'", "", 1), TIMEOUT));

    Trial trial = katib.trials(ExperimentRef.of("default", "exits")).get(0);
    // The Job controller's texts, as Katib's condition carries them on a cluster, so scripts matching them agree.
    Condition failed = status(trial).condition(TrialConditionType.FAILED).orElseThrow();
    assertThat(failed.reason()).isEqualTo("TrialFailed. Job reason: BackoffLimitExceeded");
    assertThat(failed.message())
        .isEqualTo("Trial has failed. Job message: Job has reached the specified backoff limit");
    // Why it failed, with the last line the program wrote (to standard error here); not that a metric is missing.
    String why = "the command exited with code 3; its output is in " + katib.directory(ExperimentRef.of("default",
        "exits")).resolve("trials").resolve(trial.name()).resolve("stdout.log")
        + "; it ends with: train.sh: giving up with exit code 3";
    assertThat(notes.toString()).contains("katib: default/exits: " + trial.name() + ": failed: " + why)
        .doesNotContain("objective metric");
    assertThat(thrown).isInstanceOf(ExperimentFailedException.class);
    assertThat(((ExperimentFailedException) thrown).detail()).hasValue("1 trial failed: " + trial.name() + ": "
        + failed.message() + " (" + why + ")");
  }

  @Test
  void jobAskingForRetries_isNotedOncePerRun_sayingItsCommandRunsOnce_andAJobWithout_isNot() {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();

    catchThrowable(() -> katib.run(experiment("retried", "", ", '--exit=3'", "        backoffLimit: 2", 2), TIMEOUT));
    katib.run(experiment("once", "", "", "        backoffLimit: 0", 1), TIMEOUT);

    // Each failing trial ran its command once and failed at once, where a cluster would have run it up to 3 times.
    assertThat(katib.trials(ExperimentRef.of("default", "retried"))).hasSize(2)
        .allSatisfy(trial -> assertThat(status(trial).is(TrialConditionType.FAILED)).isTrue());
    assertThat(notes.toString()).contains("katib: default/retried: the trials' Job sets backoffLimit: 2: on a cluster"
        + " the Job would replace the failed pod with a new one, up to 2 times")
        .contains("the local engine runs each trial's command once, so a trial fails when its command fails")
        .doesNotContain("default/once: the trials' Job");
    assertThat(notes.toString().split("backoffLimit: 2", -1)).as("noted once per run").hasSize(2);
  }

  @Test
  void shellScriptWithSeveralCommands_isNotedOncePerRunWithWhatKatibRuns() {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();
    Experiment experiment = CommandExperiments.randomOverX("shc", 1, 2, "[sh, -c]",
        "['echo loss=0.1 ${trialParameters.x}; echo acc=0.2']");

    Experiment done = katib.run(experiment, TIMEOUT);

    // Locally both lines reach the collector; on a cluster only the last command's output would.
    assertThat(done.status().orElseThrow().trialsSucceeded()).isEqualTo(2);
    assertThat(notes.toString()).containsPattern("katib: default/shc: shc-\\w+: container \"training\": on a cluster,"
        + " Katib's pod webhook runs sh -c 'echo loss=0.1 0.").contains("; echo acc=0.2 1>/var/log/katib/metrics.log"
        + " 2>&1'").contains("the output of the others never reaches the StdOut collector");
    assertThat(notes.toString().split("Katib's pod webhook runs", -1)).as("noted once per run").hasSize(2);
  }

  @Test
  void failureNote_showsTheOutputsControlCharactersEscaped_soTheTerminalDoesNotActOnThem() {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();
    Experiment experiment = CommandExperiments.randomOverX("controls", 1, 1, "[/bin/sh, -c, 'printf"
        + " \"error:\\tdisk\\033[2J\\007 full\\000!\\rretry\\n\"; exit 3']", "['${trialParameters.x}']");

    Experiment done = katib.run(experiment, TIMEOUT);

    assertThat(done.status().orElseThrow().trialsFailed()).isEqualTo(1);
    assertThat(notes.toString()).contains("; it ends with: error:\tdisk\\u001b[2J\\u0007 full\\u0000!\\rretry")
        .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u0000").doesNotContain("!\r");
  }

  @Test
  void workingDirThatIsNoFolderHere_failsTheTrialNamingIt_inANoteToo_andLeavesNoTrialFileOpen() throws Exception {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();
    KatibCodec codec = KatibCodec.create();
    Experiment experiment = codec.readExperiment(codec.toYaml(experiment("workdir", "", "", "", 1))
        .replace("image: registry.example.com/train:1.0", "image: registry.example.com/train:1.0\n"
            + "                workingDir: no-such-folder"));
    assertThat(codec.toYaml(experiment)).contains("workingDir: no-such-folder");

    assertThatThrownBy(() -> katib.run(experiment, TIMEOUT)).isInstanceOf(ExperimentFailedException.class);

    Trial trial = katib.trials(ExperimentRef.of("default", "workdir")).get(0);
    assertThat(status(trial).condition(TrialConditionType.FAILED).orElseThrow().message())
        .contains("workingDir no-such-folder is not a directory on this machine");
    assertThat(notes.toString()).contains("katib: default/workdir: " + trial.name() + ": failed: the container's "
        + "workingDir no-such-folder is not a directory on this machine");
    // The collector opened the trial's output before the working directory was found missing.
    assertNoTrialFileOpen(katib.directory(ExperimentRef.of("default", "workdir")));
  }

  @Test
  void scriptThatIsNotExecutable_failsTheTrialSayingSoAndHowToFixIt() throws Exception {
    Path script = Files.copy(Path.of(TRAIN), dir.resolve("train.sh"));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    KatibCodec codec = KatibCodec.create();
    Experiment experiment = codec.readExperiment(codec.toYaml(experiment("noexec", "", "", "", 1))
        .replace(TRAIN, script.toString()));

    assertThatThrownBy(() -> katib.run(experiment, TIMEOUT)).isInstanceOf(ExperimentFailedException.class)
        .hasMessageContaining(script + " is not executable: make it so (chmod +x " + script + ")");
  }

  @Test
  void activeDeadlineSeconds_killsTheWholeProcessTree() {
    long before = System.nanoTime();

    assertThatThrownBy(() -> katib.run(experiment("deadline", "", ", '--epochs=100', '--sleep=5'",
        "        activeDeadlineSeconds: 1", 1), TIMEOUT)).isInstanceOf(ExperimentFailedException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
    Trial trial = katib.trials(ExperimentRef.of("default", "deadline")).get(0);
    Condition failed = status(trial).condition(TrialConditionType.FAILED).orElseThrow();
    assertThat(failed.reason()).as(failed.message()).isEqualTo("TrialFailed. Job reason: DeadlineExceeded");
    assertThat(failed.message()).isEqualTo("Trial has failed. Job message: Job was active longer than specified"
        + " deadline");
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep 5")
        && p.parent().flatMap(pp -> pp.info().commandLine()).orElse("").contains("train.sh"))).isEmpty();
  }

  @Test
  void podActiveDeadlineSeconds_failsThePod_soTheJobFailsWithBackoffLimitExceeded_notDeadlineExceeded() {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();
    KatibCodec codec = KatibCodec.create();
    // The pod's deadline is shorter than the job's, so it passes first.
    String yaml = codec.toYaml(experiment("poddeadline", "", ", '--epochs=100', '--sleep=5'",
        "        activeDeadlineSeconds: 60", 1));
    Experiment experiment = codec.readExperiment(yaml.replaceFirst("( *)restartPolicy: Never",
        "$1restartPolicy: Never\n$1activeDeadlineSeconds: 1"));
    assertThat(codec.toYaml(experiment)).contains("activeDeadlineSeconds: 1\n");
    long before = System.nanoTime();

    assertThatThrownBy(() -> katib.run(experiment, TIMEOUT)).isInstanceOf(ExperimentFailedException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
    Trial trial = katib.trials(ExperimentRef.of("default", "poddeadline")).get(0);
    Condition failed = status(trial).condition(TrialConditionType.FAILED).orElseThrow();
    assertThat(failed.reason()).as(failed.message()).isEqualTo("TrialFailed. Job reason: BackoffLimitExceeded");
    assertThat(failed.message())
        .isEqualTo("Trial has failed. Job message: Job has reached the specified backoff limit");
    assertThat(notes.toString()).contains(trial.name() + ": failed: the command ran longer than its pod's"
        + " activeDeadlineSeconds (1 s) and was stopped");
  }

  @Test
  void noMetrics_isMetricsUnavailable_withTheJobsEmptyMessage_andTheMissingMetricInTheDetail() {
    String filter = "  metricsCollectorSpec:\n    collector: {kind: StdOut}\n"
        + "    source: {filter: {metricsFormat: ['(nothing)=(matches)']}}";

    Throwable thrown = catchThrowable(() -> katib.run(experiment("nometrics", filter, "", "", 1), TIMEOUT));

    Trial trial = katib.trials(ExperimentRef.of("default", "nometrics")).get(0);
    assertThat(status(trial).is(TrialConditionType.METRICS_UNAVAILABLE)).isTrue();
    // The job succeeded: its Complete condition has no message for Katib to append (before Kubernetes 1.31).
    Condition unavailable = status(trial).condition(TrialConditionType.METRICS_UNAVAILABLE).orElseThrow();
    assertThat(unavailable.reason()).isEqualTo("MetricsUnavailable");
    assertThat(unavailable.message()).isEqualTo("Metrics are not available");
    assertThat(thrown).isInstanceOf(ExperimentFailedException.class);
    assertThat(((ExperimentFailedException) thrown).detail().orElseThrow())
        .contains("Metrics are not available (").contains("objective metric 'loss' was not found");
  }

  @Test
  void nestedRepetitionFilter_onAVeryLongOutputLine_readsTheValueLikeGo_insteadOfFailingTheTrial() {
    // Under java.util.regex this filter overflowed the stack on the first line, which failed the trial as
    // TrialNotStarted although its process had succeeded; Go's RE2, and RE2/J, match it in linear time.
    Experiment experiment = CommandExperiments.randomOverX("longline", 1, 1, "[/bin/sh, -c, 'printf \"loss \";"
        + " yes a | head -n 20000 | tr \"\\n\" \" \"; echo end; echo \"loss = $0\"']", "['${trialParameters.x}']");
    ExperimentSpec spec = experiment.spec().withMetricsCollectorSpec(MetricsCollector.stdOut()
        .metricsFormat("((?:\\S+\\s*)+)=\\s*(\\S+)"));

    Experiment done = katib.run(experiment.withSpec(spec), TIMEOUT);

    Trial trial = katib.trials(ExperimentRef.of(done)).get(0);
    assertThat(status(trial).is(TrialConditionType.SUCCEEDED)).as(status(trial).toString()).isTrue();
    assertThat(status(trial).observation().orElseThrow().metric("loss").orElseThrow().latest())
        .isEqualTo(trial.spec().assignment("x").orElseThrow());
  }

  @Test
  void collectorFailingUnexpectedly_failsTheTrialSayingWhatFailed_notThatItNeverStarted() throws Exception {
    // A tensor of 100,000 dimensions, each of size 1: katib4j's reading of it recurses once per dimension.
    byte[] dimension = EventWriter.bytesField(2, EventWriter.varintField(1, 1));
    ByteArrayOutputStream shape = new ByteArrayOutputStream();
    for (int i = 0; i < 100_000; i++) {
      shape.write(dimension);
    }
    byte[] tensor = EventWriter.concat(EventWriter.varintField(1, 1), EventWriter.bytesField(2, shape.toByteArray()),
        EventWriter.fixed32Field(5, Float.floatToIntBits(0.5f)));
    Path events = new EventWriter().tensor("loss", tensor, null, 1, 1_700_000_000)
        .writeTo(dir.resolve("fixture").resolve("events.out.tfevents.1.deep"));
    String collector = "  metricsCollectorSpec:\n    collector: {kind: TensorFlowEvent}\n"
        + "    source: {fileSystemPath: {path: /var/log/katib/tfevent/, kind: Directory}}";
    String yaml = KatibCodec.create().toYaml(experiment("deeptensor", collector, "", "", 1))
        .replace("- " + TRAIN, "- /bin/cp")
        .replace("- --x=${trialParameters.x}", "- " + events)
        .replace("- --y=${trialParameters.y}",
            "- /var/log/katib/tfevent/events.out.tfevents.${trialParameters.x}.${trialParameters.y}");

    Throwable thrown = catchThrowable(() -> katib.run(KatibCodec.create().readExperiment(yaml), TIMEOUT));

    Trial trial = katib.trials(ExperimentRef.of("default", "deeptensor")).get(0);
    Condition failed = status(trial).condition(TrialConditionType.FAILED).orElseThrow();
    assertThat(failed.reason()).isEqualTo("TrialFailed. Job reason: BackoffLimitExceeded");
    assertThat(thrown).isInstanceOf(ExperimentFailedException.class);
    assertThat(((ExperimentFailedException) thrown).detail().orElseThrow())
        .contains("the command exited with code 0, but collecting its metrics failed")
        .contains("java.lang.StackOverflowError").contains("TensorFlowEvent").contains("a katib4j bug");
  }

  @Test
  void fileCollector_metricsFileNeverWritten_failsTheTrialAsKatibsCollectorDoes_sayingHowToFixIt() {
    String collector = "  metricsCollectorSpec:\n    collector: {kind: File}\n"
        + "    source: {fileSystemPath: {path: /var/log/katib/never.log, kind: File, format: TEXT}}";

    Throwable thrown = catchThrowable(() -> katib.run(experiment("nofile", collector, "", "", 1), TIMEOUT));

    Trial trial = katib.trials(ExperimentRef.of("default", "nofile")).get(0);
    Condition failed = status(trial).condition(TrialConditionType.FAILED).orElseThrow();
    // The sidecar's failure fails the pod, and so the Job.
    assertThat(failed.reason()).isEqualTo("TrialFailed. Job reason: BackoffLimitExceeded");
    assertThat(failed.message())
        .isEqualTo("Trial has failed. Job message: Job has reached the specified backoff limit");
    Path local = katib.directory(ExperimentRef.of("default", "nofile")).resolve("trials").resolve(trial.name())
        .resolve("var/log/katib/never.log");
    assertThat(thrown).isInstanceOf(ExperimentFailedException.class);
    assertThat(((ExperimentFailedException) thrown).detail().orElseThrow())
        .contains(failed.message() + " (the command exited with code 0")
        .contains("the metrics file /var/log/katib/never.log (for this trial " + local + ") does not exist")
        .contains("Katib's File collector fails the trial in that case")
        .contains("naming that path in the trial's command, arguments or environment")
        .doesNotContain("cannot be read").doesNotContain("TrialMetrics");
  }

  @Test
  void fileCollector_jsonLineThatIsNoObject_failsTheTrialAsKatibsCollectorDoes() {
    String collector = "  metricsCollectorSpec:\n    collector: {kind: File}\n"
        + "    source: {fileSystemPath: {path: /var/log/katib/m.json, kind: File, format: JSON}}";

    Throwable thrown = catchThrowable(() -> katib.run(experiment("badjson", collector,
        ", '--metrics-file=/var/log/katib/m.json'", "", 1), TIMEOUT));

    Trial trial = katib.trials(ExperimentRef.of("default", "badjson")).get(0);
    Condition failed = status(trial).condition(TrialConditionType.FAILED).orElseThrow();
    assertThat(failed.reason()).isEqualTo("TrialFailed. Job reason: BackoffLimitExceeded");
    assertThat(thrown).isInstanceOf(ExperimentFailedException.class);
    assertThat(((ExperimentFailedException) thrown).detail().orElseThrow())
        .contains("of the JSON metrics file is not a JSON object").contains("sidecar container exits with an error");
  }

  /** Live processes whose environment names {@code trialDirectory} as KATIB_TRIAL_DIR (as the engine finds them). */
  private static List<ProcessHandle> processesOf(Path trialDirectory) {
    String mark = "KATIB_TRIAL_DIR=" + trialDirectory + "\0";
    return ProcessHandle.allProcesses().filter(p -> {
      try {
        return Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"),
            java.nio.charset.StandardCharsets.ISO_8859_1).contains(mark);
      } catch (Exception e) {
        return false;
      }
    }).toList();
  }

  @Test
  void backgroundProcessesOfATrial_areStoppedWhenTheExperimentEnds_andNamedInItsNotes() throws Exception {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();
    Experiment experiment = CommandExperiments.randomOverX("forks", 1, 1, "[/bin/sh, -c, 'echo loss=$0;"
        + " ( sleep 2.13; echo loss=0.01; sleep 30.7 ) & echo parent exiting']", "['${trialParameters.x}']");
    ExperimentRef ref = ExperimentRef.of(katib.create(experiment));

    katib.awaitTrials(ref, TIMEOUT);

    Trial trial = katib.trials(ref).get(0);
    Path trialDirectory = katib.directory(ref).resolve("trials").resolve(trial.name());
    List<ProcessHandle> left = processesOf(trialDirectory);
    left.forEach(ProcessHandle::destroyForcibly);
    assertThat(left).as("processes the trial left running").isEmpty();
    // Found by the sweep that follows a trial's end, or by the experiment's end, whichever looks first.
    assertThat(notes.toString()).containsPattern(trial.name() + ": stopped 2 processes its command left running"
        + " \\(found (when the experiment ended|\\d+ ms after it ended)\\): ").contains("sleep 2.13")
        .contains("in Katib the pod's containers all stop");
    assertThat(Files.readString(trialDirectory.resolve("stdout.log"))).doesNotContain("loss=0.01");
  }

  @Test
  void backgroundProcessOfATrialSeenWithChildren_isStoppedAsTheTrialEnds() throws Exception {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();
    Experiment experiment = CommandExperiments.randomOverX("forkslater", 1, 1, "[/bin/sh, -c, 'sleep 30.8 &"
        + " sleep 0.5; echo loss=$0']", "['${trialParameters.x}']");
    ExperimentRef ref = ExperimentRef.of(katib.create(experiment));

    katib.awaitTrials(ref, TIMEOUT);

    Trial trial = katib.trials(ref).get(0);
    List<ProcessHandle> left = processesOf(katib.directory(ref).resolve("trials").resolve(trial.name()));
    left.forEach(ProcessHandle::destroyForcibly);
    assertThat(left).as("processes the trial left running").isEmpty();
    assertThat(notes.toString()).contains(trial.name() + ": stopped 1 process its command left running (found when it"
        + " ended): ").contains("sleep 30.8");
  }

  @Test
  void backgroundProcessOfATrialThatEndsBeforeTheFirstPoll_isStoppedWithinASecondOrSo_notWhenTheExperimentEnds()
      throws Exception {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();
    Path marker = dir.resolve("first-ran");
    // The first trial starts sleep 30.2 in the background and ends at once, long before a poll could see a child; the
    // second runs for 6 s, so the experiment is far from its end while the first trial's process is looked for.
    Experiment experiment = CommandExperiments.randomOverX("quick", 1, 2, "[/bin/sh, -c, 'if [ -e \"$0\" ]; then"
        + " sleep 6; echo loss=$1; else touch \"$0\"; sleep 30.2 & echo loss=$1; fi']",
        "['" + marker + "', '${trialParameters.x}']");
    ExperimentRef ref = ExperimentRef.of(katib.create(experiment));
    Path trials = katib.directory(ref).resolve("trials");
    long until = System.nanoTime() + TIMEOUT.toNanos();
    while (katib.trials(ref).size() < 2) {
      assertThat(System.nanoTime()).as("the second trial started in time").isLessThan(until);
      Thread.sleep(20);
    }
    Trial first = katib.trials(ref).get(0);
    Path firstDir = trials.resolve(first.name());
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (!processesOf(firstDir).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<ProcessHandle> left = processesOf(firstDir);
    boolean secondRunning = katib.trials(ref).get(1).status().map(st -> st.completionTime().isEmpty()).orElse(true);
    left.forEach(ProcessHandle::destroyForcibly);

    assertThat(left).as("processes the first trial left running, 3 s after the second trial was created").isEmpty();
    assertThat(secondRunning).as("the second trial was still running when the first one's processes were gone")
        .isTrue();
    katib.awaitTrials(ref, TIMEOUT);
    assertThat(notes.toString()).containsPattern(first.name() + ": stopped 1 process its command left running"
        + " \\(found \\d+ ms after it ended\\): \\d+ \\([^)]*sleep 30.2\\)");
  }

  @Test
  void backgroundProcessWhoseTrialFolderIsSpelledAnotherWay_isStoppedToo() throws Exception {
    // The engine is given the directory through a symbolic link, and the process knows its folder by the real path,
    // as a process a crashed run started knows it when the run resumes through a link (or the other way round).
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(link).seed(11).notes(new PrintWriter(notes, true)).build();
    Experiment experiment = CommandExperiments.randomOverX("spelled", 1, 1, "[/bin/sh, -c, '( KATIB_TRIAL_DIR=$(realpath"
        + " \"$KATIB_TRIAL_DIR\") exec sleep 30.6 & ); echo loss=$0']", "['${trialParameters.x}']");
    ExperimentRef ref = ExperimentRef.of(katib.create(experiment));

    katib.awaitTrials(ref, TIMEOUT);

    Trial trial = katib.trials(ref).get(0);
    Path realFolder = real.resolve("default").resolve("spelled").resolve("trials").resolve(trial.name());
    List<ProcessHandle> left = processesOf(realFolder);
    left.forEach(ProcessHandle::destroyForcibly);
    assertThat(left).as("processes the trial left running, their KATIB_TRIAL_DIR the real path " + realFolder
        + " of the engine's " + katib.directory(ref)).isEmpty();
    // A sweep soon after the trial's end may find the subshell before it has become sleep 30.6: one process or two.
    assertThat(notes.toString()).containsPattern(trial.name() + ": stopped \\d+ process(es)? its command left"
        + " running").contains("30.6");
  }

  @Test
  void trialCreatedAgainAfterItsRecordsWereLost_runsInAnEmptyFolder_withTheOldProcessesStoppedBefore()
      throws Exception {
    Path marker = dir.resolve("marker");
    Experiment experiment = CommandExperiments.randomOverX("lost", 1, 2, "[/bin/sh, -c, 'if [ -e \"$0\" ]; then"
        + " sleep 0.3; echo loss=5; else echo loss=0.001; fi']", "['" + marker + "', '${trialParameters.x}']");
    ExperimentRef ref = ExperimentRef.of(katib.create(experiment));
    katib.awaitTrials(ref, TIMEOUT);
    String second = katib.trials(ref).get(1).name();
    Path experimentDir = katib.directory(ref);
    katib.close();
    // The journal loses the second trial's records, as when the engine stops before they are durable or a recovery
    // of the journal cuts them off; its folder and a process it left running, which writes into that folder by its
    // path, remain.
    Path journal = experimentDir.resolve("journal.log");
    String text = Files.readString(journal);
    int cut = text.lastIndexOf('\n', text.indexOf("\"name\":\"" + second + "\"")) + 1;
    assertThat(cut).as("where the second trial's first record starts in " + text).isPositive();
    Files.writeString(journal, text.substring(0, cut));
    Path secondDir = experimentDir.resolve("trials").resolve(second);
    ProcessBuilder leftover = new ProcessBuilder("/bin/sh", "-c",
        "while :; do echo loss=0.002 >> \"$KATIB_TRIAL_DIR/stdout.log\"; sleep 0.05; done");
    leftover.environment().put("KATIB_TRIAL_DIR", secondDir.toString());
    Process old = leftover.start();
    Files.createFile(marker);
    StringWriter notes = new StringWriter();

    try {
      katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();
      katib.resume(ref);
      katib.awaitTrials(ref, TIMEOUT);
    } finally {
      old.destroyForcibly();
    }

    Trial trial = katib.trials(ref).get(1);
    assertThat(trial.name()).isEqualTo(second);
    var loss = status(trial).observation().orElseThrow().metric("loss").orElseThrow();
    assertThat(List.of(loss.min(), loss.max(), loss.latest())).as("notes: " + notes).containsExactly("5", "5", "5");
    assertThat(Files.readString(secondDir.resolve("stdout.log"))).isEqualTo("loss=5\n");
    Path kept = experimentDir.resolve("interrupted-attempts").resolve(second).resolve("unrecorded");
    assertThat(Files.readString(kept.resolve("stdout.log"))).startsWith("loss=0.001\n");
    assertThat(notes.toString()).contains(second + ": stopped ").contains(" its command left running (found when the"
        + " experiment resumed)").contains(second + ": its folder held the files of an attempt the journal has no"
        + " record of").contains("are kept in " + kept);
  }

  @Test
  void orphanOfARunningTrial_isStoppedWhenTheEngineCloses() throws Exception {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();
    // The subshell starts sleep 30.9 and ends, so sleep 30.9 is no descendant of the trial's process any more.
    Experiment experiment = CommandExperiments.randomOverX("orphan", 1, 1, "[/bin/sh, -c, '( sleep 30.9 & );"
        + " echo started; exec sleep 60.1']", "['${trialParameters.x}']");
    ExperimentRef ref = ExperimentRef.of(katib.create(experiment));
    Path trials = katib.directory(ref).resolve("trials");
    long until = System.nanoTime() + TIMEOUT.toNanos();
    while (!Files.isDirectory(trials) || processesOfAny(trials).size() < 2) {
      assertThat(System.nanoTime()).as("the trial started its processes in time").isLessThan(until);
      Thread.sleep(20);
    }

    katib.close();

    List<ProcessHandle> left = processesOfAny(trials);
    left.forEach(ProcessHandle::destroyForcibly);
    assertThat(left).as("processes the trial left running").isEmpty();
    assertThat(notes.toString()).contains(": stopped 1 process its command left running (found when the engine"
        + " closed): ").contains("sleep 30.9");
  }

  /** The engine's grace period between SIGTERM and SIGKILL (ProcessTrial.GRACE). */
  private static final Duration GRACE = Duration.ofSeconds(5);

  /** Trials whose shell and its sleep both ignore SIGTERM, so only SIGKILL after the grace period ends them. */
  private static Experiment ignoringSigterm(String name, int trials) {
    return CommandExperiments.randomOverX(name, trials, trials, "[/bin/sh, -c, 'trap \"\" TERM; echo started;"
        + " sleep 60.2 & wait; sleep 60.2']", "['${trialParameters.x}']");
  }

  /** Waits until {@code count} trials of {@code ref} have started ignoring SIGTERM. */
  private void awaitIgnoringSigterm(ExperimentRef ref, int count) throws Exception {
    Path trials = katib.directory(ref).resolve("trials");
    long until = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      long started = !Files.isDirectory(trials) ? 0 : katib.trials(ref).stream().filter(t -> {
        try {
          Path log = trials.resolve(t.name()).resolve("stdout.log");
          return Files.exists(log) && Files.readString(log).contains("started");
        } catch (java.io.IOException e) {
          return false;
        }
      }).count();
      if (started >= count) {
        return;
      }
      assertThat(System.nanoTime()).as("%d trials started in time", count).isLessThan(until);
      Thread.sleep(20);
    }
  }

  @Test
  void stop_ofTrialsThatIgnoreSigterm_sendsItToAllAtOnce_andKillsThemAfterOneSharedGracePeriod() throws Exception {
    ExperimentRef ref = ExperimentRef.of(katib.create(ignoringSigterm("stubborn", 4)));
    awaitIgnoringSigterm(ref, 4);
    Path trials = katib.directory(ref).resolve("trials");

    long start = System.nanoTime();
    katib.stop(ref);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    List<ProcessHandle> left = processesOfAny(trials);
    left.forEach(ProcessHandle::destroyForcibly);
    assertThat(left).as("trial processes left running").isEmpty();
    // One trial after another took 4 grace periods (20 s).
    assertThat(took).as("time to stop 4 trials that ignore SIGTERM").isGreaterThanOrEqualTo(GRACE)
        .isLessThan(GRACE.multipliedBy(2));
  }

  @Test
  void close_ofSeveralExperiments_stopsTheirTrialsTogether_inOneGracePeriod() throws Exception {
    ExperimentRef first = ExperimentRef.of(katib.create(ignoringSigterm("stubborn-a", 2)));
    ExperimentRef second = ExperimentRef.of(katib.create(ignoringSigterm("stubborn-b", 2)));
    awaitIgnoringSigterm(first, 2);
    awaitIgnoringSigterm(second, 2);
    Path firstTrials = katib.directory(first).resolve("trials");
    Path secondTrials = katib.directory(second).resolve("trials");

    long start = System.nanoTime();
    katib.close();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    List<ProcessHandle> left = new java.util.ArrayList<>(processesOfAny(firstTrials));
    left.addAll(processesOfAny(secondTrials));
    left.forEach(ProcessHandle::destroyForcibly);
    assertThat(left).as("trial processes left running").isEmpty();
    // Closing one experiment after the other took a grace period each, at least.
    assertThat(took).as("time to close 2 experiments of trials that ignore SIGTERM").isGreaterThanOrEqualTo(GRACE)
        .isLessThan(GRACE.multipliedBy(2));
  }

  private static List<ProcessHandle> processesOfAny(Path trials) throws Exception {
    try (var folders = Files.list(trials)) {
      return folders.flatMap(f -> processesOf(f).stream()).toList();
    }
  }

  @Test
  void parameterValues_reachTheProcessAsArgumentsOnly_neverThroughAShell() throws Exception {
    String yaml = KatibCodec.create().toYaml(experiment("safe", "", "", "", 1))
        .replace("parameterType: double", "parameterType: categorical")
        .replace("min: \"-3\"\n        max: \"3\"", "list: [\"1; touch INJECTED\", \"$(touch INJECTED2)\"]");
    Experiment experiment = KatibCodec.create().readExperiment(yaml.replace("feasibleSpace:\n        max: \"3\"\n"
        + "        min: \"-3\"", "feasibleSpace:\n        list: [\"1; touch INJECTED\", \"$(touch INJECTED2)\"]"));
    try (LocalKatib inDir = LocalKatib.builder().directory(dir.resolve("runs")).baseDirectory(dir).seed(1).build()) {
      Experiment created = inDir.create(experiment);
      try {
        inDir.awaitCompletion(ExperimentRef.of(created), TIMEOUT);
      } catch (ExperimentFailedException expected) {
        // awk cannot compute a loss from these values; what matters is what the program was given
      }
      Trial trial = inDir.trials(ExperimentRef.of(created)).get(0);
      String log = Files.readString(inDir.directory(ExperimentRef.of(created)).resolve("trials").resolve(trial.name())
          .resolve("stdout.log"));
      assertThat(log).containsAnyOf("x=1; touch INJECTED", "x=$(touch INJECTED2)");
    }
    assertThat(dir.resolve("INJECTED")).doesNotExist();
    assertThat(dir.resolve("INJECTED2")).doesNotExist();
  }

  @Test
  void containerWithoutCommand_isRejectedBeforeAnyTrialRuns() {
    String yaml = KatibCodec.create().toYaml(experiment("nocommand", "", "", "", 1))
        .replaceAll("(?m)^\\s+command:\\n(\\s+- .*\\n)", "");
    Experiment experiment = KatibCodec.create().readExperiment(yaml);

    assertThatThrownBy(() -> katib.create(experiment))
        .isInstanceOf(KatibException.class)
        .hasMessageContaining("has no command")
        .hasMessageContaining("runs commands, not images");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "collector: {kind: Custom, customCollector: {name: collector, image: collector:1}}|the Custom metrics collector"
          + " is a sidecar container of your own, and the local engine runs no containers",
      "collector: {kind: Push}|with the Push collector a trial sends its metrics to Katib's DB manager itself",
      "collector: {kind: File}\n    source: {fileSystemPath: {path: /var/log/../../../tmp/m.log, kind: File}}|the File"
          + " collector's path /var/log/../../../tmp/m.log climbs above / with '..'|write it without '..' (in a"
          + " container it means /tmp/m.log)"})
  void collectorTheLocalEngineCannotRun_isRefusedBeforeAnyTrialStarts(String collectorAndWhy) {
    String[] parts = collectorAndWhy.split("\\|");
    Experiment experiment = experiment("unrunnable", "  metricsCollectorSpec:\n    " + parts[0], "", "", 2);

    assertThatThrownBy(() -> katib.create(experiment)).isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("[K-local]").hasMessageContainingAll(java.util.Arrays.copyOfRange(parts, 1,
            parts.length));
    assertThat(dir.resolve("default").resolve("unrunnable")).doesNotExist();
  }

  @Test
  void pushCollector_withTrialsRunAsAFunction_stillRuns() {
    Experiment experiment = experiment("pushed", "  metricsCollectorSpec:\n    collector: {kind: Push}", "", "", 2);

    Experiment done = katib.run(experiment, trial -> java.util.Map.of("loss", trial.doubleValue("x"),
        "accuracy", 0.5), TIMEOUT);

    assertThat(done.status().orElseThrow().trialsSucceeded()).isEqualTo(2);
  }

  @Test
  void medianStop_stopsARunningProcessTrial_keepingTheMetricsSoFar_andKillsItsProcess() throws Exception {
    String medianStop = "  earlyStopping:\n    algorithmName: medianstop\n    algorithmSettings:\n"
        + "      - {name: min_trials_required, value: '2'}\n      - {name: start_step, value: '2'}";
    String yaml = KatibCodec.create().toYaml(experiment("stopped", medianStop, ", '--epochs=5', '--sleep=0.15'", "", 4))
        .replace("parallelTrialCount: 2", "parallelTrialCount: 1");
    long before = System.nanoTime();

    Experiment done = katib.run(KatibCodec.create().readExperiment(yaml), TIMEOUT);

    List<Trial> trials = katib.trials(ExperimentRef.of(done));
    assertThat(trials).hasSize(4);
    assertThat(trials.subList(0, 2)).allSatisfy(t -> {
      assertThat(t.spec().earlyStoppingRules()).isEmpty();
      assertThat(status(t).is(TrialConditionType.SUCCEEDED)).isTrue();
    });
    // Once two trials have succeeded, each trial carries medianstop's rule and stops exactly when its best loss at
    // the second epoch is worse than the rule's value; with this seed at least one does.
    for (Trial t : trials.subList(2, 4)) {
      EarlyStoppingRule rule = t.spec().earlyStoppingRules().get(0);
      Path log = katib.directory(ExperimentRef.of(done)).resolve("trials").resolve(t.name())
          .resolve("stdout.log");
      double second = Double.parseDouble(Files.readString(log).lines().filter(l -> l.startsWith("epoch=2 "))
          .findFirst().orElseThrow().replaceAll(".*loss=(\\S+).*", "$1"));
      assertThat(status(t).is(TrialConditionType.EARLY_STOPPED)).as(t.name() + " early stopped")
          .isEqualTo(second > Double.parseDouble(rule.value()));
    }
    Trial stopped = trials.stream().filter(t -> status(t).is(TrialConditionType.EARLY_STOPPED)).findFirst()
        .orElseThrow(() -> new AssertionError("no trial was early stopped: " + trials));
    assertThat(status(stopped).condition(TrialConditionType.EARLY_STOPPED).orElseThrow().reason())
        .isEqualTo("TrialEarlyStopped");
    Path log = katib.directory(ExperimentRef.of(done)).resolve("trials").resolve(stopped.name())
        .resolve("stdout.log");
    assertThat(Files.readString(log)).contains("epoch=2 loss=").doesNotContain("epoch=5 ");
    var loss = status(stopped).observation().orElseThrow().metric("loss").orElseThrow();
    assertThat(Files.readString(log)).contains("loss=" + loss.latest()).contains("loss=" + loss.min());
    String x = "--x=" + stopped.spec().assignment("x").orElseThrow();
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(x)))
        .as("the stopped trial's process").isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).as("two trials of 5 epochs and two stopped early")
        .isLessThan(Duration.ofSeconds(30));
    assertNoTrialFileOpen(katib.directory(ExperimentRef.of(done)));
  }

  @Test
  void medianStop_aTrialWithRulesPrintingANonNumberOnALineNamingTheObjective_failsAsKatibsCollectorExits() {
    StringWriter notes = new StringWriter();
    katib.close();
    katib = LocalKatib.builder().directory(dir).seed(11).notes(new PrintWriter(notes, true)).build();
    Experiment plain = CommandExperiments.randomOverX("statusline", 1, 2, "[/bin/sh, -c, 'echo loss=$0 status=ok']",
        "['${trialParameters.x}']");
    Experiment experiment = plain.withSpec(plain.spec().withEarlyStopping(EarlyStopping.medianStop(1, 1)));

    katib.run(experiment, TIMEOUT);

    List<Trial> trials = katib.trials(ExperimentRef.of(experiment));
    // The first trial has no rules yet (medianstop needs one succeeded trial), so its collector only reads the output
    // once it ends and skips "status"; the second has a rule on loss, and Katib's collector exits on that line.
    assertThat(trials.get(0).spec().earlyStoppingRules()).isEmpty();
    assertThat(status(trials.get(0)).is(TrialConditionType.SUCCEEDED)).isTrue();
    assertThat(trials.get(1).spec().earlyStoppingRules()).isNotEmpty();
    Condition failed = status(trials.get(1)).condition(TrialConditionType.FAILED).orElseThrow();
    assertThat(failed.reason()).isEqualTo("TrialFailed. Job reason: BackoffLimitExceeded");
    assertThat(status(trials.get(1)).observation()).isEmpty();
    assertThat(notes.toString()).contains(trials.get(1).name() + ": failed: the command exited with code 0, but"
        + " collecting its metrics failed: line 1 of the trial's output ")
        .contains("names early-stopping metric loss, and the filter `" + TextMetricsParser.DEFAULT_FILTER
            + "` reads metric status = \"\" from it, which is not a number: loss=");
  }

  @Test
  void tensorFlowEventCollector_readsTheEventFilesTheProcessWroteIntoItsLocalizedDirectory() throws Exception {
    String fixture = Path.of("src/test/resources/tfevents/new-style/events.out.tfevents.1700000000.fixture")
        .toAbsolutePath().toString();
    String collector = "  metricsCollectorSpec:\n    collector: {kind: TensorFlowEvent}\n"
        + "    source: {fileSystemPath: {path: /var/log/katib/tfevent/, kind: Directory}}";
    String yaml = KatibCodec.create().toYaml(experiment("tfevents", collector, "", "", 1))
        .replace("- " + TRAIN, "- /bin/cp")
        .replace("- --x=${trialParameters.x}", "- " + fixture)
        .replace("- --y=${trialParameters.y}",
            "- /var/log/katib/tfevent/events.out.tfevents.${trialParameters.x}.${trialParameters.y}");

    Experiment done = katib.run(KatibCodec.create().readExperiment(yaml), TIMEOUT);

    Trial trial = katib.trials(ExperimentRef.of(done)).get(0);
    assertThat(status(trial).is(TrialConditionType.SUCCEEDED)).isTrue();
    var loss = status(trial).observation().orElseThrow().metric("loss").orElseThrow();
    assertThat(loss.min()).isEqualTo("1e-05");
    assertThat(loss.max()).isEqualTo("12345678.0");
    assertThat(loss.latest()).isEqualTo("12345678.0");
    try (var files = Files.list(katib.directory(ExperimentRef.of(done)).resolve("trials").resolve(trial.name())
        .resolve("var/log/katib/tfevent"))) {
      assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName().toString())
          .startsWith("events.out.tfevents."));
    }
  }

  @Test
  void experimentSucceeded_reasonIsKatibs() {
    Experiment done = katib.run(experiment("reason", "", "", "", 2), TIMEOUT);

    assertThat(done.status().orElseThrow().condition(ExperimentConditionType.SUCCEEDED).orElseThrow().message())
        .isEqualTo("Experiment has succeeded because max trial count has reached");
  }
}
