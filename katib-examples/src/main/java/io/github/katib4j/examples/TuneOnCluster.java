package io.github.katib4j.examples;

import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.Katib;
import io.github.katib4j.Subscription;
import io.github.katib4j.TrialEvent;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.k8s.KatibClient;
import java.time.Duration;

/**
 * The same experiment, on whichever engine: {@link #tune} only knows the {@link Katib} interface, so it runs the
 * command-as-trial experiment on this machine's engine or, as {@link #main} does, on Katib in a cluster.
 */
public final class TuneOnCluster {
  private TuneOnCluster() {}

  // readme:cluster {
  /** Submits {@code experiment}, prints each trial's state changes, and returns the best trial. */
  public static OptimalTrial tune(Katib katib, Experiment experiment, Duration timeout) {
    Experiment created = katib.create(experiment);            // checked against the cluster first
    ExperimentRef ref = ExperimentRef.of(created);
    try (Subscription progress = katib.watch(ref, new ExperimentListener() {
      @Override
      public void onTrial(TrialEvent event) {
        System.out.println(event);                            // "train-cli-x7k2lmnp: Running -> Succeeded"
      }
    })) {
      return katib.awaitOptimalTrial(ref, timeout);           // watch-driven: returns when Katib says Succeeded
    }
  }

  public static void main(String[] args) {
    Experiment experiment = CommandTrialExperiment.build();   // the experiment of "Any program as a trial"
    try (Katib katib = KatibClient.builder().namespace("kubeflow").build()) {   // ~/.kube/config
      OptimalTrial best = tune(katib, experiment, Duration.ofHours(2));
      System.out.println(best.bestTrialName() + ": " + best.parameterAssignments());
    }
  }
  // }
}
