package io.github.katib4j.experiment;

import io.github.katib4j.internal.Numbers;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * One metric of a trial's observation: the smallest, largest and latest reported value, each as Katib's string or
 * {@value #UNAVAILABLE}.
 */
@Value.Immutable
abstract class AbstractMetric {
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

  /** {@link #min()} as a number; empty when unavailable or not numeric. */
  public OptionalDouble minValue() {
    return Numbers.parseDouble(min());
  }

  /** {@link #max()} as a number; empty when unavailable or not numeric. */
  public OptionalDouble maxValue() {
    return Numbers.parseDouble(max());
  }

  /** {@link #latest()} as a number; empty when unavailable or not numeric. */
  public OptionalDouble latestValue() {
    return Numbers.parseDouble(latest());
  }

  /**
   * The value Katib compares for this metric under {@code strategy}: min or max, falling back to latest when that is
   * unavailable (as Katib's controller does), or latest.
   */
  public OptionalDouble valueBy(MetricStrategyType strategy) {
    String chosen;
    switch (strategy) {
      case MIN:
        chosen = UNAVAILABLE.equals(min()) ? latest() : min();
        break;
      case MAX:
        chosen = UNAVAILABLE.equals(max()) ? latest() : max();
        break;
      default:
        chosen = latest();
    }
    return Numbers.parseDouble(chosen);
  }
}
