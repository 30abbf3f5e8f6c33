package io.github.katib4j.k8s;

import io.github.katib4j.ExperimentRef;

/** An experiment of that name already exists in the namespace, and it is not one this client created. */
public class ExperimentAlreadyExistsException extends KatibApiException {
  private static final long serialVersionUID = 1L;

  private final ExperimentRef experiment;

  public ExperimentAlreadyExistsException(ExperimentRef experiment) {
    super("Experiment " + experiment + " already exists; choose another name, set metadata.generateName instead of "
        + "metadata.name, or delete it first (katib delete " + experiment.name() + " --namespace "
        + experiment.namespace() + ")", 409, "AlreadyExists", null, null);
    this.experiment = experiment;
  }

  public ExperimentRef experiment() {
    return experiment;
  }
}
