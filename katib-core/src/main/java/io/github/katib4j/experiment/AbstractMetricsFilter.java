package io.github.katib4j.experiment;

import java.util.List;
import org.immutables.value.Value;

/**
 * Regular expressions that find metrics in text: group 1 is the metric name and group 2 its value (Katib's
 * {@code FilterSpec}).
 */
@Value.Immutable
public abstract class AbstractMetricsFilter {
  public abstract List<String> metricsFormat();
}
