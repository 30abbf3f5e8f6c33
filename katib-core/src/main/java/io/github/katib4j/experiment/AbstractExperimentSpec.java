package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/** What an experiment searches, how, and within which budget ({@code Experiment.spec}). */
@Value.Immutable
public abstract class AbstractExperimentSpec {
  public abstract List<Parameter> parameters();

  public abstract Optional<Objective> objective();

  public abstract Optional<Algorithm> algorithm();

  public abstract Optional<EarlyStopping> earlyStopping();

  public abstract Optional<TrialTemplate> trialTemplate();

  /** Trials allowed to be pending or running at once; Katib's default is 3. */
  public abstract OptionalInt parallelTrialCount();

  /** Completed trials at which the experiment succeeds; without it, only the goal or failures end it. */
  public abstract OptionalInt maxTrialCount();

  /** Failed trials at which the experiment fails. */
  public abstract OptionalInt maxFailedTrialCount();

  public abstract Optional<MetricsCollector> metricsCollectorSpec();

  public abstract Optional<NasConfig> nasConfig();

  public abstract Optional<ResumePolicy> resumePolicy();

  /** The parameter called {@code name}, if any. */
  public Optional<Parameter> parameter(String name) {
    return parameters().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
