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
  /**
   * katib4j's own account of why the trial failed or has no metrics (the exit code, the output file, how the output
   * ends), for {@code ExperimentFailedException.detail()}; "" when the job's message says it all. It is kept apart
   * from the job's reason and message, which are the texts the job's controller gives on a cluster, so that the
   * trial's condition matches Katib's.
   */
  final String detail;

  TrialOutcome(TrialState state, Observation observation, String jobReason, String jobMessage,
      List<Double> objectiveReports, List<String> notes) {
    this(state, observation, jobReason, jobMessage, objectiveReports, notes, "");
  }

  TrialOutcome(TrialState state, Observation observation, String jobReason, String jobMessage,
      List<Double> objectiveReports, List<String> notes, String detail) {
    this.state = state;
    this.observation = observation;
    this.jobReason = jobReason;
    this.jobMessage = jobMessage;
    this.objectiveReports = List.copyOf(objectiveReports);
    this.notes = List.copyOf(notes);
    this.detail = detail;
  }

  /** This outcome with one more note. */
  TrialOutcome withNote(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(note);
    return new TrialOutcome(state, observation, jobReason, jobMessage, objectiveReports, more, detail);
  }

  /** The run was interrupted (the engine is closing): the trial is still in flight and runs again on resume. */
  static TrialOutcome interrupted() {
    return new TrialOutcome(TrialState.RUNNING, null, "", "", List.of(), List.of());
  }

  boolean isInterrupted() {
    return state == TrialState.RUNNING;
  }
}
