package io.github.katib4j.local;

import io.github.katib4j.KatibException;

/**
 * Thrown into a {@link TrialFunction} from {@link TrialContext#report} when the engine stops the trial: early stopping
 * decided the trial will not beat the median, its deadline passed, or the engine is closing. Let it propagate; the
 * engine records the trial as Katib would (EarlyStopped with the metrics reported so far, or Failed).
 */
public class TrialStoppedException extends KatibException {
  private static final long serialVersionUID = 1L;

  public TrialStoppedException(String message) {
    super(message);
  }
}
