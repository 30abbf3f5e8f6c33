package io.github.katib4j.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Experiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs process trials on a 300 KiB tmpfs that a filler file has all but filled, as on a full disk: a trial that fails
 * because its file cannot be written must stop the run with an error saying the disk is full, not count as a failed
 * trial, so that the experiment goes on when resumed once there is room. Needs to mount a tmpfs (root); skipped
 * otherwise.
 */
class FullDiskIT {
  @TempDir
  Path dir;

  private Path mount;

  /**
   * Each trial writes a 100 KB file into its folder and removes it; when the file cannot be written it removes the
   * part written and exits 1, so the journal still has room.
   */
  static Experiment experiment() {
    return CommandExperiments.randomOverX("full", 1, 3,
        "[/bin/sh, -c, 'cd \"$KATIB_TRIAL_DIR\" && head -c 100000 /dev/zero > big || { rm -f big; exit 1; };"
            + " rm big; echo loss=$0']",
        "['${trialParameters.x}']");
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", "-l", mount.toString());
    }
  }

  @Test
  void trialFailingOnAFullDisk_stopsTheRun_andResumeGoesOnOnceThereIsRoom() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", small.toString()) == 0,
        "cannot mount a tmpfs here (needs root: mount -t tmpfs -o size=300k tmpfs DIR)");
    mount = small;
    Path filler = small.resolve("filler");
    long free = Files.getFileStore(small).getUsableSpace();
    Files.write(filler, new byte[(int) Math.max(0, free - 48 * 1024)]);
    Path runs = small.resolve("runs");
    ExperimentRef ref;

    try (LocalKatib katib = LocalKatib.builder().directory(runs).seed(5).build()) {
      ref = ExperimentRef.of(katib.create(experiment()));
      Throwable stopped = catchThrowable(() -> katib.awaitCompletion(ref, Duration.ofSeconds(60)));
      assertThat(stopped).isInstanceOf(KatibException.class);
      assertThat(stopped.getMessage()).contains("stopped: trial ").contains("bytes free")
          .contains("likely failed for want of room; its failure is not recorded")
          .contains("once what stopped the journal is fixed (room on the disk");
    }
    String journal = Files.readString(runs.resolve("default").resolve("full").resolve("journal.log"));
    assertThat(journal).as("the journal, which must not record the trial's failure").doesNotContain("\"FAILED\"");

    Files.delete(filler);
    try (LocalKatib katib = LocalKatib.builder().directory(runs).seed(5).build()) {
      katib.resume(ref);
      Experiment done = katib.awaitCompletion(ref, Duration.ofSeconds(60));
      assertThat(done.status().orElseThrow().trialsSucceeded()).as(done.status().toString()).isEqualTo(3);
      assertThat(done.status().orElseThrow().trialsFailed()).isZero();
    }
  }
}
