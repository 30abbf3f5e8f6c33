package io.github.katib4j.internal.local;

import io.github.katib4j.experiment.TrialConditionType;

/** Where a local trial is, in the order Katib's controller classifies trials. */
enum TrialState {
  PENDING(null),
  RUNNING(TrialConditionType.RUNNING),
  SUCCEEDED(TrialConditionType.SUCCEEDED),
  FAILED(TrialConditionType.FAILED),
  KILLED(TrialConditionType.KILLED),
  EARLY_STOPPED(TrialConditionType.EARLY_STOPPED),
  METRICS_UNAVAILABLE(TrialConditionType.METRICS_UNAVAILABLE);

  private final TrialConditionType condition;

  TrialState(TrialConditionType condition) {
    this.condition = condition;
  }

  TrialConditionType condition() {
    return condition;
  }

  /** Pending or running. */
  boolean isActive() {
    return this == PENDING || this == RUNNING;
  }

  static TrialState of(TrialConditionType condition) {
    for (TrialState state : values()) {
      if (state.condition == condition) {
        return state;
      }
    }
    throw new IllegalArgumentException("no local state for " + condition);
  }
}
