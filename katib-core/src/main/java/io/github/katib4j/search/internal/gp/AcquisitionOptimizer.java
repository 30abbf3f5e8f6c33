package io.github.katib4j.search.internal.gp;

/** How the acquisition function is maximised; Katib's {@code acq_optimizer} setting. */
public enum AcquisitionOptimizer {
  /** {@link #LBFGS} for the Gaussian process, {@link #SAMPLING} for the tree models, as scikit-optimize chooses. */
  AUTO,
  /** The best of n random points (10,000 by default). */
  SAMPLING,
  /**
   * Sampling, then L-BFGS from the best few samples over the real and (relaxed, then rounded) integer coordinates,
   * categories held fixed. Needs a differentiable model, so tree models fall back to {@link #SAMPLING}.
   */
  LBFGS
}
