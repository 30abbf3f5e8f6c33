package io.github.katib4j.search.internal.gp;

import io.github.katib4j.search.internal.numeric.Rng;
import java.util.Arrays;

/**
 * A CART regression tree grown by squared-error reduction: exact best splits (random forest, boosting) or one uniformly
 * random threshold per feature (extra-trees). Each leaf keeps the mean and the variance of its training targets.
 */
final class RegressionTree {
  private int[] feature = new int[16];
  private double[] threshold = new double[16];
  private int[] left = new int[16];
  private int[] right = new int[16];
  private double[] value = new double[16];
  private double[] variance = new double[16];
  private int nodes;

  private final double[] x;
  private final int f;
  private final double[] y;
  private final int minLeaf;
  private final int maxDepth;
  private final Rng randomSplits;

  private RegressionTree(double[] x, int f, double[] y, int minLeaf, int maxDepth, Rng randomSplits) {
    this.x = x;
    this.f = f;
    this.y = y;
    this.minLeaf = minLeaf;
    this.maxDepth = maxDepth;
    this.randomSplits = randomSplits;
  }

  /**
   * Grows a tree on the rows listed in {@code samples} (repeats allowed, for bootstrap samples) of the row-major n x f
   * matrix {@code x}; {@code randomSplits} null for exact splits.
   */
  static RegressionTree fit(double[] x, int f, double[] y, int[] samples, int minLeaf, int maxDepth,
      Rng randomSplits) {
    RegressionTree tree = new RegressionTree(x, f, y, minLeaf, maxDepth, randomSplits);
    tree.grow(samples.clone(), 0, samples.length, 0);
    return tree;
  }

  /** The leaf a feature vector falls in. */
  int leaf(double[] features) {
    int node = 0;
    while (feature[node] >= 0) {
      node = features[feature[node]] <= threshold[node] ? left[node] : right[node];
    }
    return node;
  }

  double value(int leaf) {
    return value[leaf];
  }

  double variance(int leaf) {
    return variance[leaf];
  }

  /** Replaces a leaf's prediction (gradient boosting refits leaves to its own loss). */
  void setValue(int leaf, double newValue) {
    value[leaf] = newValue;
  }

  private int grow(int[] samples, int from, int to, int depth) {
    int node = newNode();
    int count = to - from;
    double sum = 0.0;
    double squares = 0.0;
    for (int i = from; i < to; i++) {
      double v = y[samples[i]];
      sum += v;
      squares += v * v;
    }
    double mean = sum / count;
    value[node] = mean;
    variance[node] = Math.max(0.0, squares / count - mean * mean);
    feature[node] = -1;
    if (count < 2 * minLeaf || depth >= maxDepth || variance[node] <= 1e-14 * Math.max(1.0, mean * mean)) {
      return node;
    }
    double[] split = randomSplits == null ? bestSplit(samples, from, to, sum) : randomSplit(samples, from, to, sum);
    if (split == null) {
      return node;
    }
    int m = (int) split[0];
    double t = split[1];
    int middle = from;
    for (int i = from; i < to; i++) {
      if (x[samples[i] * f + m] <= t) {
        int swap = samples[middle];
        samples[middle] = samples[i];
        samples[i] = swap;
        middle++;
      }
    }
    feature[node] = m;
    threshold[node] = t;
    int l = grow(samples, from, middle, depth + 1);
    int r = grow(samples, middle, to, depth + 1);
    left[node] = l;
    right[node] = r;
    return node;
  }

  /** The (feature, threshold) with the largest squared-error reduction, or null if no split leaves minLeaf per side. */
  private double[] bestSplit(int[] samples, int from, int to, double total) {
    int count = to - from;
    double[] keys = new double[count];
    int[] order = new int[count];
    double bestScore = total * total / count + 1e-12 * Math.abs(total * total / count);
    double[] best = null;
    for (int m = 0; m < f; m++) {
      for (int i = 0; i < count; i++) {
        order[i] = i;
        keys[i] = x[samples[from + i] * f + m];
      }
      sortByKey(order, keys);
      double leftSum = 0.0;
      for (int i = 0; i < count - 1; i++) {
        leftSum += y[samples[from + order[i]]];
        int leftCount = i + 1;
        double here = keys[order[i]];
        double next = keys[order[i + 1]];
        if (leftCount < minLeaf || count - leftCount < minLeaf || !(here < next)) {
          continue;
        }
        double rightSum = total - leftSum;
        double score = leftSum * leftSum / leftCount + rightSum * rightSum / (count - leftCount);
        if (score > bestScore) {
          bestScore = score;
          double t = 0.5 * (here + next);
          best = new double[] {m, t < next ? t : here};
        }
      }
    }
    return best;
  }

  /** Extra-trees: one uniform threshold per feature between the node's extremes; the best of those. */
  private double[] randomSplit(int[] samples, int from, int to, double total) {
    int count = to - from;
    double bestScore = total * total / count + 1e-12 * Math.abs(total * total / count);
    double[] best = null;
    for (int m = 0; m < f; m++) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = from; i < to; i++) {
        double v = x[samples[i] * f + m];
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (!(max > min)) {
        continue;
      }
      double t = min + randomSplits.nextDouble() * (max - min);
      if (t >= max) {
        t = min;
      }
      double leftSum = 0.0;
      int leftCount = 0;
      for (int i = from; i < to; i++) {
        int s = samples[i];
        if (x[s * f + m] <= t) {
          leftSum += y[s];
          leftCount++;
        }
      }
      if (leftCount < minLeaf || count - leftCount < minLeaf) {
        continue;
      }
      double rightSum = total - leftSum;
      double score = leftSum * leftSum / leftCount + rightSum * rightSum / (count - leftCount);
      if (score > bestScore) {
        bestScore = score;
        best = new double[] {m, t};
      }
    }
    return best;
  }

  /** Stable merge sort of {@code order} by {@code keys[order[i]]}. */
  private static void sortByKey(int[] order, double[] keys) {
    int n = order.length;
    int[] buffer = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          buffer[k++] = keys[order[j]] < keys[order[i]] ? order[j++] : order[i++];
        }
        while (i < mid) {
          buffer[k++] = order[i++];
        }
        while (j < hi) {
          buffer[k++] = order[j++];
        }
        System.arraycopy(buffer, lo, order, lo, hi - lo);
      }
    }
  }

  private int newNode() {
    if (nodes == feature.length) {
      int size = nodes * 2;
      feature = Arrays.copyOf(feature, size);
      threshold = Arrays.copyOf(threshold, size);
      left = Arrays.copyOf(left, size);
      right = Arrays.copyOf(right, size);
      value = Arrays.copyOf(value, size);
      variance = Arrays.copyOf(variance, size);
    }
    return nodes++;
  }
}
