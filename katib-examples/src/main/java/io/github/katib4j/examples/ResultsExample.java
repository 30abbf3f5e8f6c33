package io.github.katib4j.examples;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.local.LocalKatib;
import io.github.katib4j.report.ExperimentReport;
import java.nio.file.Path;
import java.util.List;

/** Reads a local experiment's trials and exports them. */
public final class ResultsExample {
  private ResultsExample() {}

  /** For the experiment {@link Quickstart} ran under {@code runs}: writes exports into {@code out}. */
  public static Experiment export(Path runs, Path out) {
    // readme:results {
    try (LocalKatib katib = LocalKatib.builder().directory(runs).build()) {
      ExperimentRef ref = ExperimentRef.of("default", "logistic-tpe");
      List<Trial> trials = katib.trials(ref);   // Katib's Trial objects: assignments, conditions, observation
      ExperimentReport report = ExperimentReport.of(katib.get(ref), trials);
      System.out.print(report.table());
      report.writeCsv(out.resolve("trials.csv"));
      report.writeJson(out.resolve("trials.json"));
      report.writeHtml(out.resolve("report.html"));
      // }
      return katib.get(ref);
    }
  }

  public static void main(String[] args) {
    export(Path.of("katib-runs"), Path.of("katib-runs"));   // next to the experiment folders
  }
}
