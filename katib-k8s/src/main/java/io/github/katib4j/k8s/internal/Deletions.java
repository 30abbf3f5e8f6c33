package io.github.katib4j.k8s.internal;

import io.github.katib4j.experiment.ObjectMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How an object marked for deletion is described: Kubernetes keeps it, with {@code metadata.deletionTimestamp} set,
 * until its finalizers are removed; Katib's controller adds {@code update-prometheus-metrics} to every Experiment, and
 * a foreground deletion adds {@code foregroundDeletion} until the trials and suggestion are gone.
 */
public final class Deletions {
  /** The finalizer Katib's experiment controller adds to every Experiment, and removes when it is deleted. */
  public static final String KATIB_FINALIZER = "update-prometheus-metrics";

  private Deletions() {}

  /** "being deleted since 2025-05-01T10:00:00Z (finalizers: update-prometheus-metrics)", when it is. */
  public static Optional<String> state(ObjectMeta metadata) {
    return metadata.deletionTimestamp().map(since -> state(since, metadata.finalizers()));
  }

  static String state(Instant since, List<String> finalizers) {
    return "being deleted since " + since + " (" + (finalizers.isEmpty() ? "no finalizers left"
        : "finalizers: " + String.join(", ", finalizers)) + ")";
  }

  /** Who removes each of {@code finalizers}, so that a deletion that takes long can be followed up. */
  public static String holders(List<String> finalizers) {
    List<String> who = new ArrayList<>();
    for (String finalizer : finalizers) {
      switch (finalizer) {
        case KATIB_FINALIZER:
          who.add("katib-controller removes " + finalizer + " (check that it is running)");
          break;
        case "foregroundDeletion":
          who.add("Kubernetes' garbage collector removes foregroundDeletion once the experiment's trials and "
              + "suggestion are deleted");
          break;
        case "orphan":
          who.add("Kubernetes' garbage collector removes orphan once it has released the trials and suggestion");
          break;
        default:
          who.add("whatever added " + finalizer + " must remove it");
      }
    }
    return who.isEmpty() ? "Kubernetes removes it once no finalizer is left" : String.join("; ", who);
  }
}
