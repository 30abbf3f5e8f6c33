package io.github.katib4j.experiment;

import io.github.katib4j.internal.metrics.GoFloat;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * One metric of a trial's observation: the smallest, largest and latest reported value, each as Katib's string or
 * {@value #UNAVAILABLE}.
 */
@Value.Immutable
public abstract class AbstractMetric {
  /** Katib's marker for a metric that was never reported ({@code UnavailableMetricValue}). */
  public static final String UNAVAILABLE = "unavailable";

  @Value.Default
  public String name() {
    return "";
  }

  @Value.Default
  public String min() {
    return "";
  }

  @Value.Default
  public String max() {
    return "";
  }

  @Value.Default
  public String latest() {
    return "";
  }

  /** {@link #min()} as a number; empty when unavailable or not a number to Katib. */
  public OptionalDouble minValue() {
    return GoFloat.parse(min());
  }

  /** {@link #max()} as a number; empty when unavailable or not a number to Katib. */
  public OptionalDouble maxValue() {
    return GoFloat.parse(max());
  }

  /** {@link #latest()} as a number; empty when unavailable or not a number to Katib. */
  public OptionalDouble latestValue() {
    return GoFloat.parse(latest());
  }
}
