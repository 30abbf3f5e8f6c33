package io.github.katib4j.experiment;

import java.util.List;
import java.util.OptionalInt;
import org.immutables.value.Value;

/** The shape of the network a NAS algorithm searches. */
@Value.Immutable
public abstract class AbstractGraphConfig {
  public abstract OptionalInt numLayers();

  public abstract List<Integer> inputSizes();

  public abstract List<Integer> outputSizes();
}
