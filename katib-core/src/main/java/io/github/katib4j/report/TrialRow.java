package io.github.katib4j.report;

import io.github.katib4j.experiment.TrialConditionType;
import io.github.katib4j.metrics.Observations;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One trial as a row of results: its parameter assignments, its state, and each metric's value as Katib compares it
 * (reduced by the metric's strategy).
 */
public final class TrialRow {
  private final int number;
  private final String name;
  private final TrialConditionType state;
  private final Map<String, String> parameters;
  private final Map<String, String> metrics;
  private final String objectiveMetric;
  private final Instant startTime;
  private final Instant completionTime;

  TrialRow(int number, String name, TrialConditionType state, Map<String, String> parameters,
      Map<String, String> metrics, String objectiveMetric, Instant startTime, Instant completionTime) {
    this.number = number;
    this.name = name;
    this.state = state;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    this.objectiveMetric = objectiveMetric;
    this.startTime = startTime;
    this.completionTime = completionTime;
  }

  /** 1 for the first trial created, and so on. */
  public int number() {
    return number;
  }

  public String name() {
    return name;
  }

  /** The trial's state, or empty while it is pending. */
  public Optional<TrialConditionType> state() {
    return Optional.ofNullable(state);
  }

  /** The state's name, {@code Pending} when it has none. */
  public String stateName() {
    return state == null ? "Pending" : state.wireName();
  }

  /** Parameter name to assigned value, in the experiment's parameter order. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** Metric name to its value by the metric's strategy, objective first; only metrics that were observed. */
  public Map<String, String> metrics() {
    return metrics;
  }

  /** The objective value Katib compares, when the trial has one that is a number. */
  public OptionalDouble objective() {
    String value = metrics.get(objectiveMetric);
    return value == null ? OptionalDouble.empty() : Observations.parseFloat(value);
  }

  public Optional<Instant> startTime() {
    return Optional.ofNullable(startTime);
  }

  public Optional<Instant> completionTime() {
    return Optional.ofNullable(completionTime);
  }

  /** How long the trial ran, once it has completed. */
  public Optional<Duration> duration() {
    return startTime == null || completionTime == null ? Optional.empty()
        : Optional.of(Duration.between(startTime, completionTime));
  }
}
