package io.github.katib4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the packaged {@code target/katib.jar} as a user would: {@code java -jar katib.jar ...}. */
class KatibJarIT {
  private static final Path JAR = Path.of("target", "katib.jar");

  static Result runJar(String... args) throws IOException, InterruptedException {
    return runJar(Map.of(), args);
  }

  /** {@code java -jar katib.jar <args>} with {@code environment} added to this process's. */
  static Result runJar(Map<String, String> environment, String... args) throws IOException, InterruptedException {
    Process process = startJar(environment, args);
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  static Process startJar(String... args) throws IOException {
    return startJar(Map.of(), args);
  }

  /** As {@link #runJar(Map, String...)}; a variable given as null is removed from the environment. */
  static Process startJar(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    environment.forEach((name, value) -> {
      if (value == null) {
        builder.environment().remove(name);
      } else {
        builder.environment().put(name, value);
      }
    });
    return builder.start();
  }

  static final class Result {
    final int exitCode;
    final String out;
    final String err;

    Result(int exitCode, String out, String err) {
      this.exitCode = exitCode;
      this.out = out;
      this.err = err;
    }
  }

  @Test
  void jar_exists_andPrintsHelp() throws Exception {
    assertThat(Files.exists(JAR)).as("mvn package builds %s", JAR).isTrue();

    Result result = runJar("--help");

    assertThat(result.exitCode).isZero();
    assertThat(result.out).contains("Usage: katib").contains("convert");
    Result version = runJar("--version");
    assertThat(version.out)
        .matches("katib4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Katib v0\\.19\\.0's kubeflow.org/v1beta1 API\\)\\n");
  }

  @Test
  void jar_unreachableCluster_saysSoInOneLine_withoutLoggingNoise(@TempDir Path dir) throws Exception {
    Result result = runJar("status", "random", "--kubeconfig",
        UnreachableClusterTest.unreachableKubeconfig(dir).toString());

    assertThat(result.exitCode).as(result.err).isEqualTo(2);
    // client-java logs through SLF4J, which without a binding printed three lines of its own on every cluster command.
    assertThat(result.err.lines()).as(result.err).singleElement().asString()
        .startsWith("katib: GET /apis/kubeflow.org/v1beta1/namespaces/team/experiments/random: no response");
  }

  @Test
  void jar_kubeconfigVariableNamingNoFile_isRefused_notReplacedByTheHomeConfig(@TempDir Path dir) throws Exception {
    assumeTrue(System.getenv("KUBERNETES_SERVICE_HOST") == null,
        "in a pod, a $KUBECONFIG naming no file gives way to the pod's service account, as in kubectl");
    String variable = dir.resolve("absent") + java.io.File.pathSeparator + dir.resolve("typo");

    Result result = runJar(Map.of("KUBECONFIG", variable), "status", "random");

    assertThat(result.exitCode).as(result.err).isEqualTo(2);
    assertThat(result.err).isEqualTo("katib: no cluster configuration found: $KUBECONFIG is set to \"" + variable
        + "\", but none of the files it names exists; correct or unset $KUBECONFIG (~/.kube/config is read only when"
        + " it is not set), or give the cluster's kubeconfig with --kubeconfig FILE. For an experiment run on this "
        + "machine (katib run), katib report DIR shows its results, DIR being its folder, such as "
        + "katib-runs/default/NAME\n");
  }

  /** The advice is the command line's (options, variables, commands), not the library's Java calls. */
  @ParameterizedTest
  @ValueSource(strings = {"best", "trials", "status", "submit", "budget", "delete"})
  void jar_clusterCommand_withoutAnyClusterConfiguration_saysWhatToGiveInItsOwnTerms(String command,
      @TempDir Path home) throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("KUBECONFIG", null);
    environment.put("KUBERNETES_SERVICE_HOST", null);
    environment.put("HOME", home.toString());
    List<String> args = new ArrayList<>(List.of(command, command.equals("submit")
        ? ValidateCommandTest.RANDOM.toString() : "random"));
    if (command.equals("budget")) {
      args.addAll(List.of("--max-trials", "5"));
    }

    Result result = runJar(environment, args.toArray(new String[0]));

    assertThat(result.exitCode).as(result.err).isEqualTo(2);
    assertThat(result.err).startsWith("katib: no cluster configuration found: $KUBECONFIG is not set, ~/.kube/config"
        + " does not exist and this is not a pod in a cluster; give the cluster's kubeconfig with --kubeconfig FILE, "
        + "or set $KUBECONFIG to it. ").doesNotContain("KatibClient").doesNotContain("apiClient").endsWith("\n")
        .contains(command.equals("submit") ? "katib run FILE" : command.equals("delete") ? "its folder"
            : command.equals("budget") ? "katib run FILE --resume --max-trials N" : "katib report DIR");
  }

  @Test
  void jar_convertsTheProjectsV1alpha3Fixture() throws Exception {
    Result result = runJar("convert", "../katib-core/src/test/resources/v1alpha3/job-random.yaml");

    assertThat(result.exitCode).as(result.err).isZero();
    assertThat(result.out).contains("apiVersion: kubeflow.org/v1beta1").contains("--lr=${trialParameters.lr}");
  }

  @Test
  void run_killed_stopsItsTrials_saysHowToGoOn_andThatCommandFinishesTheExperiment(@TempDir Path dir)
      throws Exception {
    // Trials take 0.2 s, and hang while the file "hang" exists in their working directory (the experiment's folder).
    Path file = RunCommandTest.shellExperiment(dir, "killed", "if [ -e hang ]; then sleep 60; fi; sleep 0.2; "
        + "echo loss=$1");
    Files.writeString(file, Files.readString(file).replace("maxTrialCount: 4", "maxTrialCount: 12"));
    Process run = startJar("run", file.toString(), "--dir", dir.toString());
    run.getOutputStream().close();
    BufferedReader progress = new BufferedReader(new InputStreamReader(run.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder err = new StringBuilder();
    for (String line = progress.readLine(); line != null && !line.contains("1/12 trials done");
        line = progress.readLine()) {
      err.append(line).append('\n');
    }
    Files.createFile(dir.resolve("hang"));
    List<ProcessHandle> hanging = new ArrayList<>();
    for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); hanging.size() < 2
        && System.nanoTime() < until; Thread.sleep(50)) {
      hanging.clear();
      run.descendants().filter(p -> p.info().command().orElse("").endsWith("/sleep")
          && p.info().arguments().map(a -> List.of(a).contains("60")).orElse(false)).forEach(hanging::add);
    }
    assertThat(hanging).as("two trials sleeping; so far:%n%s", err).hasSize(2);

    // SIGTERM, as kill sends it; Process.destroy() would also close the streams still to be read.
    run.toHandle().destroy();
    err.append(new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(run.exitValue()).as(err.toString()).isEqualTo(143);
    assertThat(hanging).noneMatch(ProcessHandle::isAlive);
    String goOn = "to go on: katib run " + file + " --dir " + dir + " --resume";
    assertThat(err.toString()).contains("katib: stopped before default/killed ended").contains(goOn);
    Files.delete(dir.resolve("hang"));
    Result resumed = runJar(goOn.substring(goOn.indexOf("run ")).split(" "));
    assertThat(resumed.exitCode).as(resumed.err).isZero();
    assertThat(resumed.err).contains("killed: resuming: trials [").contains("killed: Succeeded")
        .contains("12/12 trials done");
  }

  @Test
  void run_killedWhileResuming_beforeItsProgressShows_stillSaysHowToGoOn(@TempDir Path dir) throws Exception {
    // Each trial leaves a process running (a double fork: no descendant of the trial's command) that ignores SIGTERM
    // but for writing "term" to the file "got" in its working directory (the experiment's folder). A resume stops such
    // processes before any trial runs again, giving them 5 s: the window in which this test stops the resume.
    String marker = "marker-" + dir.getFileName();
    Path file = RunCommandTest.shellExperiment(dir, "resumed", ": " + marker + "; ( ( trap \"echo term >> got\" TERM;"
        + " while :; do sleep 0.1; done ) & ); echo started; exec sleep 600");
    Path trials = dir.resolve("runs/default/resumed/trials");
    Process crashed = startJar("run", file.toString(), "--dir", dir.resolve("runs").toString());
    crashed.getOutputStream().close();
    Process resumed = null;
    List<ProcessHandle> left = new ArrayList<>();
    try {
      for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); started(trials) < 2; Thread.sleep(50)) {
        assertThat(System.nanoTime()).as("two trials started in time").isLessThan(until);
      }
      crashed.descendants().forEach(left::add);
      // kill -9: what the trials started goes on running.
      crashed.destroyForcibly();
      assertThat(crashed.waitFor(60, TimeUnit.SECONDS)).isTrue();

      resumed = startJar("run", file.toString(), "--dir", dir.resolve("runs").toString(), "--resume");
      resumed.getOutputStream().close();
      for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); !Files.exists(dir.resolve("got"));
          Thread.sleep(20)) {
        assertThat(System.nanoTime()).as("the resume stopping what the crashed run left").isLessThan(until);
      }
      resumed.toHandle().destroy();
      String err = new String(resumed.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(resumed.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(resumed.exitValue()).as(err).isEqualTo(143);
      assertThat(err).contains("katib: stopped before default/resumed ended; running trials are stopped and run again"
          + " from the start on resume; every completed trial is kept in " + dir.resolve("runs/default/resumed")
          + "; to go on: katib run " + file + " --dir " + dir.resolve("runs") + " --resume\n")
          .doesNotContain("was stopped in this engine");
    } finally {
      crashed.destroyForcibly();
      if (resumed != null) {
        resumed.destroyForcibly();
      }
      left.forEach(ProcessHandle::destroyForcibly);
      ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker))
          .forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** How many trials in {@code trials} have printed "started". */
  private static long started(Path trials) throws IOException {
    if (!Files.isDirectory(trials)) {
      return 0;
    }
    try (var folders = Files.list(trials)) {
      return folders.map(f -> f.resolve("stdout.log")).filter(log -> {
        try {
          return Files.exists(log) && Files.readString(log).contains("started");
        } catch (IOException e) {
          return false;
        }
      }).count();
    }
  }

  /**
   * {@code script} runs the jar on a pseudo-terminal with one stream sent to a file, as a user's shell would:
   * progress is rewritten in place exactly when standard error is the terminal.
   */
  @Test
  void run_progress_isRewrittenInPlaceOnlyWhenStandardErrorIsATerminal(@TempDir Path dir) throws Exception {
    assumeTrue(new ProcessBuilder("script", "--version").start().waitFor() == 0,
        "the terminal katib run writes to comes from util-linux's script, which does not work here");
    Path experiment = RunCommandTest.shellExperiment(dir, "tty", "echo loss=$1");
    String katib = Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + JAR.toAbsolutePath();

    Path typescript = dir.resolve("stderr-to-file.typescript");
    Path errFile = dir.resolve("err.txt");
    script(dir, katib + " run " + experiment + " --dir " + dir.resolve("a") + " 2> " + errFile, typescript);
    Path jsonTypescript = dir.resolve("stdout-to-file.typescript");
    script(dir, katib + " run " + experiment + " --dir " + dir.resolve("b") + " -o json > " + dir.resolve("out.json"),
        jsonTypescript);

    String rewritten = "\rtty: \\d/4 trials done";
    assertThat(Files.readString(errFile)).as("stderr sent to a file").contains("tty: Succeeded")
        .doesNotContainPattern(rewritten).doesNotContain("\r");
    assertThat(Files.readString(jsonTypescript)).as("stderr on the terminal").containsPattern(rewritten)
        .contains("tty: Succeeded");
    assertThat(Files.readString(dir.resolve("out.json"))).startsWith("{");
  }

  private static void script(Path dir, String command, Path typescript) throws Exception {
    Process script = new ProcessBuilder("script", "-q", "-e", "-c", command, typescript.toString()).directory(
        dir.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectErrorStream(true).start();
    script.getOutputStream().close();
    assertThat(script.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).as(Files.readString(typescript)).isZero();
  }
}
