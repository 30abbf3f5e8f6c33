package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/** One suggestion: the trial to create, its assignments, early-stopping rules and labels. */
@Value.Immutable
public abstract class AbstractTrialAssignment {
  public abstract List<ParameterAssignment> parameterAssignments();

  @Value.Default
  public String name() {
    return "";
  }

  public abstract List<EarlyStoppingRule> earlyStoppingRules();

  public abstract Map<String, String> labels();

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
