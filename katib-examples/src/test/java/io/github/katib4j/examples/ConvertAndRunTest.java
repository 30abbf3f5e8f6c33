package io.github.katib4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ResumePolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertAndRunTest {
  @TempDir
  Path runs;

  @Test
  void run_convertsTheV1alpha3ExperimentAndRunsItToTheEnd() {
    Experiment done = ConvertAndRun.run(Path.of("v1alpha3/experiment.yaml"), runs);

    assertThat(done.status().orElseThrow().isSucceeded()).isTrue();
    assertThat(done.status().orElseThrow().trialsSucceeded()).isEqualTo(6);
    assertThat(done.spec().parameters()).extracting(p -> p.name()).containsExactly("lr", "momentum");
    assertThat(done.spec().resumePolicy()).contains(ResumePolicy.LONG_RUNNING);
    assertThat(done.status().orElseThrow().optimalTrial().orElseThrow().observation().metric("loss")).isPresent();
  }
}
