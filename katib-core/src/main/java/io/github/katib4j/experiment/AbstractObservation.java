package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
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

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
