package io.github.katib4j.local;

import io.github.katib4j.ExperimentRef;
import io.github.katib4j.search.Assignment;
import java.nio.file.Path;
import java.util.Map;

/** What a {@link TrialFunction} gets: the trial's parameter values, a directory, and a way to report metrics. */
public interface TrialContext {
  /** The trial's name, {@code <experiment>-<8 characters>} as Katib names trials. */
  String trialName();

  ExperimentRef experiment();

  /** The parameter values, typed. */
  Assignment assignment();

  /** The value of a {@code double} parameter (or any numeric one). */
  default double doubleValue(String parameter) {
    return assignment().asDouble(parameter);
  }

  /** The value of an {@code int} parameter. */
  default long longValue(String parameter) {
    return assignment().asLong(parameter);
  }

  /** The value of any parameter as Katib's string form, such as a {@code categorical} choice. */
  default String stringValue(String parameter) {
    return assignment().text(parameter);
  }

  /** A directory that belongs to this trial, for checkpoints and outputs; created on the first call. */
  Path directory();

  /**
   * The folder to save the model's checkpoint in. With population based training ({@code pbt}), a trial that continues
   * an earlier one finds a copy of that trial's checkpoint here when it starts, as on Katib; otherwise it starts empty.
   */
  Path checkpointDirectory();

  /**
   * Reports metric values at a step (an epoch, say). Katib reduces each metric's reports by its strategy (min, max or
   * latest) to the value it compares.
   *
   * @throws TrialStoppedException when early stopping has decided to stop this trial; let it propagate
   * @throws io.github.katib4j.KatibException when the trial has ended (a context kept after its function returned),
   *     as nothing reported then could be recorded
   */
  void report(long step, Map<String, ? extends Number> metrics);

  /** Reports one metric value at the next step; throws as {@link #report(long, Map)} does. */
  void report(String metric, double value);

  /** Whether the engine wants the trial to stop (early stopping, a deadline, or the engine closing). */
  boolean isStopRequested();
}
