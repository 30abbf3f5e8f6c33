package io.github.katib4j;

import io.github.katib4j.experiment.Experiment;

/**
 * Receives an experiment's changes as they happen, from either engine. Calls come from one thread at a time, in the
 * order the changes happened; a listener must return quickly and not block. A listener that throws, an exception or
 * an error such as a failed test assertion's {@code AssertionError}, misses no later call and keeps no other listener
 * from its call; the engine logs it as a warning. A {@code VirtualMachineError} (such as {@code OutOfMemoryError})
 * goes to the calling thread's uncaught-exception handler instead.
 */
public interface ExperimentListener {
  /** A trial was created, started running, or completed. */
  default void onTrial(TrialEvent event) {}

  /** The experiment's status changed (counters, conditions, the optimal trial). */
  default void onExperiment(Experiment experiment) {}

  /**
   * The experiment was deleted. This is the last call: the subscription has ended. An experiment created again
   * under the same name is another experiment (another uid), which the subscription does not follow; watch it anew.
   */
  default void onDeleted(ExperimentRef experiment) {}

  /**
   * Following the experiment or its trials failed in a way retrying does not fix by itself, such as a user who may
   * not watch trials (HTTP 403): what the failure names is not reported until it is fixed, and may never be. Called
   * once for each such failure; the other calls go on. The default logs it as a warning to the
   * {@code io.github.katib4j} logger.
   */
  default void onFailure(KatibException failure) {
    System.getLogger("io.github.katib4j").log(System.Logger.Level.WARNING, failure.getMessage());
  }
}
