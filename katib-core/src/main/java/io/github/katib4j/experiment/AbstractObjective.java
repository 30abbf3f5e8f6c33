package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * The objective ({@code spec.objective}): which metric to minimize or maximize, an optional goal, and the metrics
 * collected beside it.
 *
 * <p>{@code Objective.maximize("accuracy").goal(0.99).additionalMetrics("loss")}.
 */
@Value.Immutable
public abstract class AbstractObjective {
  public abstract Optional<ObjectiveType> type();

  /** Katib succeeds the experiment once the best objective value reaches this goal. */
  public abstract OptionalDouble goal();

  @Value.Default
  public String objectiveMetricName() {
    return "";
  }

  public abstract List<String> additionalMetricNames();

  public abstract List<MetricStrategy> metricStrategies();

  /** The strategy set for {@code metricName}, if any. */
  public Optional<MetricStrategyType> strategyFor(String metricName) {
    return metricStrategies().stream()
        .filter(s -> s.name().equals(metricName))
        .findFirst()
        .flatMap(MetricStrategy::value);
  }

  /** A copy with this goal. */
  public Objective goal(double goal) {
    return Objective.copyOf(this).withGoal(goal);
  }

  /** A copy that also collects these metrics. */
  public Objective additionalMetrics(String... metricNames) {
    return Objective.builder().from(this).addAdditionalMetricNames(metricNames).build();
  }

  /** A copy that reduces {@code metricName} with {@code strategy}, replacing an earlier strategy for it. */
  public Objective strategy(String metricName, MetricStrategyType strategy) {
    List<MetricStrategy> strategies = new ArrayList<>();
    metricStrategies().stream().filter(s -> !s.name().equals(metricName)).forEach(strategies::add);
    strategies.add(MetricStrategy.of(metricName, Optional.of(strategy)));
    return Objective.copyOf(this).withMetricStrategies(strategies);
  }

  public static Objective minimize(String objectiveMetricName) {
    return Objective.builder().type(ObjectiveType.MINIMIZE).objectiveMetricName(objectiveMetricName).build();
  }

  public static Objective maximize(String objectiveMetricName) {
    return Objective.builder().type(ObjectiveType.MAXIMIZE).objectiveMetricName(objectiveMetricName).build();
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
