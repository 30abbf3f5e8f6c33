package io.github.katib4j.search;

import io.github.katib4j.experiment.TrialConditionType;

/** What a suggester needs to know about a trial's state. */
public enum TrialState {
  /** Created or running: no result yet. */
  RUNNING,
  SUCCEEDED,
  /** Stopped by an early-stopping rule; its objective value is the one observed when it stopped. */
  EARLY_STOPPED,
  /** Failed, killed, or finished without the objective metric. */
  FAILED;

  /** Whether the trial has ended. */
  public boolean isFinished() {
    return this != RUNNING;
  }

  /** The state of a trial whose state (see {@code TrialStatus.state()}) is {@code condition}. */
  public static TrialState of(TrialConditionType condition) {
    switch (condition) {
      case CREATED:
      case RUNNING:
        return RUNNING;
      case SUCCEEDED:
        return SUCCEEDED;
      case EARLY_STOPPED:
        return EARLY_STOPPED;
      default:
        return FAILED;
    }
  }
}
