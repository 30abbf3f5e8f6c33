package io.github.katib4j.experiment;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The metrics Katib recorded for a trial. */
@Value.Immutable
public abstract class AbstractObservation {
  public abstract List<Metric> metrics();

  /** The metric called {@code name}, if recorded. */
  public Optional<Metric> metric(String name) {
    return metrics().stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
