package io.github.katib4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.CollectorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrappedCommandTest {
  @TempDir
  Path dir;

  @Test
  void katibCommand_joinsBySpacesUnderShKeepingALeadingShellAndRedirectsForStdOutOnly() {
    assertThat(WrappedCommand.katibCommand(List.of("python3", "train.py", "--lr=0.1"), CollectorKind.STD_OUT))
        .isEqualTo("sh -c 'python3 train.py --lr=0.1 1>/var/log/katib/metrics.log 2>&1'");
    assertThat(WrappedCommand.katibCommand(List.of("bash", "-c", "a; b"), CollectorKind.FILE))
        .isEqualTo("bash -c 'a; b'");
    // Katib compares the program with "sh" exactly: /bin/sh -c is wrapped in a shell of its own.
    assertThat(WrappedCommand.katibCommand(List.of("/bin/sh", "-c", "echo 'x'"), CollectorKind.TENSORFLOW_EVENT))
        .isEqualTo("sh -c '/bin/sh -c echo '\\''x'\\'''");
  }

  @Test
  void surprise_scriptWithSeveralCommands_stdOutOnlySeesTheLast_asARealShellShows() throws Exception {
    List<String> argv = List.of("sh", "-c", "echo loss=0.1; echo acc=0.2");
    assertThat(WrappedCommand.surprise(argv, CollectorKind.STD_OUT, "t1: container \"training\"")).hasValueSatisfying(
        note -> assertThat(note).startsWith("t1: container \"training\": on a cluster, Katib's pod webhook runs sh -c"
            + " 'echo loss=0.1; echo acc=0.2 1>/var/log/katib/metrics.log 2>&1'")
            .contains("the output of the others never reaches the StdOut collector")
            .contains("put the program in a script file"));
    // What the note claims, with the command Katib builds run by a real shell.
    Path log = dir.resolve("metrics.log");
    String joined = "echo loss=0.1; echo acc=0.2 1>" + log + " 2>&1";
    Process shell = new ProcessBuilder("sh", "-c", joined).redirectOutput(dir.resolve("out").toFile()).start();
    assertThat(shell.waitFor()).isZero();
    assertThat(Files.readString(log, StandardCharsets.UTF_8)).isEqualTo("acc=0.2\n");
    // File and TensorFlowEvent get no redirection: the program writes its own file.
    assertThat(WrappedCommand.surprise(argv, CollectorKind.FILE, "t")).isEmpty();
  }

  @Test
  void surprise_argumentWithSpacesOrShellSyntax_isReSplitByTheShell() throws Exception {
    List<String> argv = List.of("python3", "-c", "import sys; print(\"loss=0.5\", sys.argv)", "--lr=0.5");
    assertThat(WrappedCommand.surprise(argv, CollectorKind.STD_OUT, "t")).hasValueSatisfying(note -> assertThat(note)
        .contains("sh -c 'python3 -c import sys; print(\"loss=0.5\", sys.argv) --lr=0.5 1>/var/log/katib/metrics.log"
            + " 2>&1'")
        .contains("the argument \"import sys; print(\\\"loss=0.5\\\", sys.argv)\" holds white space or shell syntax"));
    Process shell = new ProcessBuilder("sh", "-c", "python3 -c import sys; print(\"loss=0.5\", sys.argv) --lr=0.5")
        .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
    assertThat(shell.waitFor()).as("sh's syntax error").isNotZero();
    assertThat(WrappedCommand.surprise(List.of("echo", ""), CollectorKind.TENSORFLOW_EVENT, "t")).hasValueSatisfying(
        note -> assertThat(note).contains("the argument \"\" disappears"));
    assertThat(WrappedCommand.surprise(List.of("sh", "-c", "python3 t.py $1", "--", "--lr=1"), CollectorKind.FILE,
        "t")).hasValueSatisfying(note -> assertThat(note).contains("become part of the script's text"));
  }

  @Test
  void surprise_plainArgumentsPlaceholdersAndOtherCollectors_sayNothing() {
    assertThat(WrappedCommand.surprise(List.of("python3", "/opt/train.py", "--lr=${trialParameters.lr}", "-v"),
        CollectorKind.STD_OUT, "t")).isEmpty();
    assertThat(WrappedCommand.surprise(List.of("sh", "-c", "python3 train.py --lr=${trialParameters.lr}"),
        CollectorKind.STD_OUT, "t")).isEmpty();
    assertThat(WrappedCommand.surprise(List.of("sh", "-c", "a; b"), CollectorKind.PUSH, "t")).isEmpty();
    assertThat(WrappedCommand.surprise(List.of("python3", "-c", "a; b"), CollectorKind.CUSTOM, "t")).isEmpty();
  }
}
