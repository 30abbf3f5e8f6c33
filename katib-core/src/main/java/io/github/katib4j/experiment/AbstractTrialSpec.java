package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** What one trial runs: the assignments, the rendered job ({@code runSpec}) and how its metrics are collected. */
@Value.Immutable
public abstract class AbstractTrialSpec {
  public abstract Optional<Objective> objective();

  public abstract List<ParameterAssignment> parameterAssignments();

  public abstract List<EarlyStoppingRule> earlyStoppingRules();

  /** The rendered trial template, with {@code metadata.name} and {@code metadata.namespace} set. */
  public abstract Optional<Unstructured> runSpec();

  @Value.Default
  public boolean retainRun() {
    return false;
  }

  @Value.Default
  public MetricsCollector metricsCollector() {
    return MetricsCollector.builder().build();
  }

  public abstract Map<String, String> primaryPodLabels();

  @Value.Default
  public String primaryContainerName() {
    return "";
  }

  @Value.Default
  public String successCondition() {
    return "";
  }

  @Value.Default
  public String failureCondition() {
    return "";
  }

  public abstract Map<String, String> labels();

  /** The value assigned to parameter {@code name}, if any. */
  public Optional<String> assignment(String name) {
    return parameterAssignments().stream().filter(a -> a.name().equals(name)).map(ParameterAssignment::value)
        .findFirst();
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
