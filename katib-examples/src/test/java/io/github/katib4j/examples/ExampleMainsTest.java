package io.github.katib4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example's main runs as the README gives it, again and again: an earlier run's experiment is no obstacle. */
class ExampleMainsTest {
  @TempDir
  Path runs;

  private void assertRunsTwice(Runnable main, String experiment) {
    main.run();
    assertThat(runs.resolve(experiment).resolve("journal.log")).exists();

    assertThatCode(main::run).doesNotThrowAnyException();
  }

  @Test
  void quickstart() {
    assertRunsTwice(() -> Quickstart.main(new String[] {runs.toString()}), "default/logistic-tpe");
  }

  @Test
  void earlyStopping() {
    assertRunsTwice(() -> EarlyStoppingExample.main(new String[] {runs.toString()}), "default/logistic-median-stop");
  }

  @Test
  void budget() {
    assertRunsTwice(() -> BudgetExample.main(new String[] {runs.toString()}), "default/logistic-budget");
  }

  @Test
  void convertAndRun() {
    assertRunsTwice(() -> ConvertAndRun.main(new String[] {"v1alpha3/experiment.yaml", runs.toString()}),
        "kubeflow/legacy-ridge");
  }
}
