package io.github.katib4j.search.internal.gp;

import io.github.katib4j.search.internal.numeric.Rng;

/**
 * A random forest (bootstrap samples, exact splits) or extra-trees ensemble (all samples, random thresholds) of 100
 * trees with at least 3 samples per leaf, as scikit-optimize's forest_minimize uses them.
 *
 * <p>The standard deviation is that of the mixture of the trees' leaf distributions, {@code sqrt(E[var_t + mean_t^2] -
 * mean^2)} (Hutter et al., 2014, section 4.3.2), as skopt computes it.
 */
final class TreeEnsemble implements Surrogate {
  static final int TREES = 100;
  static final int MIN_LEAF = 3;

  private final RegressionTree[] trees;

  private TreeEnsemble(RegressionTree[] trees) {
    this.trees = trees;
  }

  static TreeEnsemble fit(double[][] features, double[] y, boolean extraTrees, Rng rng) {
    int n = y.length;
    int f = features[0].length;
    double[] x = new double[n * f];
    for (int i = 0; i < n; i++) {
      System.arraycopy(features[i], 0, x, i * f, f);
    }
    RegressionTree[] trees = new RegressionTree[TREES];
    for (int t = 0; t < TREES; t++) {
      Rng treeRng = Rng.of(rng.nextLong());
      int[] samples = new int[n];
      for (int i = 0; i < n; i++) {
        samples[i] = extraTrees ? i : treeRng.nextInt(n);
      }
      trees[t] = RegressionTree.fit(x, f, y, samples, MIN_LEAF, Integer.MAX_VALUE, extraTrees ? treeRng : null);
    }
    return new TreeEnsemble(trees);
  }

  @Override
  public void predict(double[] features, double[] out) {
    double mean = 0.0;
    double second = 0.0;
    for (RegressionTree tree : trees) {
      int leaf = tree.leaf(features);
      double m = tree.value(leaf);
      mean += m;
      second += tree.variance(leaf) + m * m;
    }
    mean /= trees.length;
    second /= trees.length;
    out[0] = mean;
    out[1] = Math.sqrt(Math.max(0.0, second - mean * mean));
  }
}
