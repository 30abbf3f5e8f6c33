package io.github.katib4j.search.internal.gp;

/** The surrogate model; Katib's {@code base_estimator} setting. */
public enum Estimator {
  /** Gaussian process, Matern 5/2 ARD ({@code GP}). */
  GP,
  /** Random forest, 100 trees, at least 3 samples per leaf ({@code RF}). */
  RF,
  /** Extremely randomised trees, 100 trees, at least 3 samples per leaf ({@code ET}). */
  ET,
  /** Quantile gradient boosting at 0.16, 0.5 and 0.84, 30 stages of depth-3 trees each ({@code GBRT}). */
  GBRT
}
