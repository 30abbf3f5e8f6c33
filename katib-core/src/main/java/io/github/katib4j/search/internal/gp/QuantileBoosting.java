package io.github.katib4j.search.internal.gp;

import java.util.Arrays;

/**
 * Gradient-boosted regression trees for the 0.16, 0.5 and 0.84 quantiles, as scikit-optimize's
 * GradientBoostingQuantileRegressor with its default GradientBoostingRegressor(loss="quantile", n_estimators=30):
 * learning rate 0.1, depth-3 trees fit to the pinball-loss gradient, leaves refit to the residual quantile. The mean is
 * the median and the standard deviation half the 0.16-0.84 spread.
 */
final class QuantileBoosting implements Surrogate {
  static final double[] QUANTILES = {0.16, 0.5, 0.84};
  static final int STAGES = 30;
  static final double LEARNING_RATE = 0.1;
  static final int DEPTH = 3;

  private final double[] initial;
  private final RegressionTree[][] stages;

  private QuantileBoosting(double[] initial, RegressionTree[][] stages) {
    this.initial = initial;
    this.stages = stages;
  }

  static QuantileBoosting fit(double[][] features, double[] y) {
    int n = y.length;
    int f = features[0].length;
    double[] x = new double[n * f];
    for (int i = 0; i < n; i++) {
      System.arraycopy(features[i], 0, x, i * f, f);
    }
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    double[] initial = new double[QUANTILES.length];
    RegressionTree[][] stages = new RegressionTree[QUANTILES.length][STAGES];
    for (int q = 0; q < QUANTILES.length; q++) {
      double alpha = QUANTILES[q];
      initial[q] = interpolatedQuantile(y.clone(), alpha);
      double[] prediction = new double[n];
      Arrays.fill(prediction, initial[q]);
      double[] gradient = new double[n];
      double[] row = new double[f];
      for (int s = 0; s < STAGES; s++) {
        for (int i = 0; i < n; i++) {
          gradient[i] = y[i] > prediction[i] ? alpha : alpha - 1.0;
        }
        RegressionTree tree = RegressionTree.fit(x, f, gradient, all, 1, DEPTH, null);
        int[] leafOf = new int[n];
        int maxLeaf = 0;
        for (int i = 0; i < n; i++) {
          System.arraycopy(x, i * f, row, 0, f);
          leafOf[i] = tree.leaf(row);
          maxLeaf = Math.max(maxLeaf, leafOf[i]);
        }
        for (int leaf = 0; leaf <= maxLeaf; leaf++) {
          double[] residuals = new double[n];
          int count = 0;
          for (int i = 0; i < n; i++) {
            if (leafOf[i] == leaf) {
              residuals[count++] = y[i] - prediction[i];
            }
          }
          if (count > 0) {
            tree.setValue(leaf, lowerQuantile(Arrays.copyOf(residuals, count), alpha));
          }
        }
        for (int i = 0; i < n; i++) {
          prediction[i] += LEARNING_RATE * tree.value(leafOf[i]);
        }
        stages[q][s] = tree;
      }
    }
    return new QuantileBoosting(initial, stages);
  }

  /** The three quantile predictions, lowest first. */
  double[] quantiles(double[] features) {
    double[] out = new double[QUANTILES.length];
    for (int q = 0; q < QUANTILES.length; q++) {
      double v = initial[q];
      for (RegressionTree tree : stages[q]) {
        v += LEARNING_RATE * tree.value(tree.leaf(features));
      }
      out[q] = v;
    }
    return out;
  }

  @Override
  public void predict(double[] features, double[] out) {
    double[] q = quantiles(features);
    out[0] = q[1];
    out[1] = Math.abs(q[2] - q[0]) / 2.0;
  }

  /** numpy's default percentile: linear interpolation between order statistics. */
  private static double interpolatedQuantile(double[] values, double alpha) {
    Arrays.sort(values);
    double position = alpha * (values.length - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(values.length - 1, low + 1);
    return values[low] + (position - low) * (values[high] - values[low]);
  }

  /** The smallest value with at least a fraction alpha of the values at or below it (scikit-learn's leaf update). */
  private static double lowerQuantile(double[] values, double alpha) {
    Arrays.sort(values);
    int index = (int) Math.ceil(alpha * values.length) - 1;
    return values[Math.max(0, Math.min(values.length - 1, index))];
  }
}
