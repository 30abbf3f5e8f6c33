package io.github.katib4j.search.internal.gp;

/** A fitted regression model that predicts a mean and a standard deviation, in the units of the data it was fit on. */
interface Surrogate {
  /** Writes the predictive mean into {@code out[0]} and standard deviation into {@code out[1]}. */
  void predict(double[] features, double[] out);

  /** Predicts m candidates stored row-major in {@code features} (m x f). */
  default void predictAll(double[] features, int m, double[] means, double[] stds) {
    int f = features.length / m;
    double[] row = new double[f];
    double[] out = new double[2];
    for (int c = 0; c < m; c++) {
      System.arraycopy(features, c * f, row, 0, f);
      predict(row, out);
      means[c] = out[0];
      stds[c] = out[1];
    }
  }

  /**
   * Writes the mean and standard deviation as {@link #predict} does, plus their gradients with respect to the
   * features; returns false (leaving the gradients undefined) for models that are not differentiable.
   */
  default boolean predictWithGradient(double[] features, double[] out, double[] meanGradient, double[] stdGradient) {
    predict(features, out);
    return false;
  }
}
