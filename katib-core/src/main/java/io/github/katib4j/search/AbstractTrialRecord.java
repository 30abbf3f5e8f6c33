package io.github.katib4j.search;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * What a suggester is told about one trial: its name, assignment, labels, state, objective value and the objective
 * metric's intermediate reports in order.
 *
 * <p>{@code proposal.toTrial("exp-x7k2")} makes the running record of a new trial;
 * {@code record.withState(TrialState.SUCCEEDED).withObjectiveValue(0.93)} its result.
 */
@Value.Immutable
public abstract class AbstractTrialRecord {
  public abstract String name();

  public abstract Assignment assignment();

  @Value.Default
  public TrialState state() {
    return TrialState.RUNNING;
  }

  /** The objective metric as Katib reduces it with the metric strategy (min, max or latest). */
  public abstract OptionalDouble objectiveValue();

  /** The objective metric's reports in the order the trial made them; report {@code i} is step {@code i + 1}. */
  public abstract List<Double> intermediateValues();

  public abstract Map<String, String> labels();

  /** Whether the trial finished with a finite objective value that an algorithm can learn from. */
  public boolean hasResult() {
    return (state() == TrialState.SUCCEEDED || state() == TrialState.EARLY_STOPPED)
        && objectiveValue().isPresent() && !Double.isNaN(objectiveValue().getAsDouble());
  }
}
