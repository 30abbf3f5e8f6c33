package io.github.katib4j.examples;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.local.LocalKatib;
import io.github.katib4j.local.ProgressPrinter;
import io.github.katib4j.report.ExperimentReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Tunes a Java training function with TPE on this machine: the README's local example, and example 1 of
 * katib-examples. Run it with {@code java -cp katib-examples/target/katib.jar io.github.katib4j.examples.Quickstart}.
 */
public final class Quickstart {
  private Quickstart() {}

  /** Runs the experiment under {@code runs} and returns the optimal trial. */
  public static OptimalTrial run(Path runs) {
    // readme:local-function {
    Experiment experiment = Experiment.builder()
        .name("logistic-tpe")
        .objective(Objective.maximize("accuracy").additionalMetrics("logloss"))
        .algorithm(Algorithm.tpe().setting("random_state", "7"))
        .parameters(
            Parameter.doubleRange("lr", 0.0001, 0.5).logUniform(),
            Parameter.doubleRange("l2", 0.00001, 0.1).logUniform())
        .parallelTrialCount(2).maxTrialCount(24)
        .build();

    ProgressPrinter progress = ProgressPrinter.to(System.err);   // notes go through it, not onto its line
    try (LocalKatib katib = LocalKatib.builder().directory(runs).notes(progress.messages()).build()) {
      ExperimentRef ref = ExperimentRef.of(katib.create(experiment, trial -> {
        LogisticRegression model = new LogisticRegression(trial.doubleValue("lr"), trial.doubleValue("l2"));
        for (int epoch = 1; epoch <= 8; epoch++) {
          model.trainEpoch();
          trial.report(epoch, Map.of("accuracy", model.accuracy(), "logloss", model.logLoss()));
        }
        return Map.of();
      }));
      katib.watch(ref, progress);
      Experiment done = katib.awaitCompletion(ref, Duration.ofMinutes(5));
      progress.end();   // what follows starts on a line of its own

      OptimalTrial best = done.status().orElseThrow().optimalTrial().orElseThrow();
      System.out.println("Best: " + best.bestTrialName() + " " + best.parameterAssignments());
      Path report = katib.directory(ref).resolve("report.html");
      ExperimentReport.of(done, katib.trials(ref)).writeHtml(report);
      System.out.println("Report: " + report);
      // }
      return best;
    }
  }

  public static void main(String[] args) {
    Path runs = Path.of(args.length > 0 ? args[0] : "katib-runs");
    ExampleRuns.deleteEarlier(runs, ExperimentRef.of("default", "logistic-tpe"));
    run(runs);
  }
}
