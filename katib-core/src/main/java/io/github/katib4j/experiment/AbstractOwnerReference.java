package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.Optional;
import org.immutables.value.Value;

/** An owner of a Kubernetes object; Katib makes the Experiment the controller of its Trials and Suggestion. */
@Value.Immutable
public abstract class AbstractOwnerReference {
  @Value.Default
  public String apiVersion() {
    return "";
  }

  @Value.Default
  public String kind() {
    return "";
  }

  @Value.Default
  public String name() {
    return "";
  }

  @Value.Default
  public String uid() {
    return "";
  }

  public abstract Optional<Boolean> controller();

  public abstract Optional<Boolean> blockOwnerDeletion();

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
