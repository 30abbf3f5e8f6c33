package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import org.immutables.value.Value;

/** The value a suggestion assigned to one parameter, in Katib's string form. */
@Value.Immutable
public abstract class AbstractParameterAssignment {
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
