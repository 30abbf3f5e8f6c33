package io.github.katib4j.experiment;

import org.immutables.value.Value;

/** A header of an HTTP probe. */
@Value.Immutable
public abstract class AbstractHttpHeader {
  @Value.Parameter
  public abstract String name();

  @Value.Parameter
  public abstract String value();
}
