package io.github.katib4j.search.internal.cmaes;

/** What CMA-ES does when a run stops making progress; Katib's {@code restart_strategy} setting. */
public enum RestartStrategy {
  /** Keep sampling from the converged distribution. */
  NONE,
  /** Restart from a random mean with the population doubled each time (Auger and Hansen, 2005). */
  IPOP,
  /**
   * Alternate between doubling restarts and cheap runs with a small population and step size, giving each regime
   * about the same number of evaluations (Hansen, 2009).
   */
  BIPOP
}
