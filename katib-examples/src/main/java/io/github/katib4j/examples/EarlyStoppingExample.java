package io.github.katib4j.examples;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.EarlyStopping;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.local.LocalKatib;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Median stopping: trials report their accuracy every epoch, and once enough trials have finished, a trial whose
 * accuracy after {@code start_step} epochs is below the median of earlier trials is stopped early, as Katib's
 * {@code medianstop} does. Example 4 of katib-examples.
 */
public final class EarlyStoppingExample {
  private EarlyStoppingExample() {}

  /** Runs the experiment under {@code runs} and returns its final state. */
  public static Experiment run(Path runs) {
    // readme:early-stopping {
    Experiment experiment = Experiment.builder()
        .name("logistic-median-stop")
        .objective(Objective.maximize("accuracy"))
        .algorithm(Algorithm.random().setting("random_state", "3"))
        .earlyStopping(EarlyStopping.medianStop(3, 4))   // min_trials_required=3, start_step=4
        .parameters(Parameter.doubleRange("lr", 0.00001, 0.5).logUniform(),
            Parameter.doubleRange("l2", 0.00001, 0.1).logUniform())
        .parallelTrialCount(1).maxTrialCount(20)
        .build();

    try (LocalKatib katib = LocalKatib.builder().directory(runs).build()) {
      Experiment done = katib.run(experiment, trial -> {
        LogisticRegression model = new LogisticRegression(trial.doubleValue("lr"), trial.doubleValue("l2"));
        for (int epoch = 1; epoch <= 12; epoch++) {
          model.trainEpoch();
          trial.report(epoch, Map.of("accuracy", model.accuracy()));   // throws once the trial is stopped
        }
        return Map.of();
      }, Duration.ofMinutes(5));
      ExperimentStatus status = done.status().orElseThrow();
      System.out.println(status.trialsEarlyStopped() + " of " + status.trials() + " trials were stopped early; best: "
          + status.optimalTrial().orElseThrow().bestTrialName());
      // }
      return done;
    }
  }

  public static void main(String[] args) {
    Path runs = Path.of(args.length > 0 ? args[0] : "katib-runs");
    ExampleRuns.deleteEarlier(runs, ref());
    run(runs);
  }

  /** The experiment's reference, for callers that inspect its trials. */
  public static ExperimentRef ref() {
    return ExperimentRef.of("default", "logistic-median-stop");
  }
}
