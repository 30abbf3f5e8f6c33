package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code katib run} and {@code katib report} on real trial processes. */
class RunCommandTest {
  static final Path QUICKSTART = Path.of("quickstart/experiment.yaml");

  @TempDir
  Path dir;

  private Path shellExperiment(String name, String script) throws Exception {
    return shellExperiment(dir, name, script);
  }

  /**
   * An experiment in {@code dir} whose four trials, two at a time, run {@code sh -c script} with the parameter x as
   * {@code $1}, in {@code dir}.
   */
  static Path shellExperiment(Path dir, String name, String script) throws Exception {
    return Files.writeString(dir.resolve(name + ".yaml"), String.join("\n",
        "apiVersion: kubeflow.org/v1beta1",
        "kind: Experiment",
        "metadata: {name: " + name + "}",
        "spec:",
        "  objective: {type: minimize, objectiveMetricName: loss}",
        "  algorithm: {algorithmName: random}",
        "  parallelTrialCount: 2",
        "  maxTrialCount: 4",
        "  maxFailedTrialCount: 1",
        "  parameters:",
        "    - {name: x, parameterType: double, feasibleSpace: {min: '-2', max: '2'}}",
        "  trialTemplate:",
        "    primaryContainerName: main",
        "    trialParameters: [{name: x, reference: x}]",
        "    trialSpec:",
        "      apiVersion: batch/v1",
        "      kind: Job",
        "      spec:",
        "        template:",
        "          spec:",
        "            restartPolicy: Never",
        "            containers:",
        "              - name: main",
        "                image: busybox",
        "                command: [sh, -c, '" + script + "', sh, '${trialParameters.x}']",
        ""));
  }

  @Test
  void run_trialCountsBelowOne_exitTwoNamingTheOption() {
    CliRun parallel = CliRun.of("run", ValidateCommandTest.RANDOM.toString(), "--parallel", "0");
    CliRun maxTrials = CliRun.of("run", ValidateCommandTest.RANDOM.toString(), "--max-trials", "-1");

    assertThat(parallel.exitCode).isEqualTo(2);
    assertThat(parallel.err).isEqualTo("katib: --parallel takes a number of trials of at least 1, not 0\n");
    assertThat(maxTrials.exitCode).isEqualTo(2);
    assertThat(maxTrials.err).isEqualTo("katib: --max-trials takes a number of trials of at least 1, not -1\n");
  }

  /**
   * With LANG=C this JVM reads arguments and file names as ASCII: a --dir with other characters cannot be made into a
   * path, and a working directory with them names another folder. Both say it is the locale, and the fix.
   */
  @Test
  void run_pathsAnAsciiLocaleCannotCarry_sayToRunWithAUtf8Locale() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
        "this JVM must pass the non-ASCII names on");
    Path unicode = Files.createDirectories(dir.resolve("\u00fc-cwd"));
    Files.copy(ValidateCommandTest.RANDOM, unicode.resolve("exp.yaml"));
    String hint = "this JVM reads arguments and file names in US-ASCII, the character set of its locale (LC_ALL=C,"
        + " LANG=C), so a name with other characters reaches it garbled (shown as ?); run katib with a UTF-8 locale:"
        + " LC_ALL=C.UTF-8 (or LANG=C.UTF-8 when LC_ALL and LC_CTYPE are not set)";

    String badDir = inAsciiLocale(dir, "run", ValidateCommandTest.RANDOM.toAbsolutePath().toString(), "--dir",
        dir.resolve("\u00fcn\u00ef").toString());
    String badCwd = inAsciiLocale(unicode, "run", "exp.yaml", "--dir", dir.resolve("runs").toString());

    assertThat(badDir).startsWith("rc=2\nInvalid value for option '--dir': cannot convert '" + dir + "/??n??' to a"
        + " path: Malformed input or input contains unmappable characters; " + hint + "\n");
    assertThat(badCwd).isEqualTo("rc=2\nkatib: cannot read exp.yaml: no such file (working directory: " + dir
        + "/??-cwd); " + hint + "\n");
  }

  /** Runs katib in a JVM with LANG=C and LC_ALL=C in {@code cwd}; "rc=N", a newline and its standard error. */
  private static String inAsciiLocale(Path cwd, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("env", "-u", "LC_CTYPE", "LANG=C", "LC_ALL=C",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), KatibCli.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor();
    return "rc=" + p.exitValue() + "\n" + (err.contains("Usage:") ? err.substring(0, err.indexOf("Usage:")) : err);
  }

  @Test
  void run_quickstart_printsTheOptimalTrialAndWritesTheReport() {
    CliRun run = CliRun.of("run", QUICKSTART.toString(), "--dir", dir.toString(), "--max-trials", "3",
        "--parallel", "2");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).startsWith("Optimal trial: quickstart-").contains("  lr = ").contains("  loss: min ")
        .contains("* optimal trial").contains("Report: ");
    assertThat(run.err).contains("--max-trials 3 also lowers maxFailedTrialCount to 3")
        .contains("its image docker.io/library/eclipse-temurin:17-jdk is not used")
        .contains("quickstart: Succeeded: Experiment has succeeded because max trial count has reached");
    assertThat(dir.resolve("default/quickstart/report.html")).exists();
    assertThat(dir.resolve("default/quickstart/journal.log")).exists();
  }

  @Test
  void run_jsonOutput_isTheFinalExperimentInKatibsForm() throws Exception {
    Path file = shellExperiment("json", "awk -v x=$1 \"BEGIN { print \\\"loss=\\\" (x-1)^2 }\"");

    CliRun run = CliRun.of("run", file.toString(), "--dir", dir.toString(), "-o", "json", "--seed", "3");

    assertThat(run.exitCode).as(run.toString()).isZero();
    Experiment done = KatibCodec.create().readExperiment(run.out);
    ExperimentStatus status = done.status().orElseThrow();
    assertThat(status.isSucceeded()).isTrue();
    assertThat(status.trialsSucceeded()).isEqualTo(4);
    assertThat(status.optimalTrial().orElseThrow().parameterAssignments()).hasSize(1);
    assertThat(run.out).contains("\"currentOptimalTrial\"").contains("\"reason\": \"ExperimentMaxTrialsReached\"");
    // As kubectl shows an Experiment: the API server stamps its creation, in RFC 3339 seconds.
    JsonObject metadata = JsonParser.parseString(run.out).getAsJsonObject().getAsJsonObject("metadata");
    assertThat(metadata.keySet()).containsExactly("name", "namespace", "creationTimestamp");
    assertThat(metadata.get("creationTimestamp").getAsString())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(done.metadata().creationTimestamp().orElseThrow()).isBetween(status.startTime().orElseThrow()
        .minusSeconds(1), status.completionTime().orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimize 1", "maximize 2"})
  void run_withANaNObjective_namesKatibsOptimalTrialInTheSummaryTheTableAndTheProgress(String objectiveAndNaN)
      throws Exception {
    String[] words = objectiveAndNaN.split(" ");
    String name = "nan-" + words[0];
    // One trial at a time; the trial run words[1]-th prints NaN, the others their x.
    Path file = Files.writeString(dir.resolve(name + ".yaml"), Files.readString(shellExperiment(name,
        "n=$(cat " + name + ".count 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + name + ".count; "
            + "if [ $n = " + words[1] + " ]; then echo loss=nan; else echo loss=$1; fi"))
        .replace("parallelTrialCount: 2", "parallelTrialCount: 1").replace("type: minimize", "type: " + words[0])
        // Katib's default filter takes numbers only; this one passes "nan" on, as ParseFloat reads it.
        .replace("  parameters:", "  metricsCollectorSpec: {source: {filter: {metricsFormat: ['([\\w|-]+)\\s*=\\s*"
            + "(\\S+)']}}, collector: {kind: StdOut}}\n  parameters:"));

    CliRun run = CliRun.of("run", file.toString(), "--dir", dir.toString(), "--seed", "3");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).as("a trial's loss is NaN").containsPattern("Succeeded  \\S+ +nan\n");
    String optimal = run.out.lines().findFirst().orElseThrow().replace("Optimal trial: ", "");
    assertThat(run.out).contains("\n" + optimal + " *  ");
    List<String> progress = run.err.lines().filter(l -> l.contains(" | best ")).collect(Collectors.toList());
    assertThat(progress.get(progress.size() - 1)).contains("(" + optimal + ") |");
    assertThat(Files.readString(dir.resolve("default").resolve(name).resolve("report.html")))
        .contains("<strong>" + optimal + "</strong>");
  }

  @Test
  void run_onATerminal_keepsNotesOffTheProgressLine_andEndsItBeforeExiting() throws Exception {
    // One trial at a time; the second fails, which the engine notes while the progress line is on the screen.
    Path file = Files.writeString(dir.resolve("noted.yaml"), Files.readString(shellExperiment("noted",
        "n=$(cat noted.count 2>/dev/null || echo 0); n=$((n+1)); echo $n > noted.count; "
            + "if [ $n = 2 ]; then echo boom >&2; exit 3; fi; echo loss=$1"))
        .replace("parallelTrialCount: 2", "parallelTrialCount: 1").replace("maxFailedTrialCount: 1",
            "maxFailedTrialCount: 2"));

    CliRun run = CliRun.onTerminal("run", file.toString(), "--dir", dir.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.err).as("progress rewritten in place").contains("\rnoted: ").endsWith("\n");
    List<String> screen = CliRun.screen(run.err);
    assertThat(screen).anySatisfy(line -> assertThat(line).startsWith("katib: default/noted: noted-")
        .contains(": failed: the command exited with code 3").endsWith("it ends with: boom"));
    assertThat(screen).allSatisfy(line -> assertThat(line.contains("katib:")).as(line)
        .isEqualTo(line.startsWith("katib: ")));
    assertThat(screen.get(screen.size() - 1)).startsWith("noted: Succeeded: ");
  }

  @Test
  void run_onATerminal_outOfTime_endsTheProgressLineBeforeSayingSo() throws Exception {
    Path file = shellExperiment("late", "sleep 30");

    CliRun run = CliRun.onTerminal("run", file.toString(), "--dir", dir.toString(), "--timeout", "2s");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
    List<String> screen = CliRun.screen(run.err);
    assertThat(screen).anySatisfy(line -> assertThat(line).startsWith("late: 0/4 trials done, 2 running"));
    assertThat(screen).anySatisfy(line -> assertThat(line).startsWith("katib: Experiment default/late"));
    assertThat(screen).allSatisfy(line -> assertThat(line.contains("katib:")).as(line)
        .isEqualTo(line.startsWith("katib: ")));
  }

  @Test
  void run_failingTrials_exitOneWithKatibsReason() throws Exception {
    Path file = shellExperiment("failing", "exit 3");

    CliRun run = CliRun.of("run", file.toString(), "--dir", dir.toString(), "-o", "yaml");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.out).contains("reason: ExperimentFailed")
        .contains("message: Experiment has failed because max failed count has reached");
    assertThat(run.err).contains("failing: Failed");
  }

  @Test
  void run_invalidExperiment_exitsTwoWithEveryProblem() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), Files.readString(QUICKSTART.toAbsolutePath())
        .replace("maxTrialCount: 16", "maxTrialCount: 1"));

    CliRun run = CliRun.of("run", file.toString(), "--dir", dir.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("spec.parallelTrialCount").contains("[V6]").contains("spec.maxFailedTrialCount");
  }

  @Test
  void run_experimentOnlyAClusterRuns_exitsTwoSayingWhy() throws Exception {
    // Valid for Katib, but a neural architecture search trains inside Katib's suggestion service.
    Path shell = shellExperiment("nas", "echo loss=1");
    Path file = Files.writeString(shell, Files.readString(shell)
        .replace("{algorithmName: random}", "{algorithmName: enas}")
        .replace("  parameters:\n    - {name: x, parameterType: double, feasibleSpace: {min: '-2', max: '2'}}\n",
            String.join("\n",
                "  nasConfig:",
                "    graphConfig: {numLayers: 1, inputSizes: [32, 32, 3], outputSizes: [10]}",
                "    operations:",
                "      - operationType: convolution",
                "        parameters:",
                "          - {name: filter_size, parameterType: categorical, feasibleSpace: {list: ['3', '5']}}",
                ""))
        .replace("[{name: x, reference: x}]", "[{name: x, reference: nn_config}, {name: a, reference: architecture}]")
        .replace("'${trialParameters.x}'", "'${trialParameters.x}', '${trialParameters.a}'"));
    CliRun validate = CliRun.of("validate", file.toString());
    assertThat(validate.exitCode).as(validate.toString()).isZero();

    CliRun run = CliRun.of("run", file.toString(), "--dir", dir.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).contains("algorithm enas is a neural architecture search, which runs only on a Katib cluster")
        .contains("[A3]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"min: '2', max: '-2'", "min: '-2e30', max: '2', step: '1'"})
  void validateLocal_reportsWhatRunRefuses_inTheSameWords(String space) throws Exception {
    Path shell = shellExperiment("refused", "echo loss=1");
    Path file = Files.writeString(shell, Files.readString(shell).replace("min: '-2', max: '2'", space)
        .replace("parameterType: double", space.contains("step") ? "parameterType: int" : "parameterType: double"));

    CliRun validate = CliRun.of("validate", "--local", file.toString());
    CliRun run = CliRun.of("run", file.toString(), "--dir", dir.toString());

    assertThat(validate.exitCode).as(validate.toString()).isEqualTo(1);
    assertThat(validate.out).contains("spec.parameters[0]");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err.strip()).isEqualTo(validate.out.strip());
    assertThat(dir.resolve("default/refused")).doesNotExist();
  }

  @Test
  void run_metricsCollectorTheLocalEngineCannotRun_exitsTwoBeforeAnyTrialRuns() throws Exception {
    Path shell = shellExperiment("custom", "echo loss=1");
    Path file = Files.writeString(shell, Files.readString(shell).replace("  parameters:\n",
        "  metricsCollectorSpec:\n    collector: {kind: Custom, customCollector: {name: c, image: c:1}}\n"
            + "  parameters:\n"));

    CliRun run = CliRun.of("run", file.toString(), "--dir", dir.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).contains("the Custom metrics collector is a sidecar container of your own")
        .contains("[K-local]");
    assertThat(dir.resolve("default/custom")).doesNotExist();
  }

  @Test
  void run_resumeOfAnExperimentNeverRunHere_exitsTwo() throws Exception {
    Path file = shellExperiment("never", "echo loss=$1");

    CliRun run = CliRun.of("run", file.toString(), "--dir", dir.toString(), "--resume");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).contains("never");
  }

  @Test
  void run_inTheRemainsOfAnEngineKilledBeforeTheExperimentWasCreated_startsIt_andResumeSaysHow() throws Exception {
    Path file = shellExperiment("stuck", "echo loss=$1");
    Path experimentDir = dir.resolve("default/stuck");
    Files.createDirectories(experimentDir);
    Files.writeString(experimentDir.resolve(".lock"), "");
    Files.writeString(experimentDir.resolve("journal.log"), "887f8395 {\"record\":\"experim");

    CliRun resume = CliRun.of("run", file.toString(), "--dir", dir.toString(), "--resume", "--max-trials", "3");

    assertThat(resume.exitCode).as(resume.toString()).isEqualTo(2);
    assertThat(resume.err).isEqualTo("katib: there is no experiment default/stuck to resume in " + experimentDir
        + " (its journal holds no complete record: an engine stopped there before the experiment was created, so"
        + " nothing ran); to start it: katib run " + file + " --dir " + dir + " --max-trials 3\n");
    assertThat(Files.readString(experimentDir.resolve("journal.log"))).isEqualTo("887f8395 {\"record\":\"experim");

    CliRun run = CliRun.of("run", file.toString(), "--dir", dir.toString(), "--max-trials", "3");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.err).contains("created afresh").contains("stuck: Succeeded");
  }

  @Test
  void run_twice_refusesToOverwrite_andResumeReturnsTheFinishedExperiment() throws Exception {
    Path file = shellExperiment("twice", "echo loss=$1");
    assertThat(CliRun.of("run", file.toString(), "--dir", dir.toString()).exitCode).isZero();

    CliRun again = CliRun.of("run", file.toString(), "--dir", dir.toString());
    CliRun resumed = CliRun.of("run", file.toString(), "--dir", dir.toString(), "--resume");

    assertThat(again.exitCode).isEqualTo(2);
    assertThat(again.err).isEqualTo("katib: default/twice already ran in " + dir.resolve("default/twice")
        + " (Succeeded); to go on with it: katib run " + file + " --dir " + dir + " --resume; to start afresh, delete"
        + " that folder or give the experiment another metadata.name\n");
    assertThat(resumed.exitCode).as(resumed.toString()).isZero();
    assertThat(resumed.out).startsWith("Optimal trial: twice-");
  }

  @Test
  void run_experimentWithGenerateName_runsUnderANameOfItsOwnEachTime() throws Exception {
    Path file = shellExperiment("generated", "echo loss=$1");
    Files.writeString(file, Files.readString(file).replace("metadata: {name: generated}",
        "metadata: {generateName: generated-}"));

    CliRun first = CliRun.of("run", file.toString(), "--dir", dir.toString());
    CliRun second = CliRun.of("run", file.toString(), "--dir", dir.toString());

    assertThat(first.exitCode).as(first.toString()).isZero();
    assertThat(second.exitCode).as(second.toString()).isZero();
    try (var experiments = Files.list(dir.resolve("default"))) {
      assertThat(experiments.map(p -> p.getFileName().toString())).hasSize(2).allMatch(n -> n.startsWith("generated-"));
    }
  }

  @Test
  void run_resumeWithMoreTrials_ofALongRunningExperiment_restartsItForThem() throws Exception {
    Path file = shellExperiment("more", "echo loss=$1");
    Files.writeString(file, Files.readString(file).replace("  maxTrialCount: 4", "  maxTrialCount: 4\n"
        + "  resumePolicy: LongRunning"));
    assertThat(CliRun.of("run", file.toString(), "--dir", dir.toString()).exitCode).isZero();

    CliRun more = CliRun.of("run", file.toString(), "--dir", dir.toString(), "--resume", "--max-trials", "6", "-o",
        "json");

    assertThat(more.exitCode).as(more.toString()).isZero();
    Experiment done = KatibCodec.create().readExperiment(more.out);
    assertThat(done.spec().maxTrialCount()).hasValue(6);
    assertThat(done.status().orElseThrow().trialsSucceeded()).isEqualTo(6);
    assertThat(more.err).doesNotContain("has changed since");
  }

  @Test
  void run_resumeWithMoreTrials_ofAnExperimentThatCannotRestart_exitsTwoWithKatibsReason() throws Exception {
    Path file = shellExperiment("never-more", "echo loss=$1");
    assertThat(CliRun.of("run", file.toString(), "--dir", dir.toString()).exitCode).isZero();

    CliRun more = CliRun.of("run", file.toString(), "--dir", dir.toString(), "--resume", "--max-trials", "6");

    assertThat(more.exitCode).as(more.toString()).isEqualTo(2);
    assertThat(more.err).contains("The budget change (maxTrialCount 6) of experiment \"default/never-more\"")
        .contains("spec.resumePolicy = LongRunning").contains("[U1]");
  }

  @Test
  void run_resumeWithARefusedBudgetChange_exitsTwoBeforeResuming_andLeavesTheJournalAsItWas() throws Exception {
    Path file = shellExperiment("fewer", "echo loss=$1");
    assertThat(CliRun.of("run", file.toString(), "--dir", dir.toString()).exitCode).isZero();
    Path journal = dir.resolve("default/fewer/journal.log");
    byte[] before = Files.readAllBytes(journal);

    CliRun fewer = CliRun.of("run", file.toString(), "--dir", dir.toString(), "--resume", "--max-trials", "2");

    assertThat(fewer.exitCode).as(fewer.toString()).isEqualTo(2);
    assertThat(fewer.err).contains("The budget change (maxTrialCount 2) of experiment \"default/fewer\"")
        .contains("must be greater than status.trials count (4), found 2 [U2]").doesNotContain("resuming");
    assertThat(Files.readAllBytes(journal)).isEqualTo(before);
  }

  @Test
  void run_resumeOfAnEditedFile_saysSo_andGoesOnWithTheExperimentAsItBegan() throws Exception {
    Path file = shellExperiment("edited", "echo loss=$1");
    assertThat(CliRun.of("run", file.toString(), "--dir", dir.toString()).exitCode).isZero();
    Files.writeString(file, Files.readString(file).replace("min: '-2'", "min: '-9'"));

    CliRun resumed = CliRun.of("run", file.toString(), "--dir", dir.toString(), "--resume", "--seed", "5");

    assertThat(resumed.exitCode).as(resumed.toString()).isZero();
    assertThat(resumed.err).contains("katib: " + file + " has changed since edited began (spec.parameters); --resume"
        + " goes on with the experiment as it began, kept in " + dir.resolve("default/edited") + ". To run the file as"
        + " it is now, give it another metadata.name")
        .contains("katib: --seed is not used with --resume: the search goes on with the seed it began with");
  }

  @Test
  void commandsToPaste_quotePathsWithSpacesQuotesAndDollars_soThatARealShellRunsThem() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("exp's $HOME"));
    Path file = shellExperiment(folder, "pasted", "echo loss=$1");
    Path runs = dir.resolve("runs `id` \"x\"");

    CliRun nothing = CliRun.of("run", file.toString(), "--dir", runs.toString(), "--resume", "--max-trials", "2");
    assertThat(nothing.exitCode).as(nothing.toString()).isEqualTo(2);
    String start = between(nothing.err, "; to start it: ", "\n");
    assertThat(start).startsWith("katib run '" + folder.toString().replace("'", "'\\''") + "/pasted.yaml' --dir '");
    CliRun started = CliRun.of(shellWords(start));
    assertThat(started.exitCode).as(started.toString()).isZero();
    assertThat(started.err).contains("2/2 trials done");

    CliRun again = CliRun.of("run", file.toString(), "--dir", runs.toString());
    assertThat(again.exitCode).as(again.toString()).isEqualTo(2);
    String goOn = between(again.err, "; to go on with it: ", "; to start afresh");
    CliRun resumed = CliRun.of(shellWords(goOn));
    assertThat(resumed.exitCode).as(resumed.toString()).isZero();
    assertThat(resumed.err).contains("pasted: Succeeded");
  }

  private static String between(String text, String before, String after) {
    assertThat(text).contains(before);
    int start = text.indexOf(before) + before.length();
    return text.substring(start, text.indexOf(after, start));
  }

  /** The arguments a real shell gives {@code katib} for {@code command}, as pasted: without "katib" itself. */
  static String[] shellWords(String command) throws Exception {
    assertThat(command).startsWith("katib ");
    Process shell = new ProcessBuilder("sh", "-c", "printf '%s\\0' " + command.substring("katib ".length()))
        .redirectErrorStream(true).start();
    String words = new String(shell.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(shell.waitFor()).as(command).isZero();
    return words.substring(0, words.length() - 1).split("\0", -1);
  }

  @Test
  void run_outOfTime_exitsThreeSayingHowToGoOn_andThatCommandFinishesTheExperiment() throws Exception {
    Path file = shellExperiment("slow", "sleep 1; echo loss=$1");

    CliRun run = CliRun.of("run", file.toString(), "--dir", dir.toString(), "--timeout", "500ms");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
    String goOn = "to go on: katib run " + file + " --dir " + dir + " --resume";
    assertThat(run.err).contains("did not complete within 500ms")
        .contains("every completed trial is kept in " + dir.resolve("default/slow")).contains(goOn);
    String[] command = goOn.substring(goOn.indexOf("run ")).split(" ");
    CliRun resumed = CliRun.of(command);
    assertThat(resumed.exitCode).as(resumed.toString()).isZero();
    assertThat(resumed.err).contains("slow: Succeeded").contains("4/4 trials done");
  }

  @Test
  void report_writesHtmlCsvAndJsonOfAFinishedExperiment() throws Exception {
    Path file = shellExperiment("reported", "echo loss=$1");
    assertThat(CliRun.of("run", file.toString(), "--dir", dir.toString()).exitCode).isZero();
    Path experimentDir = dir.resolve("default/reported");
    Files.delete(experimentDir.resolve("report.html"));

    CliRun run = CliRun.of("report", experimentDir.toString(), "--csv", dir.resolve("t.csv").toString(), "--json",
        dir.resolve("t.json").toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out.trim()).isEqualTo(experimentDir.resolve("report.html").toString());
    assertThat(Files.readString(experimentDir.resolve("report.html"))).contains("id=\"history\"");
    assertThat(Files.readAllLines(dir.resolve("t.csv"))).hasSize(5).first().asString().startsWith("trial,state,x,loss");
    assertThat(Files.readString(dir.resolve("t.json"))).contains("\"state\": \"Succeeded\"");
  }

  @Test
  void report_ofAJournalEndingInAnIncompleteRecord_leavesItAsItIs_andSaysSo() throws Exception {
    Path file = shellExperiment("tail", "echo loss=$1");
    assertThat(CliRun.of("run", file.toString(), "--dir", dir.toString()).exitCode).isZero();
    Path journal = dir.resolve("default/tail/journal.log");
    // What a report finds while `katib run` is writing a record, or after a crash in the middle of one.
    String text = Files.readString(journal) + "0123abcd {\"record\":\"tri";
    Files.writeString(journal, text);

    CliRun run = CliRun.of("report", journal.getParent().toString(), "--csv", dir.resolve("t.csv").toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(Files.readString(journal)).isEqualTo(text);
    assertThat(Files.readAllLines(dir.resolve("t.csv"))).hasSize(5);
    assertThat(run.err).isEqualTo("katib: default/tail: the journal " + journal + " ends in 23 bytes that are not a "
        + "complete record: the record its engine is writing, if the experiment is running, else damage (a crash "
        + "during a write); read the " + (text.split("\n").length - 1) + " complete records before them and left the "
        + "file as it is (resuming the experiment repairs it)\n");
  }

  @Test
  void report_toFilesItCannotWrite_exitsTwoSayingWhy() throws Exception {
    Path file = shellExperiment("unwritten", "echo loss=$1");
    assertThat(CliRun.of("run", file.toString(), "--dir", dir.toString()).exitCode).isZero();
    String experimentDir = dir.resolve("default/unwritten").toString();
    Path missing = dir.resolve("nonexistent").resolve("x.csv");

    CliRun csv = CliRun.of("report", experimentDir, "--csv", missing.toString());
    CliRun html = CliRun.of("report", experimentDir, "-o", file.resolve("report.html").toString());

    assertThat(csv.exitCode).isEqualTo(2);
    assertThat(csv.err).isEqualTo("katib: cannot write the trials as CSV to " + missing + ": its folder "
        + missing.getParent() + " does not exist; create it, or give a file in a folder that exists\n");
    assertThat(html.exitCode).isEqualTo(2);
    assertThat(html.err).isEqualTo("katib: cannot write the report to " + file.resolve("report.html") + ": " + file
        + " is a file, not a folder\n");
  }

  @Test
  void report_notAnExperimentFolder_exitsTwo() {
    CliRun run = CliRun.of("report", dir.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("is not the folder of a local experiment");
  }

  @Test
  void report_ofTheFolderOfSeveralExperiments_namesTheirFolders() throws Exception {
    for (String name : new String[] {"first", "second"}) {
      assertThat(CliRun.of("run", shellExperiment(name, "echo loss=$1").toString(), "--dir", dir.resolve("runs")
          .toString()).exitCode).isZero();
    }

    CliRun run = CliRun.of("report", dir.resolve("runs").toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).isEqualTo("katib: " + dir.resolve("runs") + " is not the folder of a local experiment (it holds"
        + " no journal.log); give the folder of one of the experiments in it: " + dir.resolve("runs/default/first")
        + ", " + dir.resolve("runs/default/second") + "\n");
  }
}
