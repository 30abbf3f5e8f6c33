package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** Early stopping ({@code spec.earlyStopping}): an algorithm name from the Katib configuration and its settings. */
@Value.Immutable
public abstract class AbstractEarlyStopping {
  @Value.Default
  public String algorithmName() {
    return "";
  }

  public abstract List<AlgorithmSetting> algorithmSettings();

  /** The value of setting {@code name}, if set. */
  public Optional<String> setting(String name) {
    return AbstractAlgorithm.Settings.find(algorithmSettings(), name);
  }

  /** A copy with setting {@code name} set to {@code value}, replacing an earlier value of the same name. */
  public EarlyStopping setting(String name, String value) {
    return EarlyStopping.copyOf(this)
        .withAlgorithmSettings(AbstractAlgorithm.Settings.put(algorithmSettings(), name, value));
  }

  /** An early-stopping algorithm by its Katib name. */
  public static EarlyStopping named(String algorithmName) {
    return EarlyStopping.builder().algorithmName(algorithmName).build();
  }

  /** Katib's median stopping rule with its default settings ({@code min_trials_required=3}, {@code start_step=4}). */
  public static EarlyStopping medianStop() {
    return named("medianstop");
  }

  /** Median stop with both of its settings. */
  public static EarlyStopping medianStop(int minTrialsRequired, int startStep) {
    return medianStop()
        .setting("min_trials_required", Integer.toString(minTrialsRequired))
        .setting("start_step", Integer.toString(startStep));
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
