package io.github.katib4j.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletes, from this JVM, an experiment that an engine in another JVM is running: the delete is refused, naming that
 * process, and the running experiment keeps its journal and lock; once that process is gone, the delete goes through.
 */
class DeleteHeldExperimentIT {
  @TempDir
  Path dir;

  /** Runs in the other JVM: starts an experiment whose one trial runs until the JVM is killed. */
  public static void main(String[] args) throws Exception {
    LocalKatib katib = LocalKatib.builder().directory(Path.of(args[0])).build();
    katib.create(Experiment.builder()
        .name("shared")
        .objective(Objective.minimize("loss"))
        .algorithm(Algorithm.random())
        .parameters(Parameter.doubleRange("x", 0, 1))
        .maxTrialCount(1)
        .parallelTrialCount(1)
        .build(), trial -> {
          Thread.sleep(Long.MAX_VALUE);
          return Map.of();
        });
    Thread.sleep(Long.MAX_VALUE);
  }

  @Test
  void delete_ofAnExperimentAnotherProcessRuns_isRefusedNamingIt_andLeavesItRunning() throws Exception {
    Path runs = dir.resolve("runs");
    Process other = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), DeleteHeldExperimentIT.class.getName(), runs.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("other.log").toFile()).start();
    ExperimentRef ref = ExperimentRef.of("default", "shared");
    Path journal = runs.resolve("default").resolve("shared").resolve("journal.log");
    try (LocalKatib katib = LocalKatib.builder().directory(runs).build()) {
      KillAndResumeIT.waitFor(() -> Files.exists(journal) && Files.readString(journal).contains("\"record\":\"start\""),
          Duration.ofSeconds(60));

      assertThatThrownBy(() -> katib.delete(ref)).isInstanceOf(KatibException.class)
          .hasMessageContaining("is in use by another katib4j engine (process " + other.pid() + " since ")
          .hasMessageContaining("Experiment default/shared was not deleted");
      assertThat(journal).exists();
      assertThat(other.isAlive()).isTrue();
      assertThat(katib.get(ref).status().orElseThrow().trialsRunning()).isEqualTo(1);

      other.destroyForcibly();
      assertThat(other.waitFor(20, TimeUnit.SECONDS)).isTrue();
      katib.delete(ref);
      assertThat(runs.resolve("default").resolve("shared")).doesNotExist();
    } finally {
      other.destroyForcibly();
    }
  }
}
