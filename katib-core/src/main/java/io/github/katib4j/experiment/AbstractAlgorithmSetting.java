package io.github.katib4j.experiment;

import org.immutables.value.Value;

/** One {@code {name, value}} setting of a search or early-stopping algorithm; both are strings on the wire. */
@Value.Immutable
public abstract class AbstractAlgorithmSetting {
  @Value.Parameter
  public abstract String name();

  @Value.Parameter
  public abstract String value();
}
