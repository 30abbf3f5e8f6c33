package io.github.katib4j.examples;

import io.github.katib4j.Budget;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.local.LocalKatib;
import io.github.katib4j.local.TrialFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Gives a finished experiment more trials: Katib restarts an experiment that succeeded by reaching
 * {@code maxTrialCount} when its resume policy is LongRunning or FromVolume and the budget is raised.
 */
public final class BudgetExample {
  private BudgetExample() {}

  static final TrialFunction TRAIN = trial -> {
    LogisticRegression model = new LogisticRegression(trial.doubleValue("lr"), 0.001);
    for (int epoch = 0; epoch < 4; epoch++) {
      model.trainEpoch();
    }
    return Map.of("accuracy", model.accuracy());
  };

  /** Runs six trials, then raises the budget to ten; returns the experiment after the restart. */
  public static Experiment run(Path runs) {
    Experiment experiment = Experiment.builder()
        .name("logistic-budget")
        .objective(Objective.maximize("accuracy"))
        .algorithm(Algorithm.tpe())
        .parameters(Parameter.doubleRange("lr", 0.0001, 0.5).logUniform())
        .parallelTrialCount(2).maxTrialCount(6)
        .resumePolicy(ResumePolicy.LONG_RUNNING)
        .build();
    try (LocalKatib katib = LocalKatib.builder().directory(runs).build()) {
      ExperimentRef ref = ExperimentRef.of(katib.run(experiment, TRAIN, Duration.ofMinutes(5)));
      // readme:budget {
      katib.editBudget(ref, Budget.unchanged().withMaxTrialCount(10));   // Restarting, then Running again
      Experiment done = katib.awaitCompletion(ref, Duration.ofMinutes(5));
      // }
      return done;
    }
  }

  public static void main(String[] args) {
    Path runs = Path.of(args.length > 0 ? args[0] : "katib-runs");
    ExampleRuns.deleteEarlier(runs, ExperimentRef.of("default", "logistic-budget"));
    System.out.println(run(runs).status().orElseThrow().trials());
  }
}
