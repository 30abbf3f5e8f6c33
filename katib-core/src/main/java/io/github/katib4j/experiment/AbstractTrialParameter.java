package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import org.immutables.value.Value;

/**
 * A placeholder of the trial template: {@code ${trialParameters.<name>}} in the template is replaced by the value of
 * {@code reference}, a search parameter's name or trial metadata such as {@code ${trialSpec.Name}}.
 */
@Value.Immutable
public abstract class AbstractTrialParameter {
  @Value.Default
  public String name() {
    return "";
  }

  @Value.Default
  public String description() {
    return "";
  }

  @Value.Default
  public String reference() {
    return "";
  }

  /** A placeholder {@code name} filled from {@code reference}. */
  public static TrialParameter of(String name, String reference) {
    return TrialParameter.builder().name(name).reference(reference).build();
  }

  /** A placeholder {@code name} filled from {@code reference}, with a description. */
  public static TrialParameter of(String name, String reference, String description) {
    return TrialParameter.builder().name(name).reference(reference).description(description).build();
  }

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
