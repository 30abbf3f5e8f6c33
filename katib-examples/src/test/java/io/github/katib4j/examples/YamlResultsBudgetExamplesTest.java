package io.github.katib4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentConditionType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlResultsBudgetExamplesTest {
  @TempDir
  Path dir;

  @Test
  void yaml_readsValidatesAndDefaultsTheQuickstart() {
    Experiment stored = YamlExample.show(Path.of("quickstart/experiment.yaml"));

    assertThat(stored.spec().resumePolicy()).isPresent();
    assertThat(stored.spec().metricsCollectorSpec()).isPresent();
    assertThat(stored.spec().trialTemplate().orElseThrow().successCondition()).contains("Complete");
  }

  @Test
  void results_exportTheQuickstartsTrials() throws Exception {
    Quickstart.run(dir.resolve("runs"));

    Experiment read = ResultsExample.export(dir.resolve("runs"), dir);

    assertThat(read.status().orElseThrow().trials()).isEqualTo(24);
    assertThat(Files.readAllLines(dir.resolve("trials.csv"))).hasSize(25);
    assertThat(Files.readString(dir.resolve("trials.json"))).contains("\"accuracy\"");
    assertThat(dir.resolve("report.html")).exists();
  }

  @Test
  void budget_raisingMaxTrialsRestartsTheFinishedExperiment() {
    Experiment done = BudgetExample.run(dir);

    assertThat(done.status().orElseThrow().trials()).isEqualTo(10);
    assertThat(done.status().orElseThrow().isSucceeded()).isTrue();
    assertThat(done.status().orElseThrow().condition(ExperimentConditionType.RESTARTING)).isPresent();
  }
}
