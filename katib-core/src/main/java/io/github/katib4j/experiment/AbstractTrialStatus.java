package io.github.katib4j.experiment;

import io.github.katib4j.internal.codec.KatibWire;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The state of one trial and the metrics observed for it. */
@Value.Immutable
public abstract class AbstractTrialStatus {
  public abstract Optional<Instant> startTime();

  public abstract Optional<Instant> completionTime();

  public abstract Optional<Instant> lastReconcileTime();

  public abstract List<Condition> conditions();

  public abstract Optional<Observation> observation();

  /** The condition of {@code type}, if present. */
  public Optional<Condition> condition(TrialConditionType type) {
    return Conditions.find(conditions(), type);
  }

  /** The most recently changed condition. */
  public Optional<Condition> lastCondition() {
    return Conditions.last(conditions());
  }

  /** Whether the condition {@code type} is True. */
  public boolean is(TrialConditionType type) {
    return Conditions.isTrue(conditions(), type);
  }

  /**
   * The trial's state as Katib's experiment controller classifies it: the first of Killed, Failed, Succeeded,
   * EarlyStopped, Running and MetricsUnavailable whose condition is True, else Pending (empty).
   */
  public Optional<TrialConditionType> state() {
    for (TrialConditionType type : STATE_ORDER) {
      if (is(type)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /**
   * Why the trial failed: its Failed or MetricsUnavailable condition when that is its {@link #state()}, whose message
   * carries the job's (or, locally, the process's or function's) own.
   */
  public Optional<Condition> failure() {
    return state().filter(s -> s == TrialConditionType.FAILED || s == TrialConditionType.METRICS_UNAVAILABLE)
        .flatMap(this::condition);
  }

  /** Succeeded, Failed, Killed, EarlyStopped or MetricsUnavailable. */
  public boolean isCompleted() {
    return state().filter(s -> s != TrialConditionType.RUNNING).isPresent();
  }

  private static final TrialConditionType[] STATE_ORDER = {
    TrialConditionType.KILLED,
    TrialConditionType.FAILED,
    TrialConditionType.SUCCEEDED,
    TrialConditionType.EARLY_STOPPED,
    TrialConditionType.RUNNING,
    TrialConditionType.METRICS_UNAVAILABLE,
  };

  /** This value in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibWire.show(this);
  }
}
