package io.github.katib4j.internal.local;

import io.github.katib4j.experiment.Observation;
import java.util.ArrayList;
import java.util.List;

/** How a trial's run ended: its final state, observation, and what the job said. */
final class TrialOutcome {
  final TrialState state;
  final Observation observation;
  final String jobReason;
  final String jobMessage;
  final List<Double> objectiveReports;
  final List<String> notes;

  TrialOutcome(TrialState state, Observation observation, String jobReason, String jobMessage,
      List<Double> objectiveReports, List<String> notes) {
    this.state = state;
    this.observation = observation;
    this.jobReason = jobReason;
    this.jobMessage = jobMessage;
    this.objectiveReports = List.copyOf(objectiveReports);
    this.notes = List.copyOf(notes);
  }

  /** This outcome with one more note. */
  TrialOutcome withNote(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(note);
    return new TrialOutcome(state, observation, jobReason, jobMessage, objectiveReports, more);
  }

  /** The run was interrupted (the engine is closing): the trial is still in flight and runs again on resume. */
  static TrialOutcome interrupted() {
    return new TrialOutcome(TrialState.RUNNING, null, "", "", List.of(), List.of());
  }

  boolean isInterrupted() {
    return state == TrialState.RUNNING;
  }
}
