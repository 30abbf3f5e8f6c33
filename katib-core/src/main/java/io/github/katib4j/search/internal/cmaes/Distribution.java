package io.github.katib4j.search.internal.cmaes;

import io.github.katib4j.search.internal.numeric.Normal;
import io.github.katib4j.search.internal.numeric.Rng;
import io.github.katib4j.search.internal.numeric.SymmetricEigen;
import java.util.Arrays;

/**
 * The search distribution of one CMA-ES run: Hansen's (mu/mu_w, lambda)-CMA-ES with weighted recombination, rank-one
 * and rank-mu covariance updates with negative weights, and cumulative step-size adaptation, following "The CMA
 * Evolution Strategy: A Tutorial" (Hansen, 2016). Discrete coordinates get the margin correction of "CMA-ES with
 * Margin" (Hamano et al., GECCO 2022): a per-coordinate scale {@code a} and mean shifts that keep the probability of
 * leaving the current discrete cell above {@code margin}.
 *
 * <p>Coordinates live in [0, 1]. A discrete coordinate with k levels is split into k cells of width 1/k.
 */
final class Distribution {
  private static final double EIGEN_FLOOR = 1e-20;
  private static final double SIGMA_MAX = 1e32;

  private final int n;
  private final int[] levels;
  private final int lambda;
  private final int mu;
  private final double[] weights;
  private final double muEff;
  private final double cSigma;
  private final double dSigma;
  private final double cc;
  private final double c1;
  private final double cMu;
  private final double chiN;
  private final double margin;
  private final int eigenInterval;
  private final double tolX;
  private final int historyLength;

  private final double[] mean;
  private double sigma;
  private final double[][] c;
  private double[][] b;
  private double[] d;
  private final double[] pSigma;
  private final double[] pc;
  private final double[] a;
  private int updates;
  private int lastEigenUpdate;
  private final double[] history;

  Distribution(int[] levels, int lambda, double[] mean, double sigma, double sigma0) {
    this.n = levels.length;
    this.levels = levels;
    this.lambda = lambda;
    this.mu = lambda / 2;
    double[] raw = new double[lambda];
    double positiveSum = 0.0;
    double positiveSquares = 0.0;
    double negativeSum = 0.0;
    double negativeSquares = 0.0;
    for (int i = 0; i < lambda; i++) {
      raw[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
      if (raw[i] > 0) {
        positiveSum += raw[i];
        positiveSquares += raw[i] * raw[i];
      } else {
        negativeSum -= raw[i];
        negativeSquares += raw[i] * raw[i];
      }
    }
    this.muEff = positiveSum * positiveSum / positiveSquares;
    double muEffMinus = negativeSquares == 0.0 ? 0.0 : negativeSum * negativeSum / negativeSquares;
    this.cSigma = (muEff + 2.0) / (n + muEff + 5.0);
    this.dSigma = 1.0 + 2.0 * Math.max(0.0, Math.sqrt((muEff - 1.0) / (n + 1.0)) - 1.0) + cSigma;
    this.cc = (4.0 + muEff / n) / (n + 4.0 + 2.0 * muEff / n);
    this.c1 = 2.0 / ((n + 1.3) * (n + 1.3) + muEff);
    this.cMu = Math.min(1.0 - c1, 2.0 * (muEff - 2.0 + 1.0 / muEff) / ((n + 2.0) * (n + 2.0) + muEff));
    double alphaMuMinus = 1.0 + c1 / cMu;
    double alphaMuEffMinus = 1.0 + 2.0 * muEffMinus / (muEff + 2.0);
    double alphaPosDefMinus = (1.0 - c1 - cMu) / (n * cMu);
    double negativeScale = Math.min(alphaMuMinus, Math.min(alphaMuEffMinus, alphaPosDefMinus));
    this.weights = new double[lambda];
    for (int i = 0; i < lambda; i++) {
      weights[i] = raw[i] >= 0 ? raw[i] / positiveSum : negativeScale * raw[i] / negativeSum;
    }
    this.chiN = Math.sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * n));
    this.margin = 1.0 / (n * (double) lambda);
    this.eigenInterval = Math.max(1, (int) Math.floor(1.0 / (10.0 * n * (c1 + cMu))));
    this.tolX = 1e-12 * sigma0;
    this.historyLength = 10 + (int) Math.ceil(30.0 * n / lambda);

    this.mean = mean.clone();
    this.sigma = sigma;
    this.c = identity(n);
    this.b = identity(n);
    this.d = new double[n];
    Arrays.fill(d, 1.0);
    this.pSigma = new double[n];
    this.pc = new double[n];
    this.a = new double[n];
    Arrays.fill(a, 1.0);
    this.history = new double[2 * historyLength];
  }

  int lambda() {
    return lambda;
  }

  double sigma() {
    return sigma;
  }

  double[] mean() {
    return mean.clone();
  }

  /**
   * Draws one raw sample {@code m + sigma * B D z}, resampling up to 100 times until the continuous coordinates are in
   * [0, 1] and clipping them after that. Discrete coordinates stay raw; {@link #evaluationPoint} maps them to levels.
   */
  double[] sample(Rng rng) {
    refreshEigen(false);
    double[] x = new double[n];
    double[] z = new double[n];
    for (int attempt = 0; attempt <= 100; attempt++) {
      for (int i = 0; i < n; i++) {
        z[i] = d[i] * rng.nextGaussian();
      }
      boolean feasible = true;
      for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int j = 0; j < n; j++) {
          s += b[i][j] * z[j];
        }
        x[i] = mean[i] + sigma * s;
        if (levels[i] == 0 && (x[i] < 0.0 || x[i] > 1.0)) {
          feasible = false;
        }
      }
      if (feasible) {
        return x;
      }
    }
    for (int i = 0; i < n; i++) {
      if (levels[i] == 0) {
        x[i] = Math.min(1.0, Math.max(0.0, x[i]));
      }
    }
    return x;
  }

  /** The point to evaluate for a raw sample: continuous coordinates as they are, discrete ones as level/(k-1). */
  double[] evaluationPoint(double[] raw) {
    double[] x = raw.clone();
    for (int i = 0; i < n; i++) {
      int k = levels[i];
      if (k > 0) {
        double scaled = mean[i] + a[i] * (raw[i] - mean[i]);
        int level = (int) Math.min(k - 1, Math.max(0, Math.floor(scaled * k)));
        x[i] = k == 1 ? 0.0 : level / (double) (k - 1);
      }
    }
    return x;
  }

  /** One generation's update from lambda raw samples sorted by value, best first, and their sorted values. */
  void update(double[][] sorted, double[] values) {
    refreshEigen(false);
    updates++;
    int slot = 2 * (updates % historyLength);
    history[slot] = values[0];
    history[slot + 1] = values[values.length - 1];

    double[][] y = new double[lambda][n];
    double[] yw = new double[n];
    for (int k = 0; k < lambda; k++) {
      for (int i = 0; i < n; i++) {
        y[k][i] = (sorted[k][i] - mean[i]) / sigma;
      }
      if (k < mu) {
        for (int i = 0; i < n; i++) {
          yw[i] += weights[k] * y[k][i];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      mean[i] += sigma * yw[i];
    }
    double[] whitened = invSqrtC(yw);
    double psNormSquared = 0.0;
    double psFactor = Math.sqrt(cSigma * (2.0 - cSigma) * muEff);
    for (int i = 0; i < n; i++) {
      pSigma[i] = (1.0 - cSigma) * pSigma[i] + psFactor * whitened[i];
      psNormSquared += pSigma[i] * pSigma[i];
    }
    double psNorm = Math.sqrt(psNormSquared);
    double correction = Math.sqrt(1.0 - Math.pow(1.0 - cSigma, 2.0 * updates));
    boolean hSigma = psNorm / correction < (1.4 + 2.0 / (n + 1.0)) * chiN;
    double pcFactor = hSigma ? Math.sqrt(cc * (2.0 - cc) * muEff) : 0.0;
    for (int i = 0; i < n; i++) {
      pc[i] = (1.0 - cc) * pc[i] + pcFactor * yw[i];
    }
    double weightSum = 0.0;
    double[] effective = new double[lambda];
    for (int k = 0; k < lambda; k++) {
      weightSum += weights[k];
      if (weights[k] >= 0) {
        effective[k] = weights[k];
      } else {
        double[] w = invSqrtC(y[k]);
        double norm = 0.0;
        for (double v : w) {
          norm += v * v;
        }
        effective[k] = weights[k] * n / (norm + 1e-8);
      }
    }
    double delta = hSigma ? 0.0 : cc * (2.0 - cc);
    double keep = 1.0 + c1 * delta - c1 - cMu * weightSum;
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double rankMu = 0.0;
        for (int k = 0; k < lambda; k++) {
          rankMu += effective[k] * y[k][i] * y[k][j];
        }
        double value = keep * c[i][j] + c1 * pc[i] * pc[j] + cMu * rankMu;
        c[i][j] = value;
        c[j][i] = value;
      }
    }
    sigma *= Math.exp((cSigma / dSigma) * (psNorm / chiN - 1.0));
    sigma = Math.min(sigma, SIGMA_MAX);
    applyMargin();
  }

  /**
   * Keeps, for each discrete coordinate, the probability of sampling outside the mean's cell at least {@code margin}:
   * interior cells get at least margin/2 on each side by solving for a new mean and scale, edge cells get at least
   * margin on their one open side by moving the mean. This is the correction of Hamano et al., written with normal
   * quantiles instead of chi-square ones.
   */
  private void applyMargin() {
    for (int i = 0; i < n; i++) {
      int k = levels[i];
      if (k < 2) {
        continue;
      }
      double spread = sigma * Math.sqrt(c[i][i]);
      double scale = spread * a[i];
      int cell = (int) Math.min(k - 1, Math.max(0, Math.floor(mean[i] * k)));
      double low = cell / (double) k;
      double high = (cell + 1) / (double) k;
      if (cell == 0 || cell == k - 1) {
        double threshold = cell == 0 ? high : low;
        double outside = cell == 0
            ? 1.0 - Normal.cdf((threshold - mean[i]) / scale)
            : Normal.cdf((threshold - mean[i]) / scale);
        if (outside < margin) {
          double distance = scale * Normal.quantile(1.0 - margin);
          mean[i] = cell == 0 ? threshold - distance : threshold + distance;
        }
        continue;
      }
      double below = Normal.cdf((low - mean[i]) / scale);
      double above = 1.0 - Normal.cdf((high - mean[i]) / scale);
      if (below >= margin / 2 && above >= margin / 2) {
        continue;
      }
      double qLow = Normal.quantile(Math.max(below, margin / 2));
      double qHigh = Normal.quantile(1.0 - Math.max(above, margin / 2));
      double newScale = (high - low) / (qHigh - qLow);
      mean[i] = low - newScale * qLow;
      a[i] = newScale / spread;
    }
  }

  /** Hansen's termination criteria (TolFun, TolX, TolXUp, NoEffectAxis, NoEffectCoord, ConditionCov). */
  boolean shouldStop() {
    refreshEigen(true);
    if (!Double.isFinite(sigma) || sigma <= 0.0) {
      return true;
    }
    if (updates > historyLength) {
      double max = Double.NEGATIVE_INFINITY;
      double min = Double.POSITIVE_INFINITY;
      for (double v : history) {
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
      if (max - min < 1e-12) {
        return true;
      }
    }
    boolean small = true;
    for (int i = 0; i < n; i++) {
      if (sigma * Math.sqrt(c[i][i]) >= tolX || sigma * Math.abs(pc[i]) >= tolX) {
        small = false;
        break;
      }
    }
    if (small) {
      return true;
    }
    double maxD = 0.0;
    double minD = Double.POSITIVE_INFINITY;
    for (double v : d) {
      maxD = Math.max(maxD, v);
      minD = Math.min(minD, v);
    }
    if (sigma * maxD > 1e4) {
      return true;
    }
    int axis = updates % n;
    boolean noEffectAxis = true;
    for (int i = 0; i < n; i++) {
      if (mean[i] != mean[i] + 0.1 * sigma * d[axis] * b[i][axis]) {
        noEffectAxis = false;
        break;
      }
    }
    if (noEffectAxis) {
      return true;
    }
    for (int i = 0; i < n; i++) {
      if (mean[i] == mean[i] + 0.2 * sigma * Math.sqrt(c[i][i])) {
        return true;
      }
    }
    return (maxD / minD) * (maxD / minD) > 1e14;
  }

  /** B and D from C, at most every {@code eigenInterval} updates unless forced (the lazy update of the tutorial). */
  private void refreshEigen(boolean force) {
    if (updates == lastEigenUpdate || (!force && updates - lastEigenUpdate < eigenInterval)) {
      return;
    }
    lastEigenUpdate = updates;
    SymmetricEigen eigen = SymmetricEigen.of(c);
    double[] values = eigen.values();
    boolean clamped = false;
    for (int i = 0; i < n; i++) {
      if (!(values[i] >= EIGEN_FLOOR)) {
        values[i] = EIGEN_FLOOR;
        clamped = true;
      }
    }
    b = eigen.vectors();
    d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = Math.sqrt(values[i]);
    }
    if (clamped) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0.0;
          for (int k = 0; k < n; k++) {
            s += b[i][k] * values[k] * b[j][k];
          }
          c[i][j] = s;
        }
      }
    }
  }

  /** {@code C^-1/2 v = B D^-1 B^T v}. */
  private double[] invSqrtC(double[] v) {
    double[] t = new double[n];
    for (int k = 0; k < n; k++) {
      double s = 0.0;
      for (int i = 0; i < n; i++) {
        s += b[i][k] * v[i];
      }
      t[k] = s / d[k];
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0.0;
      for (int k = 0; k < n; k++) {
        s += b[i][k] * t[k];
      }
      out[i] = s;
    }
    return out;
  }

  private static double[][] identity(int n) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1.0;
    }
    return m;
  }
}
