package io.github.katib4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.local.LocalKatib;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyStoppingExampleTest {
  @TempDir
  Path runs;

  @Test
  void run_stopsTrailingTrialsEarly_afterTheirStartStep() {
    Experiment done = EarlyStoppingExample.run(runs);

    assertThat(done.status().orElseThrow().isSucceeded()).isTrue();
    assertThat(done.status().orElseThrow().trialsEarlyStopped()).isPositive();
    try (LocalKatib katib = LocalKatib.builder().directory(runs).build()) {
      List<Trial> trials = katib.trials(EarlyStoppingExample.ref());
      assertThat(trials).filteredOn(t -> t.status().orElseThrow().is(TrialConditionType.EARLY_STOPPED))
          .allSatisfy(t -> {
            assertThat(t.spec().earlyStoppingRules()).singleElement().satisfies(rule -> {
              assertThat(rule.name()).isEqualTo("accuracy");
              assertThat(rule.startStep()).isEqualTo(4);
              assertThat(rule.comparison().orElseThrow().wireName()).isEqualTo("less");
            });
            assertThat(t.status().orElseThrow().observation().orElseThrow().metric("accuracy")).isPresent();
          });
      assertThat(trials.subList(0, 3)).allSatisfy(t -> assertThat(t.spec().earlyStoppingRules()).isEmpty());
    }
  }
}
