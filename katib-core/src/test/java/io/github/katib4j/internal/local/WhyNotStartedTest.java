package io.github.katib4j.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a process trial that did not start says beyond the system's error, from real files. */
class WhyNotStartedTest {
  @TempDir
  Path dir;

  @Test
  void scriptWithoutTheExecuteBit_saysSoAndHowToFixIt() throws IOException {
    script("train.sh", "#!/bin/sh\necho loss=1\n", "rw-r--r--");

    assertThat(ProcessTrial.whyNotStarted("./train.sh", dir, "/usr/bin:/bin"))
        .isEqualTo("; " + dir.resolve("./train.sh") + " is not executable: make it so (chmod +x ./train.sh), or run it"
            + " through its interpreter (command: [sh, ./train.sh, ...])");
  }

  @Test
  void scriptWithWindowsLineEndings_namesTheInterpreterTheSystemLookedFor() throws IOException {
    script("train.sh", "#!/bin/sh\r\necho loss=1\r\n", "rwxr-xr-x");

    assertThat(ProcessTrial.whyNotStarted("./train.sh", dir, "/usr/bin:/bin"))
        .isEqualTo("; its first line names the interpreter \"/bin/sh\\r\": the file has Windows line endings, which"
            + " no interpreter's name has; convert them (dos2unix ./train.sh, or sed -i 's/\\r$//' ./train.sh)");
  }

  @Test
  void programWhoseNameHasShellSyntax_isQuotedInTheCommandsToPaste_whichFixItWhenRun() throws Exception {
    script("my train's $x.sh", "#!/bin/sh\r\necho loss=1\r\n", "rw-r--r--");
    String program = "./my train's $x.sh";
    Path file = dir.resolve(program);

    String notExecutable = ProcessTrial.whyNotStarted(program, dir, "/usr/bin:/bin");
    assertThat(notExecutable).contains("(chmod +x './my train'\\''s $x.sh')");
    shell(notExecutable.substring(notExecutable.indexOf("(chmod") + 1, notExecutable.indexOf("), or run")));
    assertThat(Files.isExecutable(file)).as("made executable by: %s", notExecutable).isTrue();

    String windows = ProcessTrial.whyNotStarted(program, dir, "/usr/bin:/bin");
    shell(windows.substring(windows.indexOf(", or sed") + 5, windows.lastIndexOf(')')));
    assertThat(Files.readString(file)).as("converted by: %s", windows).isEqualTo("#!/bin/sh\necho loss=1\n");
  }

  /** Runs {@code command}, as the user pastes it, in a real shell in {@code dir}. */
  private void shell(String command) throws Exception {
    Process shell = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).inheritIO().start();
    assertThat(shell.waitFor()).as(command).isZero();
  }

  @Test
  void scriptNamingAMissingInterpreter_saysWhich() throws IOException {
    script("train.py", "#!/opt/no-such-python/bin/python3 -u\nprint('loss=1')\n", "rwxr-xr-x");

    assertThat(ProcessTrial.whyNotStarted("./train.py", dir, "/usr/bin:/bin"))
        .isEqualTo("; its first line names the interpreter /opt/no-such-python/bin/python3, which this machine does"
            + " not have");
  }

  @Test
  void programOnNoFolderOfThePath_saysWhereItWasLookedFor() {
    assertThat(ProcessTrial.whyNotStarted("no-such-trainer", dir, "/usr/bin:/bin"))
        .isEqualTo("; no-such-trainer is in no folder of this machine's PATH (/usr/bin:/bin): install it, or give its"
            + " path");
  }

  @Test
  void programFoundOnThePath_isLookedAtThere() throws IOException {
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Files.writeString(bin.resolve("trainer"), "#!/bin/sh\r\n");

    assertThat(ProcessTrial.whyNotStarted("trainer", dir, "/no-such-folder:" + bin))
        .startsWith("; " + bin.resolve("trainer") + " is not executable");
  }

  @Test
  void folder_orMissingFile_orScriptThatShouldStart_sayNothingMoreOrWhatItIs() throws IOException {
    Files.createDirectory(dir.resolve("models"));
    script("ok.sh", "#!/bin/sh\necho loss=1\n", "rwxr-xr-x");

    assertThat(ProcessTrial.whyNotStarted("./models", dir, "/bin")).isEqualTo("; " + dir.resolve("./models")
        + " is a folder");
    assertThat(ProcessTrial.whyNotStarted("./missing.sh", dir, "/bin")).isEmpty();
    assertThat(ProcessTrial.whyNotStarted("./ok.sh", dir, "/bin")).isEmpty();
  }

  private void script(String name, String text, String permissions) throws IOException {
    Path file = Files.writeString(dir.resolve(name), text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
  }
}
