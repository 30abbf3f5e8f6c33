package io.github.katib4j.search.internal.gp;

/** The acquisition function; Katib's {@code acq_func} setting (scikit-optimize's names in the comments). */
public enum Acquisition {
  /** Expected improvement ({@code EI}). */
  EI,
  /** Probability of improvement ({@code PI}). */
  PI,
  /** Lower confidence bound, mean minus kappa standard deviations ({@code LCB}). */
  LCB,
  /** A softmax choice among EI, PI and LCB by their accumulated gains ({@code gp_hedge}, Katib's default). */
  GP_HEDGE,
  /** Expected improvement per second of predicted evaluation time ({@code EIps}). */
  EI_PER_SECOND,
  /** Probability of improvement per second of predicted evaluation time ({@code PIps}). */
  PI_PER_SECOND;

  /** Whether this acquisition needs evaluation durations. */
  public boolean perSecond() {
    return this == EI_PER_SECOND || this == PI_PER_SECOND;
  }
}
