package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import org.immutables.value.Value;

/** One {@code {name, value}} setting of a search or early-stopping algorithm; both are strings on the wire. */
@Value.Immutable
public abstract class AbstractAlgorithmSetting {
  @Value.Parameter
  public abstract String name();

  @Value.Parameter
  public abstract String value();

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
