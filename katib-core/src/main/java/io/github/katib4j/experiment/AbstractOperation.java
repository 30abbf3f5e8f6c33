package io.github.katib4j.experiment;

import java.util.List;
import org.immutables.value.Value;

/** One operation a NAS algorithm may place in the network, with its parameters. */
@Value.Immutable
public abstract class AbstractOperation {
  @Value.Default
  public String operationType() {
    return "";
  }

  public abstract List<Parameter> parameters();
}
