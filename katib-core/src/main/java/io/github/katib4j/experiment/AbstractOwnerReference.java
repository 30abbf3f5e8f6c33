package io.github.katib4j.experiment;

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
}
