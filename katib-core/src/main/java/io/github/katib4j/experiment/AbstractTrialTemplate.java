package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What each trial runs ({@code spec.trialTemplate}): an inline Kubernetes object ({@code trialSpec}) or one kept in a
 * ConfigMap, its placeholders, the container that trains, and the conditions that say the trial's job succeeded or
 * failed.
 */
@Value.Immutable
public abstract class AbstractTrialTemplate {
  /** Keep the trial's job after the trial completes. */
  @Value.Default
  public boolean retain() {
    return false;
  }

  /** The inline template, any Kubernetes object without {@code metadata.name} and {@code metadata.namespace}. */
  public abstract Optional<Unstructured> trialSpec();

  public abstract Optional<ConfigMapSource> configMap();

  public abstract List<TrialParameter> trialParameters();

  /** Labels that select the pods that train; empty means every pod of the trial's job. */
  public abstract Map<String, String> primaryPodLabels();

  @Value.Default
  public String primaryContainerName() {
    return "";
  }

  /** A GJSON path on the job object; a match means the job succeeded. */
  @Value.Default
  public String successCondition() {
    return "";
  }

  /** A GJSON path on the job object; a match means the job failed. Checked before success. */
  @Value.Default
  public String failureCondition() {
    return "";
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
