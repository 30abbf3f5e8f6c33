package io.github.katib4j.experiment;

import io.github.katib4j.codec.KatibCodec;
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

  /** The trial in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibCodec.create().toJson(this, false);
  }
}
