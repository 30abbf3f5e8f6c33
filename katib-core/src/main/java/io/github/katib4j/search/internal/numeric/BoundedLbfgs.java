package io.github.katib4j.search.internal.numeric;

/**
 * Box-constrained limited-memory BFGS: a projected quasi-Newton method in the spirit of L-BFGS-B, without its
 * generalised Cauchy point machinery.
 *
 * <p>Each iteration fixes the variables that sit on a bound with the gradient pushing outward, takes the two-loop
 * L-BFGS direction in the remaining ones, and backtracks along the projection of that ray onto the box (Armijo on the
 * projected step). That is enough for the smooth, low-dimensional problems here: Gaussian-process hyperparameters
 * (tens of variables) and acquisition functions on [0,1]^d.
 */
public final class BoundedLbfgs {
  /** A differentiable objective to minimise. */
  @FunctionalInterface
  public interface Objective {
    /** Returns f(x) and writes its gradient into {@code gradient}; may return NaN or infinity for points to avoid. */
    double valueAndGradient(double[] x, double[] gradient);
  }

  /** The outcome of one minimisation. */
  public record Result(double[] x, double value, int iterations, int evaluations) {}

  private final int memory;
  private final int maxIterations;
  private final double gradientTolerance;
  private final double relativeTolerance;

  private BoundedLbfgs(int memory, int maxIterations, double gradientTolerance, double relativeTolerance) {
    this.memory = memory;
    this.maxIterations = maxIterations;
    this.gradientTolerance = gradientTolerance;
    this.relativeTolerance = relativeTolerance;
  }

  /**
   * An optimiser that stops after {@code maxIterations}, when the projected gradient's largest component falls below
   * {@code gradientTolerance}, or when an iteration improves f by less than {@code relativeTolerance * max(1, |f|)}.
   */
  public static BoundedLbfgs of(int maxIterations, double gradientTolerance, double relativeTolerance) {
    return new BoundedLbfgs(10, maxIterations, gradientTolerance, relativeTolerance);
  }

  /** Minimises f over the box [lower, upper] from x0 (clipped into the box first). */
  public Result minimize(Objective f, double[] x0, double[] lower, double[] upper) {
    int n = x0.length;
    double[] x = x0.clone();
    project(x, lower, upper);
    double[] g = new double[n];
    double fx = f.valueAndGradient(x, g);
    int evaluations = 1;
    if (!Double.isFinite(fx)) {
      return new Result(x, fx, 0, evaluations);
    }
    double[][] s = new double[memory][];
    double[][] y = new double[memory][];
    double[] rho = new double[memory];
    int stored = 0;
    int newest = -1;
    double[] d = new double[n];
    double[] xNew = new double[n];
    double[] gNew = new double[n];
    boolean[] free = new boolean[n];
    int iteration = 0;
    while (iteration < maxIterations) {
      double pgNorm = 0.0;
      for (int i = 0; i < n; i++) {
        free[i] = !((x[i] <= lower[i] && g[i] > 0.0) || (x[i] >= upper[i] && g[i] < 0.0));
        if (free[i]) {
          pgNorm = Math.max(pgNorm, Math.abs(g[i]));
        }
      }
      if (pgNorm < gradientTolerance) {
        break;
      }
      iteration++;
      direction(g, free, s, y, rho, stored, newest, d);
      double slope = 0.0;
      for (int i = 0; i < n; i++) {
        slope += d[i] * g[i];
      }
      if (!(slope < 0.0)) {
        // The quasi-Newton model went bad (for example after the active set changed): fall back to steepest descent.
        stored = 0;
        for (int i = 0; i < n; i++) {
          d[i] = free[i] ? -g[i] : 0.0;
        }
      }
      double step = stored == 0 ? Math.min(1.0, 1.0 / maxAbs(d)) : 1.0;
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int trial = 0; trial < 40; trial++) {
        for (int i = 0; i < n; i++) {
          xNew[i] = x[i] + step * d[i];
        }
        project(xNew, lower, upper);
        double decrease = 0.0;
        for (int i = 0; i < n; i++) {
          decrease += g[i] * (xNew[i] - x[i]);
        }
        fNew = f.valueAndGradient(xNew, gNew);
        evaluations++;
        if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * decrease) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (!accepted) {
        break;
      }
      int slot = (newest + 1) % memory;
      double[] sNew = new double[n];
      double[] yNew = new double[n];
      double sy = 0.0;
      double yy = 0.0;
      for (int i = 0; i < n; i++) {
        sNew[i] = xNew[i] - x[i];
        yNew[i] = gNew[i] - g[i];
        sy += sNew[i] * yNew[i];
        yy += yNew[i] * yNew[i];
      }
      if (sy > 1e-10 * yy && sy > 0.0) {
        s[slot] = sNew;
        y[slot] = yNew;
        rho[slot] = 1.0 / sy;
        newest = slot;
        stored = Math.min(stored + 1, memory);
      }
      double previous = fx;
      System.arraycopy(xNew, 0, x, 0, n);
      System.arraycopy(gNew, 0, g, 0, n);
      fx = fNew;
      if (previous - fx <= relativeTolerance * Math.max(1.0, Math.abs(fx))) {
        break;
      }
    }
    return new Result(x, fx, iteration, evaluations);
  }

  /** The two-loop recursion restricted to the free variables; fixed ones get a zero component. */
  private static void direction(double[] g, boolean[] free, double[][] s, double[][] y, double[] rho, int stored,
      int newest, double[] d) {
    int n = g.length;
    int memory = s.length;
    for (int i = 0; i < n; i++) {
      d[i] = free[i] ? -g[i] : 0.0;
    }
    if (stored == 0) {
      return;
    }
    double[] alpha = new double[memory];
    for (int k = 0; k < stored; k++) {
      int slot = Math.floorMod(newest - k, memory);
      double a = rho[slot] * dotFree(s[slot], d, free);
      alpha[slot] = a;
      for (int i = 0; i < n; i++) {
        if (free[i]) {
          d[i] -= a * y[slot][i];
        }
      }
    }
    double sy = dotFree(s[newest], y[newest], free);
    double yy = dotFree(y[newest], y[newest], free);
    double gamma = sy > 0.0 && yy > 0.0 ? sy / yy : 1.0;
    for (int i = 0; i < n; i++) {
      d[i] *= gamma;
    }
    for (int k = stored - 1; k >= 0; k--) {
      int slot = Math.floorMod(newest - k, memory);
      double b = rho[slot] * dotFree(y[slot], d, free);
      for (int i = 0; i < n; i++) {
        if (free[i]) {
          d[i] += (alpha[slot] - b) * s[slot][i];
        }
      }
    }
  }

  private static double dotFree(double[] a, double[] b, boolean[] free) {
    double sum = 0.0;
    for (int i = 0; i < a.length; i++) {
      if (free[i]) {
        sum += a[i] * b[i];
      }
    }
    return sum;
  }

  private static double maxAbs(double[] v) {
    double m = 0.0;
    for (double value : v) {
      m = Math.max(m, Math.abs(value));
    }
    return m == 0.0 ? 1.0 : m;
  }

  private static void project(double[] x, double[] lower, double[] upper) {
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
    }
  }
}
