package io.github.katib4j.experiment;

import org.immutables.value.Value;

/** The value a suggestion assigned to one parameter, in Katib's string form. */
@Value.Immutable
public abstract class AbstractParameterAssignment {
  @Value.Parameter
  public abstract String name();

  @Value.Parameter
  public abstract String value();
}
