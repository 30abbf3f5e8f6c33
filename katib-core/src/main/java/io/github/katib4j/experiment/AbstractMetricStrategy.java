package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.Optional;
import org.immutables.value.Value;

/** How the series of one metric is reduced to a single value. */
@Value.Immutable
public abstract class AbstractMetricStrategy {
  @Value.Parameter
  public abstract String name();

  @Value.Parameter
  public abstract Optional<MetricStrategyType> value();

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
