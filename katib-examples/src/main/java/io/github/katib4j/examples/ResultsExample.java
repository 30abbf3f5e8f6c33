package io.github.katib4j.examples;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.local.LocalKatib;
import io.github.katib4j.report.ExperimentReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a local experiment's trials and exports them. */
public final class ResultsExample {
  private ResultsExample() {}

  /** For the experiment {@link Quickstart} ran under {@code runs}: writes exports into {@code out}. */
  public static Experiment export(Path runs, Path out) throws IOException {
    // readme:results {
    try (LocalKatib katib = LocalKatib.builder().directory(runs).build()) {
      ExperimentRef ref = ExperimentRef.of("default", "logistic-tpe");
      List<Trial> trials = katib.trials(ref);   // Katib's Trial objects: assignments, conditions, observation
      ExperimentReport report = ExperimentReport.of(katib.get(ref), trials);
      System.out.print(report.table());
      Files.writeString(out.resolve("trials.csv"), report.toCsv());
      Files.writeString(out.resolve("trials.json"), report.toJson());
      report.writeHtml(out.resolve("report.html"));
      // }
      return katib.get(ref);
    }
  }

  public static void main(String[] args) {
    try {
      export(Path.of("katib-runs"), Path.of("katib-runs"));   // next to the experiment folders
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
