package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
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

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
