package io.github.katib4j;

import io.github.katib4j.experiment.Experiment;
import java.util.Optional;

/** Thrown while waiting for an experiment that ended Failed; carries Katib's reason and message. */
public class ExperimentFailedException extends KatibException {
  private static final long serialVersionUID = 1L;

  private final transient Experiment experiment;
  private final String conditionReason;
  private final String conditionMessage;
  private final String detail;

  public ExperimentFailedException(Experiment experiment, String conditionReason, String conditionMessage) {
    this(experiment, conditionReason, conditionMessage, null);
  }

  /**
   * With {@code detail} (may be null): what is known beyond Katib's condition, such as why the suggestion failed,
   * which the experiment's condition does not say.
   */
  public ExperimentFailedException(Experiment experiment, String conditionReason, String conditionMessage,
      String detail) {
    super("Experiment " + ExperimentRef.of(experiment) + " failed: " + conditionReason + ": " + conditionMessage
        + (detail == null ? "" : " (" + detail + ")"));
    this.experiment = experiment;
    this.conditionReason = conditionReason;
    this.conditionMessage = conditionMessage;
    this.detail = detail;
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

  /**
   * Why, beyond the condition, when known: for "Suggestion has failed", the reason the suggestion gave (on a cluster
   * the Suggestion's Failed condition, such as "Validation failed: ..."; locally the algorithm's error).
   */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }
}
