package io.github.katib4j.experiment;

import java.util.Optional;
import org.immutables.value.Value;

/** How the series of one metric is reduced to a single value. */
@Value.Immutable
public abstract class AbstractMetricStrategy {
  @Value.Parameter
  public abstract String name();

  @Value.Parameter
  public abstract Optional<MetricStrategyType> value();
}
