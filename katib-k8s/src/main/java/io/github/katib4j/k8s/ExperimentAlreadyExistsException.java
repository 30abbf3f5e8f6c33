package io.github.katib4j.k8s;

import io.github.katib4j.ExperimentRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An experiment of that name already exists in the namespace, and it is not one this client created. It may be one
 * being deleted ({@link #beingDeletedSince()}), which Kubernetes keeps until its finalizers are removed: the name is
 * free once it is gone ({@link KatibClient#awaitDeletion}).
 */
public class ExperimentAlreadyExistsException extends KatibApiException {
  private static final long serialVersionUID = 1L;

  private final ExperimentRef experiment;
  private final Instant beingDeletedSince;

  public ExperimentAlreadyExistsException(ExperimentRef experiment) {
    this(experiment, null, List.of());
  }

  /**
   * An experiment of that name exists; {@code beingDeletedSince} is its {@code metadata.deletionTimestamp} (null when
   * it is not being deleted) and {@code finalizers} the finalizers that keep it.
   */
  public ExperimentAlreadyExistsException(ExperimentRef experiment, Instant beingDeletedSince,
      List<String> finalizers) {
    super(message(experiment, beingDeletedSince, finalizers), 409, "AlreadyExists", null, null);
    this.experiment = experiment;
    this.beingDeletedSince = beingDeletedSince;
  }

  private static String message(ExperimentRef experiment, Instant beingDeletedSince, List<String> finalizers) {
    if (beingDeletedSince == null) {
      return "Experiment " + experiment + " already exists; choose another name, set metadata.generateName instead "
          + "of metadata.name, or delete it first (katib delete " + experiment.name() + " --namespace "
          + experiment.namespace() + ")";
    }
    return "Experiment " + experiment + " already exists: it is being deleted since " + beingDeletedSince + ", kept"
        + " until its finalizers are removed (" + (finalizers.isEmpty() ? "none left, so it goes in a moment"
        : String.join(", ", finalizers)) + "); wait until it is gone (katib delete " + experiment.name()
        + " --namespace " + experiment.namespace() + " waits for it; KatibClient.awaitDeletion in Java) and create "
        + "it again, or choose another name";
  }

  public ExperimentRef experiment() {
    return experiment;
  }

  /** When the existing experiment was marked for deletion; empty when it is not being deleted. */
  public Optional<Instant> beingDeletedSince() {
    return Optional.ofNullable(beingDeletedSince);
  }
}
