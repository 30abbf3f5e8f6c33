package io.github.katib4j;

/** The experiment does not exist, or was deleted while a caller was waiting for it. */
public class ExperimentNotFoundException extends KatibException {
  private static final long serialVersionUID = 1L;

  private final ExperimentRef experiment;
  private final boolean deletedWhileWaiting;

  public ExperimentNotFoundException(ExperimentRef experiment, boolean deletedWhileWaiting) {
    super(deletedWhileWaiting
        ? "Experiment " + experiment + " was deleted while waiting for it"
        : "Experiment " + experiment + " does not exist; check the name and namespace");
    this.experiment = experiment;
    this.deletedWhileWaiting = deletedWhileWaiting;
  }

  public ExperimentRef experiment() {
    return experiment;
  }

  /** Whether the experiment existed when the wait began and was deleted during it. */
  public boolean deletedWhileWaiting() {
    return deletedWhileWaiting;
  }
}
