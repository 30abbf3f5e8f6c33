package io.github.katib4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.OptimalTrial;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
  @TempDir
  Path runs;

  @Test
  void run_findsAModelBetterThanTheUntunedDefault() {
    LogisticRegression untuned = new LogisticRegression(0.01, 0.001);
    for (int epoch = 1; epoch <= 8; epoch++) {
      untuned.trainEpoch();
    }

    OptimalTrial best = Quickstart.run(runs);

    double accuracy = best.observation().metric("accuracy").orElseThrow().maxValue().orElseThrow();
    assertThat(accuracy).isGreaterThan(untuned.accuracy()).isGreaterThan(0.7);
    assertThat(best.parameterAssignments()).extracting(a -> a.name()).containsExactly("lr", "l2");
    assertThat(runs.resolve("default/logistic-tpe/report.html")).exists();
    assertThat(runs.resolve("default/logistic-tpe/journal.log")).exists();
  }
}
