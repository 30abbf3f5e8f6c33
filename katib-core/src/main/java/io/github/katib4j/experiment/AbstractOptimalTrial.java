package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The best trial so far: its name, parameter assignments and observation. */
@Value.Immutable
public abstract class AbstractOptimalTrial {
  @Value.Default
  public String bestTrialName() {
    return "";
  }

  public abstract List<ParameterAssignment> parameterAssignments();

  @Value.Default
  public Observation observation() {
    return Observation.builder().build();
  }

  /** The value assigned to parameter {@code name}, if any. */
  public Optional<String> assignment(String name) {
    return parameterAssignments().stream().filter(a -> a.name().equals(name)).map(ParameterAssignment::value)
        .findFirst();
  }

  /** Whether no trial has been found best yet (Katib writes an empty object then). */
  public boolean isEmpty() {
    return bestTrialName().isEmpty() && parameterAssignments().isEmpty() && observation().metrics().isEmpty();
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
