package io.github.katib4j.metrics;

import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.Observation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A trial's metric log as Katib's collector would send it to Katib's DB, with notes for the user about anything
 * surprising found on the way (values Katib ignores, unreadable event files, an objective that never appeared).
 */
public final class MetricsLog {
  private final List<MetricReport> reports;
  private final List<String> notes;

  private MetricsLog(List<MetricReport> reports, List<String> notes) {
    this.reports = List.copyOf(reports);
    this.notes = List.copyOf(notes);
  }

  public static MetricsLog of(List<MetricReport> reports, List<String> notes) {
    return new MetricsLog(reports, notes);
  }

  /** The reported values in the order the collector found them. */
  public List<MetricReport> reports() {
    return reports;
  }

  /** Things the user should know, each a sentence naming the file, line or tag and what to do. */
  public List<String> notes() {
    return notes;
  }

  /** The trial's observation as Katib records it; empty when nothing was reported. See {@link Observations#of}. */
  public Optional<Observation> observation(Objective objective) {
    return Observations.of(reports, objective);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricsLog && reports.equals(((MetricsLog) o).reports)
        && notes.equals(((MetricsLog) o).notes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reports, notes);
  }

  @Override
  public String toString() {
    return "MetricsLog" + reports + (notes.isEmpty() ? "" : " notes=" + notes);
  }
}
