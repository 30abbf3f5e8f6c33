package io.github.katib4j.experiment;

import java.util.List;
import org.immutables.value.Value;

/** Neural architecture search settings ({@code spec.nasConfig}), used by the ENAS and DARTS algorithms. */
@Value.Immutable
public abstract class AbstractNasConfig {
  @Value.Default
  public GraphConfig graphConfig() {
    return GraphConfig.builder().build();
  }

  public abstract List<Operation> operations();
}
