package io.github.katib4j;

import io.github.katib4j.experiment.Experiment;

/** Thrown while waiting for an experiment that ended Failed; carries Katib's reason and message. */
public class ExperimentFailedException extends KatibException {
  private static final long serialVersionUID = 1L;

  private final transient Experiment experiment;
  private final String conditionReason;
  private final String conditionMessage;

  public ExperimentFailedException(Experiment experiment, String conditionReason, String conditionMessage) {
    super("Experiment " + ExperimentRef.of(experiment) + " failed: " + conditionReason + ": " + conditionMessage);
    this.experiment = experiment;
    this.conditionReason = conditionReason;
    this.conditionMessage = conditionMessage;
  }

  /** The experiment as last seen, with its status. */
  public Experiment experiment() {
    return experiment;
  }

  /** The Failed condition's reason, such as {@code ExperimentFailed}. */
  public String conditionReason() {
    return conditionReason;
  }

  /** The Failed condition's message, such as "Experiment has failed because max failed count has reached". */
  public String conditionMessage() {
    return conditionMessage;
  }
}
