package io.github.katib4j;

import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.local.LocalKatib;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs Katib experiments. The same calls work, with the same results, whichever engine is behind them: the local
 * engine on this machine ({@code LocalKatib} in katib-core) or Katib on a Kubernetes cluster ({@code KatibClient} in
 * katib-k8s). Experiments, trials and statuses are katib-core's values in Katib's own shape either way.
 *
 * <pre>{@code
 * try (Katib katib = ...) {
 *   Experiment created = katib.create(experiment);
 *   OptimalTrial best = katib.awaitOptimalTrial(ExperimentRef.of(created), Duration.ofMinutes(30));
 * }
 * }</pre>
 */
public interface Katib extends AutoCloseable {
  /**
   * The local engine, which runs experiments on this machine without a cluster, keeping them under
   * {@code ./katib-runs}; {@link LocalKatib#builder()} configures it.
   */
  static LocalKatib local() {
    return LocalKatib.create();
  }

  /**
   * The namespace used by the methods that take only a name, for experiments created without one, and for a
   * reference ({@link ExperimentRef}) or namespace given empty, as kubectl uses the current context's.
   */
  String namespace();

  /**
   * Creates and starts {@code experiment}: validates it (throwing {@link KatibValidationException} with every
   * problem), then submits it. Returns the experiment as created, with the name generated from
   * {@code metadata.generateName} if it had none.
   */
  Experiment create(Experiment experiment);

  /** The experiment with its current status. */
  Optional<Experiment> find(ExperimentRef ref);

  /**
   * The experiment with its current status.
   *
   * @throws ExperimentNotFoundException when it does not exist
   */
  default Experiment get(ExperimentRef ref) {
    return find(ref).orElseThrow(() -> new ExperimentNotFoundException(ref, false));
  }

  /** The experiment called {@code name} in {@link #namespace()}. */
  default Experiment get(String name) {
    return get(ExperimentRef.of(namespace(), name));
  }

  /**
   * The experiments of {@code namespace} ({@link #namespace()} when empty), as an unmodifiable list. One that the
   * engine cannot read is left out rather than hiding the others, with a warning naming it and saying why (on the
   * engine's warning channel); {@link #find} on it throws that error.
   *
   * @throws NullPointerException when {@code namespace} is null: pass "" for the default namespace
   */
  List<Experiment> list(String namespace);

  /** The trials of the experiment, in creation order, as an unmodifiable list. */
  List<Trial> trials(ExperimentRef ref);

  /** The experiment's Suggestion, which records every assignment issued. */
  Optional<Suggestion> suggestion(ExperimentRef ref);

  /**
   * Changes the experiment's trial budget; returns the experiment as updated.
   *
   * @throws KatibValidationException when Katib would refuse the change (for example lowering
   *     {@code maxTrialCount} below the trials already created)
   */
  Experiment editBudget(ExperimentRef ref, Budget budget);

  /**
   * Calls {@code listener} with every change of the experiment and its trials from now on (starting with the
   * current state), until the subscription is closed.
   *
   * @throws ExperimentNotFoundException when it does not exist
   */
  Subscription watch(ExperimentRef ref, ExperimentListener listener);

  /**
   * Waits until the experiment has Succeeded and returns it.
   *
   * @throws ExperimentFailedException when it ends Failed, with Katib's reason and message
   * @throws ExperimentNotFoundException when it does not exist or is deleted while waiting
   * @throws KatibTimeoutException when {@code timeout} passes first, naming what was last seen; {@code Duration.ZERO}
   *     looks once without waiting
   * @throws KatibException when {@code timeout} is negative
   */
  Experiment awaitCompletion(ExperimentRef ref, Duration timeout);

  /**
   * Waits until the experiment has Succeeded and returns its optimal trial; throws as
   * {@link #awaitCompletion(ExperimentRef, Duration)} does, and {@link KatibException} when it succeeded without any
   * trial reporting the objective metric.
   */
  default OptimalTrial awaitOptimalTrial(ExperimentRef ref, Duration timeout) {
    Experiment done = awaitCompletion(ref, timeout);
    return done.status().flatMap(s -> s.optimalTrial()).orElseThrow(() -> new KatibException("Experiment " + ref
        + " succeeded, but no trial reported the objective metric, so there is no optimal trial"));
  }

  /**
   * Deletes the experiment with its trials.
   *
   * @throws ExperimentNotFoundException when it does not exist
   */
  void delete(ExperimentRef ref);

  /**
   * Releases the engine's resources; a local engine stops its running trials, which resume on the next start (it
   * interrupts trial functions and ends trial processes, and waits up to 10 seconds for them; see
   * {@link io.github.katib4j.local.TrialFunction}).
   */
  @Override
  void close();
}
