package io.github.katib4j.search.internal.gp;

import io.github.katib4j.search.internal.numeric.Rng;
import java.util.Arrays;
import java.util.List;

/**
 * The box the optimiser searches, and its encoding into model features: reals and integers scaled to [0, 1] (reals
 * in log space when log-uniform), categories one-hot.
 */
public final class SearchSpace {
  private final List<Dimension> dimensions;
  private final int[] offsets;
  private final int features;

  private SearchSpace(List<Dimension> dimensions) {
    this.dimensions = List.copyOf(dimensions);
    this.offsets = new int[dimensions.size()];
    int f = 0;
    for (int i = 0; i < dimensions.size(); i++) {
      offsets[i] = f;
      f += dimensions.get(i).features();
    }
    this.features = f;
  }

  /** A space with the given dimensions, in order. */
  public static SearchSpace of(List<Dimension> dimensions) {
    if (dimensions.isEmpty()) {
      throw new IllegalArgumentException("a search space needs at least one dimension");
    }
    return new SearchSpace(dimensions);
  }

  /** A space with the given dimensions, in order. */
  public static SearchSpace of(Dimension... dimensions) {
    return of(Arrays.asList(dimensions));
  }

  /** The dimensions. */
  public List<Dimension> dimensions() {
    return dimensions;
  }

  /** The number of dimensions, which is the length of a point. */
  public int size() {
    return dimensions.size();
  }

  int features() {
    return features;
  }

  /** A uniformly random point (log-uniform for log reals). */
  double[] sample(Rng rng) {
    double[] point = new double[dimensions.size()];
    for (int i = 0; i < point.length; i++) {
      Dimension d = dimensions.get(i);
      if (d instanceof Dimension.Real r) {
        point[i] = fromUnit(r, rng.nextDouble());
      } else if (d instanceof Dimension.IntegerRange n) {
        point[i] = Math.min((double) n.high(), n.low() + Math.floor(rng.nextDouble() * n.span()));
      } else {
        point[i] = rng.nextInt(((Dimension.Categorical) d).size());
      }
    }
    return point;
  }

  /** The model features of a point. */
  double[] encode(double[] point) {
    if (point.length != dimensions.size()) {
      throw new IllegalArgumentException("expected a point with " + dimensions.size() + " coordinates, got "
          + point.length + ": " + Arrays.toString(point));
    }
    double[] f = new double[features];
    for (int i = 0; i < point.length; i++) {
      Dimension d = dimensions.get(i);
      int o = offsets[i];
      if (d instanceof Dimension.Real r) {
        f[o] = toUnit(r, point[i]);
      } else if (d instanceof Dimension.IntegerRange n) {
        f[o] = n.high() == n.low() ? 0.0 : clamp((point[i] - n.low()) / n.width());
      } else {
        int size = ((Dimension.Categorical) d).size();
        int category = (int) Math.round(point[i]);
        if (category < 0 || category >= size) {
          throw new IllegalArgumentException("category index " + point[i] + " of dimension " + i
              + " is outside 0.." + (size - 1));
        }
        f[o + category] = 1.0;
      }
    }
    return f;
  }

  /** The point of some features: reals mapped back, integers rounded, the largest one-hot entry chosen. */
  double[] decode(double[] f) {
    double[] point = new double[dimensions.size()];
    for (int i = 0; i < point.length; i++) {
      Dimension d = dimensions.get(i);
      int o = offsets[i];
      if (d instanceof Dimension.Real r) {
        point[i] = fromUnit(r, clamp(f[o]));
      } else if (d instanceof Dimension.IntegerRange n) {
        point[i] = Math.min(n.high(), Math.round(n.low() + clamp(f[o]) * n.width()));
      } else {
        int size = ((Dimension.Categorical) d).size();
        int best = 0;
        for (int c = 1; c < size; c++) {
          if (f[o + c] > f[o + best]) {
            best = c;
          }
        }
        point[i] = best;
      }
    }
    return point;
  }

  /**
   * The features a local optimiser may move, as a mask: reals always, integers too (relaxed, then rounded by
   * {@link #snap}), categories never.
   */
  boolean[] movableFeatures() {
    boolean[] movable = new boolean[features];
    for (int i = 0; i < dimensions.size(); i++) {
      Dimension d = dimensions.get(i);
      if (!(d instanceof Dimension.Categorical)) {
        movable[offsets[i]] = !(d instanceof Dimension.IntegerRange n) || n.high() > n.low();
      }
    }
    return movable;
  }

  /** Rounds relaxed integer features back onto their grid, in place. */
  void snap(double[] f) {
    for (int i = 0; i < dimensions.size(); i++) {
      if (dimensions.get(i) instanceof Dimension.IntegerRange n && n.high() > n.low()) {
        int o = offsets[i];
        double width = n.width();
        f[o] = Math.round(clamp(f[o]) * width) / width;
      }
    }
  }

  private static double toUnit(Dimension.Real r, double value) {
    if (r.high() == r.low()) {
      return 0.0;
    }
    if (r.log()) {
      return clamp((Math.log(value) - Math.log(r.low())) / (Math.log(r.high()) - Math.log(r.low())));
    }
    return clamp((value - r.low()) / (r.high() - r.low()));
  }

  private static double fromUnit(Dimension.Real r, double u) {
    if (r.log()) {
      double v = Math.exp(Math.log(r.low()) + u * (Math.log(r.high()) - Math.log(r.low())));
      return Math.min(r.high(), Math.max(r.low(), v));
    }
    return Math.min(r.high(), r.low() + u * (r.high() - r.low()));
  }

  private static double clamp(double u) {
    return Math.min(1.0, Math.max(0.0, u));
  }
}
