package io.github.katib4j;

import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import java.util.Optional;

/** A trial changed state: it was created, started running, or completed. */
public final class TrialEvent {
  private final ExperimentRef experiment;
  private final Trial trial;
  private final TrialConditionType previousState;
  private final TrialConditionType state;

  private TrialEvent(ExperimentRef experiment, Trial trial, TrialConditionType previousState,
      TrialConditionType state) {
    this.experiment = experiment;
    this.trial = trial;
    this.previousState = previousState;
    this.state = state;
  }

  /**
   * An event for {@code trial}, whose state moved from {@code previousState} (null when the trial is new) to its
   * current one (null while pending).
   */
  public static TrialEvent of(ExperimentRef experiment, Trial trial, TrialConditionType previousState) {
    TrialConditionType state = trial.status().flatMap(s -> s.state()).orElse(null);
    return new TrialEvent(experiment, trial, previousState, state);
  }

  public ExperimentRef experiment() {
    return experiment;
  }

  /** The trial as it is now. */
  public Trial trial() {
    return trial;
  }

  /** The state before, or empty when the trial is new or was pending. */
  public Optional<TrialConditionType> previousState() {
    return Optional.ofNullable(previousState);
  }

  /** The state now (Running, Succeeded, Failed, ...), or empty while the trial is pending. */
  public Optional<TrialConditionType> state() {
    return Optional.ofNullable(state);
  }

  /** {@code trial-name: Running -> Succeeded}, or {@code trial-name: Pending} for a trial first seen pending. */
  @Override
  public String toString() {
    String now = state == null ? "Pending" : state.wireName();
    if (previousState == null && state == null) {
      return trial.name() + ": " + now;
    }
    return trial.name() + ": " + (previousState == null ? "Pending" : previousState.wireName()) + " -> " + now;
  }
}
