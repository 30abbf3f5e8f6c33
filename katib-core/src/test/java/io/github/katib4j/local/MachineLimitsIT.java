package io.github.katib4j.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs an engine in a JVM that has reached a real limit of the machine when its trials start: open files under
 * {@code ulimit -n}, processes and threads under {@code ulimit -u} (as a user of its own, since root ignores that
 * limit), or a locale whose character set cannot carry a parameter's value ({@code LC_ALL=C}). On a cluster a pod
 * that cannot be created stays Pending and never fails its trial: the run must stop with an error naming the limit and
 * the fix, record no trial as failed (which would use up maxFailedTrialCount and could end the experiment Failed for
 * good), and go on when resumed without the limit.
 */
class MachineLimitsIT {
  @TempDir
  Path dir;

  static Experiment experiment(String mode, Path argsFile) {
    if (mode.equals("locale")) {
      return KatibCodec.create().readExperiment(String.join("\n",
          "apiVersion: kubeflow.org/v1beta1",
          "kind: Experiment",
          "metadata: {name: locale}",
          "spec:",
          "  objective: {type: minimize, objectiveMetricName: loss}",
          "  algorithm: {algorithmName: grid}",
          "  parallelTrialCount: 1",
          "  maxTrialCount: 1",
          "  maxFailedTrialCount: 0",
          "  parameters:",
          "    - {name: opt, parameterType: categorical, feasibleSpace: {list: [ad\u00e4m]}}",
          "  trialTemplate:",
          "    primaryContainerName: training",
          "    trialParameters:",
          "      - {name: opt, reference: opt}",
          "    trialSpec:",
          "      apiVersion: batch/v1",
          "      kind: Job",
          "      spec:",
          "        template:",
          "          spec:",
          "            restartPolicy: Never",
          "            containers:",
          "              - name: training",
          "                image: busybox",
          "                command: [/bin/sh, -c, 'printf %s \"$0\" > \"$1\"; echo loss=0.5']",
          "                args: ['--opt=${trialParameters.opt}', '" + argsFile + "']",
          ""));
    }
    Experiment experiment = CommandExperiments.randomOverX(mode, 8, 8, "[/bin/sh, -c, 'sleep 1; echo loss=$0']",
        "['${trialParameters.x}']");
    return experiment.withSpec(experiment.spec().withMaxFailedTrialCount(0));
  }

  /**
   * Runs in the limited JVM: {@code MODE DIR ARGS_FILE}. For {@code files} and {@code threads} it first uses up all
   * but a few of the files or threads its limit allows, so that the trials' starts meet the limit whatever the JVM
   * needed to start; prints how the run ended and exits with 3 when the engine stopped it with an error.
   */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    preloadClasses();
    List<AutoCloseable> held = new ArrayList<>();
    String outcome = null;
    try (LocalKatib katib = LocalKatib.builder().directory(Path.of(args[1])).seed(5).build()) {
      if (mode.equals("files")) {
        // Enough for the experiment's lock and journal; each trial keeps its output file open, and starting its
        // process takes a few more for a moment.
        holdFilesLeaving(6, held);
      } else if (mode.equals("threads")) {
        // Each running trial takes a thread, a process and the JDK's reaper thread.
        holdThreadsLeaving(12, held);
      }
      katib.run(experiment(mode, Path.of(args[2])), Duration.ofSeconds(60));
    } catch (KatibException e) {
      outcome = e.getMessage();
    }
    for (AutoCloseable h : held) {
      h.close();
    }
    System.out.println(outcome == null ? "completed" : "error: " + outcome);
    System.exit(outcome == null ? 0 : 3);
  }

  /**
   * Loads every katib4j class from its class file now: with no file left to open, loading one later would fail
   * (from a jar, as katib.jar is, classes load through the jar's open file). So would opening a jar of the class path
   * for the first time, as a lookup of a class or resource that the first jars lack does, or java.util.logging
   * reading its configuration as the engine's first note goes through it: both are done now too.
   */
  private static void preloadClasses() throws IOException {
    java.util.Collections.list(ClassLoader.getSystemClassLoader().getResources("META-INF/no-such-resource"));
    java.util.logging.LogManager.getLogManager();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path root = Path.of(entry);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
          String name = root.relativize(file).toString().replace(File.separatorChar, '.').replaceAll("\\.class$",
              "");
          if (name.startsWith("io.github.katib4j") && !name.endsWith("module-info")) {
            try {
              Class.forName(name, false, MachineLimitsIT.class.getClassLoader());
            } catch (LinkageError | ClassNotFoundException e) {
              // Not needed here.
            }
          }
        }
      }
    }
  }

  private static void holdFilesLeaving(int free, List<AutoCloseable> held) throws IOException {
    List<FileInputStream> opened = new ArrayList<>();
    try {
      while (true) {
        opened.add(new FileInputStream("/dev/null"));
      }
    } catch (IOException e) {
      // The limit is reached.
    }
    for (int i = 0; i < free && !opened.isEmpty(); i++) {
      opened.remove(opened.size() - 1).close();
    }
    held.addAll(opened);
  }

  private static void holdThreadsLeaving(int free, List<AutoCloseable> held) {
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    try {
      while (true) {
        Thread t = new Thread(() -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
    } catch (OutOfMemoryError e) {
      // The limit is reached.
    }
    for (int i = 0; i < free && !threads.isEmpty(); i++) {
      threads.remove(threads.size() - 1).interrupt();
    }
    held.add(release::countDown);
  }

  /** Runs this class's main in a JVM started by {@code bash -c 'SETUP && exec java ...'}; returns its output. */
  private String runLimited(List<String> shPrefix, String shellSetup, String classPath, String mode, Path runs,
      Path argsFile) throws Exception {
    Path output = dir.resolve(mode + ".log");
    List<String> command = new ArrayList<>(shPrefix);
    command.addAll(List.of("/bin/bash", "-c", shellSetup + " && exec \"$0\" \"$@\"",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss256k", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", classPath, MachineLimitsIT.class.getName(), mode, runs.toString(),
        argsFile.toString()));
    Process engine = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(engine.waitFor(120, TimeUnit.SECONDS)).as("the engine JVM ended").isTrue();
    String text = Files.readString(output);
    assertThat(engine.exitValue()).as(text).isEqualTo(3);
    return text;
  }

  private static void assertNothingFailed(Path runs, String name) throws IOException {
    String journal = Files.readString(runs.resolve("default").resolve(name).resolve("journal.log"));
    assertThat(journal).as("the journal, which must not record a trial as failed").doesNotContain("\"FAILED\"")
        .doesNotContain("\"Failed\"");
  }

  private static void resumeCompletes(Path runs, String name, int trials) {
    try (LocalKatib katib = LocalKatib.builder().directory(runs).seed(5).build()) {
      ExperimentRef ref = ExperimentRef.of("default", name);
      katib.resume(ref);
      Experiment done = katib.awaitCompletion(ref, Duration.ofSeconds(60));
      assertThat(done.status().orElseThrow().trialsSucceeded()).as(done.status().toString()).isEqualTo(trials);
      assertThat(done.status().orElseThrow().trialsFailed()).isZero();
    }
  }

  @Test
  void tooManyOpenFiles_stopsTheRun_sayingToRaiseUlimitN_andResumeCompletesIt() throws Exception {
    Path runs = dir.resolve("runs");
    String output = runLimited(List.of(), "ulimit -n 256", System.getProperty("java.class.path"), "files", runs,
        dir.resolve("unused"));
    assertThat(output).contains("error: Experiment default/files stopped: trial files-")
        .contains("could not start: this JVM has as many files open as it may (ulimit -n is 256 here)")
        .contains("Too many open files").contains("Raise the limit (ulimit -n 4096")
        .contains("or run fewer trials at a time (parallelTrialCount; katib run FILE --resume --parallel N)")
        .contains("not the trial's failure (on a cluster its pod would stay Pending)")
        .contains("resume it (LocalKatib.resume, or katib run FILE --resume)");
    assertNothingFailed(runs, "files");
    resumeCompletes(runs, "files", 8);
  }

  @Test
  void noMoreThreadsOrProcesses_stopsTheRun_sayingToRaiseUlimitU_andResumeCompletesIt() throws Exception {
    assumeTrue(new ProcessBuilder("setpriv", "--version").start().waitFor() == 0, "needs setpriv");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run as a user of its own");
    // A user of its own (root ignores ulimit -u, and the limit counts every process of the user): it must read the
    // classes, so they are copied where it can.
    Path shared = Files.createDirectories(dir.resolve("shared"));
    List<String> classPath = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path source = Path.of(entry);
      if (!Files.exists(source)) {
        continue;
      }
      Path copy = shared.resolve("cp" + n++ + (Files.isDirectory(source) ? "" : ".jar"));
      copyTree(source, copy);
      classPath.add(copy.toString());
    }
    Path runs = shared.resolve("runs");
    Files.createDirectories(runs);
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx"
            : "rw-rw-rw-"));
      }
    }
    String uid = String.valueOf(61000 + ProcessHandle.current().pid() % 4000);
    String output = runLimited(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"),
        "ulimit -u 80 && export HOME=" + shared, String.join(File.pathSeparator, classPath), "threads", runs,
        dir.resolve("unused"));
    assertThat(output).contains("error: Experiment default/threads stopped: trial threads-")
        .containsPattern("could not start: (this JVM cannot start another thread|the system refused to create"
            + " another process \\(EAGAIN|the JDK's helper)")
        .contains("ulimit -u is 80 here")
        .contains("or run fewer trials at a time (parallelTrialCount; katib run FILE --resume --parallel N)")
        .contains("resume it (LocalKatib.resume, or katib run FILE --resume)")
        .doesNotContain("Exception in thread");
    assertNothingFailed(runs, "threads");
    resumeCompletes(runs, "threads", 8);
  }

  @Test
  void parameterValueTheLocaleCannotCarry_stopsTheRunBeforeTheProcessStarts_andAUtf8LocaleRunsIt()
      throws Exception {
    Path runs = dir.resolve("runs");
    Path argsFile = dir.resolve("args.txt");
    String output = runLimited(List.of("env", "-u", "LC_CTYPE", "LANG=C", "LC_ALL=C"), "true",
        System.getProperty("java.class.path"), "locale", runs, argsFile);
    assertThat(output).contains("error: Experiment default/locale stopped: trial locale-")
        .contains("could not start: the value \"ad?m\" of parameter opt, in the argument \"--opt=ad?m\" cannot be"
            + " passed to a process: this JVM passes a process's arguments, environment and working directory in")
        .contains("the character set of its locale (LC_ALL=C, LANG=C), which has no \"?\" (U+00E4)")
        .contains("Run the engine with a UTF-8 locale: LC_ALL=C.UTF-8");
    assertThat(argsFile).as("the command, which must not run with ad?m").doesNotExist();
    assertNothingFailed(runs, "locale");

    Path log = dir.resolve("utf8.log");
    Process resumed = new ProcessBuilder("env", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Resume.class.getName(), runs.toString(), "locale")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(resumed.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(resumed.exitValue()).as(Files.readString(log)).isZero();
    assertThat(Files.readAllBytes(argsFile)).isEqualTo("--opt=ad\u00e4m".getBytes(StandardCharsets.UTF_8));
  }

  /** Resumes experiment {@code NAME} in {@code DIR} and waits for it; exits 0 when no trial failed. */
  static final class Resume {
    public static void main(String[] args) {
      try (LocalKatib katib = LocalKatib.builder().directory(Path.of(args[0])).build()) {
        ExperimentRef ref = ExperimentRef.of("default", args[1]);
        katib.resume(ref);
        Experiment done = katib.awaitCompletion(ref, Duration.ofSeconds(60));
        System.out.println(done.status().orElseThrow());
        System.exit(done.status().orElseThrow().trialsFailed() == 0 ? 0 : 1);
      }
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    if (!Files.isDirectory(source)) {
      Files.copy(source, target);
      return;
    }
    try (Stream<Path> all = Files.walk(source)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
  }
}
