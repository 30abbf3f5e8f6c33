package io.github.katib4j.experiment;

import java.util.Optional;
import org.immutables.value.Value;

/** One trial of an experiment ({@code kubeflow.org/v1beta1 Trial}); Katib creates it, users read it. */
@Value.Immutable
public abstract class AbstractTrial implements KatibObject {
  /** {@code Trial}. */
  public static final String KIND = "Trial";

  /** The label that names a trial's experiment ({@code katib.kubeflow.org/experiment}). */
  public static final String EXPERIMENT_LABEL = "katib.kubeflow.org/experiment";

  @Override
  public final String kind() {
    return KIND;
  }

  @Override
  @Value.Default
  public ObjectMeta metadata() {
    return ObjectMeta.builder().build();
  }

  @Value.Default
  public TrialSpec spec() {
    return TrialSpec.builder().build();
  }

  public abstract Optional<TrialStatus> status();

  /** The trial's name. */
  public String name() {
    return metadata().name();
  }
}
