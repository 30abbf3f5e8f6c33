package io.github.katib4j.metrics;

import io.github.katib4j.experiment.Metric;
import io.github.katib4j.experiment.MetricStrategy;
import io.github.katib4j.experiment.MetricStrategyType;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.experiment.ObjectiveType;
import io.github.katib4j.experiment.Observation;
import io.github.katib4j.internal.metrics.GoFloat;
import io.github.katib4j.internal.metrics.GoTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * How Katib's controller turns a trial's metric log into its {@code status.observation}, picks the objective value
 * from it, and decides whether metrics are available.
 */
public final class Observations {
  private Observations() {}

  /**
   * The observation Katib records for this log ({@code getMetrics}); empty for an empty log, where Katib leaves the
   * observation unset.
   *
   * <p>One metric per metric strategy (the objective first, then the additional metrics, with Katib's default
   * strategies): {@code min}/{@code max} over the values that parse as numbers (keeping their text), {@code latest}
   * the value with the newest timestamp, a later record winning a tie, numeric or not; {@code "unavailable"} where
   * nothing qualifies. Katib reads the log back from its database ordered by time at microsecond precision; that
   * order decides ties between equal numbers written differently ({@code 1.0}, {@code 1}), so it is reproduced here.
   */
  public static Optional<Observation> of(List<MetricReport> log, Objective objective) {
    if (log.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Reduction> metrics = new LinkedHashMap<>();
    for (MetricStrategy strategy : metricStrategies(objective)) {
      metrics.putIfAbsent(strategy.name(), new Reduction());
    }
    List<MetricReport> ordered = log;
    if (log.size() > 1) {
      // A stable sort: of records at the same time, the later one stays later, and so wins "latest".
      ordered = new ArrayList<>(log);
      ordered.sort(Comparator.comparing(r -> GoTime.toDatabasePrecision(r.timestamp())));
    }
    for (MetricReport report : ordered) {
      Reduction metric = metrics.get(report.name());
      if (metric != null) {
        metric.add(report.value());
      }
    }
    Observation.Builder observation = Observation.builder();
    metrics.forEach((name, m) -> observation.addMetric(Metric.builder().name(name).min(m.min).max(m.max)
        .latest(m.latest).build()));
    return Optional.of(observation.build());
  }

  /** One metric's values reduced in time order: min and max of the numbers (their text kept), and the latest. */
  private static final class Reduction {
    String min = Metric.UNAVAILABLE;
    String max = Metric.UNAVAILABLE;
    String latest = Metric.UNAVAILABLE;
    /** The numbers of min and max once a number is seen, so each value is parsed once. */
    double minValue;
    double maxValue;
    boolean numberSeen;

    void add(String text) {
      OptionalDouble number = GoFloat.parse(text);
      if (number.isPresent()) {
        double value = number.getAsDouble();
        if (!numberSeen) {
          numberSeen = true;
          minValue = value;
          maxValue = value;
          min = text;
          max = text;
        } else if (value < minValue) {
          minValue = value;
          min = text;
        } else if (value > maxValue) {
          maxValue = value;
          max = text;
        }
      }
      latest = text;
    }
  }

  /**
   * The objective's metric strategies as Katib's defaulting webhook completes them: the ones given, then the objective
   * metric and each additional metric without one, reduced by {@code min} when minimizing, {@code max} when
   * maximizing, {@code latest} otherwise.
   */
  public static List<MetricStrategy> metricStrategies(Objective objective) {
    List<MetricStrategy> strategies = new ArrayList<>(objective.metricStrategies());
    MetricStrategyType byType = strategyByType(objective);
    String objectiveName = objective.objectiveMetricName();
    // Loops rather than streams: this runs for every trial's observation.
    boolean objectiveHasStrategy = false;
    Set<String> withStrategy = new HashSet<>();
    for (MetricStrategy strategy : objective.metricStrategies()) {
      if (strategy.name().equals(objectiveName)) {
        objectiveHasStrategy = true;
      } else {
        withStrategy.add(strategy.name());
      }
    }
    if (!objectiveHasStrategy) {
      strategies.add(MetricStrategy.of(objectiveName, Optional.of(byType)));
    }
    for (String name : objective.additionalMetricNames()) {
      if (!withStrategy.contains(name)) {
        strategies.add(MetricStrategy.of(name, Optional.of(byType)));
      }
    }
    return strategies;
  }

  /**
   * The objective value Katib compares, as text ({@code getObjectiveMetricValue}): the objective metric's {@code min}
   * or {@code max} by its strategy, falling back to {@code latest} when that is unavailable, or its {@code latest};
   * empty when unavailable. Katib treats text that is not a number ({@link #parseFloat}) as the best value so far.
   */
  public static Optional<String> objectiveValue(Observation observation, Objective objective) {
    String name = objective.objectiveMetricName();
    // The objective's entry in metricStrategies(objective), found without building that list: this runs several
    // times for every trial.
    for (MetricStrategy strategy : objective.metricStrategies()) {
      if (strategy.name().equals(name)) {
        return strategy.value().flatMap(type -> value(observation, name, type));
      }
    }
    return value(observation, name, strategyByType(objective));
  }

  /** The strategy Katib's defaulting gives metrics that set none: by the objective's type, else {@code latest}. */
  private static MetricStrategyType strategyByType(Objective objective) {
    return objective.type().map(t -> t == ObjectiveType.MINIMIZE ? MetricStrategyType.MIN : MetricStrategyType.MAX)
        .orElse(MetricStrategyType.LATEST);
  }

  /**
   * The value of metric {@code name} reduced by {@code strategy} as Katib's controller does: {@code min} or
   * {@code max}, falling back to {@code latest} when that is unavailable, or {@code latest}; empty when the metric is
   * missing or unavailable.
   */
  public static Optional<String> value(Observation observation, String name, MetricStrategyType strategy) {
    for (Metric metric : observation.metrics()) {
      if (metric.name().equals(name)) {
        String value;
        switch (strategy) {
          case MIN:
            value = metric.min().equals(Metric.UNAVAILABLE) ? metric.latest() : metric.min();
            break;
          case MAX:
            value = metric.max().equals(Metric.UNAVAILABLE) ? metric.latest() : metric.max();
            break;
          default:
            value = metric.latest();
        }
        return value.isEmpty() || value.equals(Metric.UNAVAILABLE) ? Optional.empty() : Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether Katib considers the trial's metrics available ({@code IsObservationAvailable}): the objective metric is in
   * the observation with a {@code latest} other than {@code "unavailable"}. A succeeded trial without them becomes
   * {@code MetricsUnavailable}.
   */
  public static boolean isAvailable(Observation observation, Objective objective) {
    for (Metric metric : observation.metrics()) {
      if (metric.name().equals(objective.objectiveMetricName()) && !metric.latest().equals(Metric.UNAVAILABLE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A metric value as Katib's controller reads it (Go's {@code strconv.ParseFloat}); empty for text that is not a
   * number to Katib. Note that {@code inf}, {@code -Infinity} and {@code nan} are numbers to Katib.
   */
  public static OptionalDouble parseFloat(String value) {
    return GoFloat.parse(value);
  }
}
