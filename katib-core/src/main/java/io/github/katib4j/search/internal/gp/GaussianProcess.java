package io.github.katib4j.search.internal.gp;

import io.github.katib4j.search.internal.numeric.BoundedLbfgs;
import io.github.katib4j.search.internal.numeric.Cholesky;
import io.github.katib4j.search.internal.numeric.Rng;
import java.util.Arrays;

/**
 * Gaussian-process regression with a Matern 5/2 ARD kernel times an amplitude, plus white noise, on features in
 * [0, 1] and standardised outputs.
 *
 * <p>Hyperparameters are the maximum a posteriori estimate under weak priors (those of Optuna's GPSampler: a
 * penalty {@code -0.1 (l^2 + l^-2)} on each length-scale, Gamma(2, 1) on the amplitude and Gamma(1.1, 30) on the
 * noise variance, which is floored at 1e-6). The priors keep the fit stable with few points; the optimiser is
 * {@link BoundedLbfgs} on log-parameters with analytic gradients, restarted from a default and from random points.
 *
 * <p>Cost: O(n^3) per likelihood evaluation, O(n) per predicted mean and O(n^2) per variance.
 */
final class GaussianProcess implements Surrogate {
  static final double MIN_NOISE = 1e-6;
  private static final double SQRT5 = Math.sqrt(5.0);
  private static final double LOG_2PI = Math.log(2.0 * Math.PI);
  private static final double MIN_LENGTH = 5e-3;
  private static final double MAX_LENGTH = 50.0;
  private static final double MIN_AMPLITUDE = 1e-2;
  private static final double MAX_AMPLITUDE = 1e2;
  private static final double MAX_NOISE = 2.0;

  private final int n;
  private final int f;
  private final double[] x;
  private final double[] y;
  private final double yMean;
  private final double yScale;
  private final double[] lengthScales;
  private final double[] inverseSquared;
  private final double amplitude;
  private final double noise;
  private final Cholesky chol;
  private final double[] alpha;
  private final double[] beta;

  private GaussianProcess(double[] x, int f, double[] y, double yMean, double yScale, double[] lengthScales,
      double amplitude, double noise, Cholesky chol) {
    this.n = y.length;
    this.f = f;
    this.x = x;
    this.y = y;
    this.yMean = yMean;
    this.yScale = yScale;
    this.lengthScales = lengthScales;
    this.inverseSquared = new double[f];
    for (int m = 0; m < f; m++) {
      inverseSquared[m] = 1.0 / (lengthScales[m] * lengthScales[m]);
    }
    this.amplitude = amplitude;
    this.noise = noise;
    this.chol = chol;
    this.beta = chol.solveLower(y);
    this.alpha = chol.solveUpper(beta);
  }

  /** Fits the hyperparameters from a default start plus {@code starts - 1} random ones drawn from {@code rng}. */
  static GaussianProcess fit(double[][] features, double[] values, Rng rng, int starts) {
    int f = features[0].length;
    double[] flat = flatten(features);
    double[] standardized = new double[values.length];
    double[] location = standardize(values, standardized);
    Likelihood likelihood = new Likelihood(flat, f, standardized);
    double[] lower = new double[f + 2];
    double[] upper = new double[f + 2];
    Arrays.fill(lower, 0, f, Math.log(MIN_LENGTH));
    Arrays.fill(upper, 0, f, Math.log(MAX_LENGTH));
    lower[f] = Math.log(MIN_AMPLITUDE);
    upper[f] = Math.log(MAX_AMPLITUDE);
    lower[f + 1] = Math.log(MIN_NOISE);
    upper[f + 1] = Math.log(MAX_NOISE);
    BoundedLbfgs lbfgs = BoundedLbfgs.of(100, 1e-5, 1e-10);
    double[] best = null;
    double bestValue = Double.POSITIVE_INFINITY;
    for (int s = 0; s < Math.max(1, starts); s++) {
      double[] start = new double[f + 2];
      if (s == 0) {
        Arrays.fill(start, 0, f, Math.log(0.5));
        start[f] = 0.0;
        start[f + 1] = Math.log(1e-2);
      } else {
        for (int m = 0; m < f; m++) {
          start[m] = Math.log(0.05) + rng.nextDouble() * (Math.log(2.0) - Math.log(0.05));
        }
        start[f] = Math.log(0.3) + rng.nextDouble() * (Math.log(3.0) - Math.log(0.3));
        start[f + 1] = Math.log(1e-5) + rng.nextDouble() * (Math.log(1e-1) - Math.log(1e-5));
      }
      BoundedLbfgs.Result result = lbfgs.minimize(likelihood::negativeLogPosterior, start, lower, upper);
      if (result.value() < bestValue) {
        bestValue = result.value();
        best = result.x();
      }
    }
    if (best == null) {
      // Every start failed numerically (only possible with absurd data): fall back to the default hyperparameters.
      best = new double[f + 2];
      Arrays.fill(best, 0, f, Math.log(0.5));
      best[f + 1] = Math.log(1e-2);
    }
    double[] lengthScales = new double[f];
    for (int m = 0; m < f; m++) {
      lengthScales[m] = Math.exp(best[m]);
    }
    return build(flat, f, standardized, location[0], location[1], lengthScales, Math.exp(best[f]),
        Math.exp(best[f + 1]));
  }

  /**
   * The negative log posterior of log-hyperparameters {@code theta} = (log length-scales, log amplitude, log noise)
   * for standardised {@code values}, with its gradient; what {@link #fit} minimises.
   */
  static double negativeLogPosterior(double[][] features, double[] values, double[] theta, double[] gradient) {
    double[] standardized = new double[values.length];
    standardize(values, standardized);
    return new Likelihood(flatten(features), features[0].length, standardized).negativeLogPosterior(theta, gradient);
  }

  /** A process with fixed hyperparameters (amplitude and noise in standardised units). */
  static GaussianProcess of(double[][] features, double[] values, double[] lengthScales, double amplitude,
      double noise) {
    double[] standardized = new double[values.length];
    double[] location = standardize(values, standardized);
    return build(flatten(features), features[0].length, standardized, location[0], location[1], lengthScales.clone(),
        amplitude, noise);
  }

  private static GaussianProcess build(double[] x, int f, double[] y, double yMean, double yScale,
      double[] lengthScales, double amplitude, double noise) {
    int n = y.length;
    double[] k = new double[n * n];
    double[] inverseSquared = new double[f];
    for (int m = 0; m < f; m++) {
      inverseSquared[m] = 1.0 / (lengthScales[m] * lengthScales[m]);
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double r2 = 0.0;
        for (int m = 0; m < f; m++) {
          double d = x[i * f + m] - x[j * f + m];
          r2 += d * d * inverseSquared[m];
        }
        double value = amplitude * matern(r2);
        k[i * n + j] = value;
        k[j * n + i] = value;
      }
    }
    // Jitter only if the noise floor was not enough, which takes near-duplicate points and a tiny noise estimate.
    for (double jitter = 0.0; ; jitter = jitter == 0.0 ? 1e-10 * amplitude : jitter * 10.0) {
      for (int i = 0; i < n; i++) {
        k[i * n + i] = amplitude + noise + jitter;
      }
      Cholesky chol = Cholesky.factor(k, n);
      if (chol != null) {
        return new GaussianProcess(x, f, y, yMean, yScale, lengthScales, amplitude, noise + jitter, chol);
      }
      if (jitter > amplitude) {
        throw new IllegalStateException("kernel matrix not positive definite even with jitter " + jitter);
      }
    }
  }

  /**
   * The same process conditioned on extra points with the same hyperparameters and output scaling, at O(n^2) per
   * point: the constant-liar step for pending evaluations.
   */
  GaussianProcess condition(double[][] features, double[] values) {
    if (features.length == 0) {
      return this;
    }
    int total = n + features.length;
    double[] grownX = Arrays.copyOf(x, total * f);
    double[] grownY = Arrays.copyOf(y, total);
    Cholesky grown = chol;
    double jitter = noise;
    for (int p = 0; p < features.length; p++) {
      int row = n + p;
      System.arraycopy(features[p], 0, grownX, row * f, f);
      grownY[row] = (values[p] - yMean) / yScale;
      double[] column = new double[row];
      for (int i = 0; i < row; i++) {
        column[i] = amplitude * matern(distanceSquared(grownX, i * f, grownX, row * f));
      }
      Cholesky next = grown.extend(column, amplitude + jitter);
      while (next == null) {
        // A lie on top of an existing point: bump its own noise until the factor extends.
        jitter = Math.max(jitter * 10.0, 1e-10);
        next = grown.extend(column, amplitude + jitter);
      }
      grown = next;
    }
    return new GaussianProcess(grownX, f, grownY, yMean, yScale, lengthScales, amplitude, noise, grown);
  }

  @Override
  public void predict(double[] features, double[] out) {
    double[] k = kernelVector(features, null);
    double mean = 0.0;
    for (int i = 0; i < n; i++) {
      mean += k[i] * alpha[i];
    }
    double[] v = chol.solveLower(k);
    double variance = amplitude;
    for (double vi : v) {
      variance -= vi * vi;
    }
    out[0] = yMean + yScale * mean;
    out[1] = yScale * Math.sqrt(Math.max(variance, 0.0));
  }

  @Override
  public void predictAll(double[] features, int m, double[] means, double[] stds) {
    int block = 256;
    double[] v = new double[n * block];
    for (int start = 0; start < m; start += block) {
      int width = Math.min(block, m - start);
      fillCrossKernel(features, start, width, v, width);
      chol.solveLowerInPlace(v, width);
      double[] mean = new double[width];
      double[] variance = new double[width];
      Arrays.fill(variance, amplitude);
      for (int i = 0; i < n; i++) {
        double bi = beta[i];
        int row = i * width;
        for (int c = 0; c < width; c++) {
          double value = v[row + c];
          mean[c] += value * bi;
          variance[c] -= value * value;
        }
      }
      for (int c = 0; c < width; c++) {
        means[start + c] = yMean + yScale * mean[c];
        stds[start + c] = yScale * Math.sqrt(Math.max(variance[c], 0.0));
      }
    }
  }

  @Override
  public boolean predictWithGradient(double[] features, double[] out, double[] meanGradient, double[] stdGradient) {
    double[] distances = new double[n];
    double[] k = kernelVector(features, distances);
    double[] v = chol.solveLower(k);
    double[] w = chol.solveUpper(v);
    double mean = 0.0;
    double variance = amplitude;
    for (int i = 0; i < n; i++) {
      mean += k[i] * alpha[i];
      variance -= v[i] * v[i];
    }
    variance = Math.max(variance, 1e-12 * amplitude);
    double std = Math.sqrt(variance);
    Arrays.fill(meanGradient, 0.0);
    Arrays.fill(stdGradient, 0.0);
    for (int i = 0; i < n; i++) {
      double r = distances[i];
      // d k / d x_m = -s (5/3) (1 + sqrt5 r) exp(-sqrt5 r) (x_m - x_im) / l_m^2; the 1/r of dr/dx cancels.
      double common = -amplitude * (5.0 / 3.0) * (1.0 + SQRT5 * r) * Math.exp(-SQRT5 * r);
      double meanWeight = alpha[i] * common;
      double varianceWeight = -2.0 * w[i] * common;
      int row = i * f;
      for (int m = 0; m < f; m++) {
        double d = (features[m] - x[row + m]) * inverseSquared[m];
        meanGradient[m] += meanWeight * d;
        stdGradient[m] += varianceWeight * d;
      }
    }
    for (int m = 0; m < f; m++) {
      meanGradient[m] *= yScale;
      stdGradient[m] *= yScale / (2.0 * std);
    }
    out[0] = yMean + yScale * mean;
    out[1] = yScale * std;
    return true;
  }

  /**
   * The GP-Hedge gains (Hoffman, Brochu and de Freitas, 2011) of EI, PI and LCB over this process's own history,
   * computed as skopt accumulates them but as a pure function of the data: for every prefix of k observations from
   * {@code firstPrefix} on, each acquisition nominates its best candidate under the posterior given those k points, and
   * loses the posterior mean (in standardised units) at its nominee given k + 1 points.
   *
   * <p>All prefixes share this fit's hyperparameters, and the forward substitution L^-1 k(x) of the full fit already
   * holds every prefix's posterior in its leading entries (the Cholesky factor of a leading block is the leading block
   * of the factor), so the whole history costs one O(n^2 m) solve instead of n refits.
   */
  double[] hedgeGains(double[] candidates, int m, int firstPrefix, Acquisitions.Settings settings) {
    double[] v = new double[n * m];
    fillCrossKernel(candidates, 0, m, v, m);
    chol.solveLowerInPlace(v, m);
    double[] mean = new double[m];
    double[] variance = new double[m];
    Arrays.fill(variance, amplitude);
    double[] gains = new double[3];
    int[] nominees = {-1, -1, -1};
    double best = Double.POSITIVE_INFINITY;
    Acquisitions standardized = new Acquisitions(settings, 1.0);
    for (int i = 0; i < n; i++) {
      double bi = beta[i];
      int row = i * m;
      for (int c = 0; c < m; c++) {
        double value = v[row + c];
        mean[c] += value * bi;
        variance[c] -= value * value;
      }
      best = Math.min(best, y[i]);
      int prefix = i + 1;
      if (nominees[0] >= 0) {
        for (int a = 0; a < 3; a++) {
          gains[a] -= mean[nominees[a]];
        }
      }
      if (prefix >= firstPrefix && prefix < n) {
        for (int a = 0; a < 3; a++) {
          Acquisition acquisition = Acquisitions.HEDGED.get(a);
          int arg = 0;
          double top = Double.NEGATIVE_INFINITY;
          for (int c = 0; c < m; c++) {
            double score = standardized.score(acquisition, mean[c], Math.sqrt(Math.max(variance[c], 0.0)), best);
            if (score > top) {
              top = score;
              arg = c;
            }
          }
          nominees[a] = arg;
        }
      }
    }
    return gains;
  }

  /** The log marginal likelihood of the standardised training values under the current hyperparameters. */
  double logMarginalLikelihood() {
    double fit = 0.0;
    for (int i = 0; i < n; i++) {
      fit += y[i] * alpha[i];
    }
    return -0.5 * fit - 0.5 * chol.logDeterminant() - 0.5 * n * LOG_2PI;
  }

  double[] lengthScales() {
    return lengthScales.clone();
  }

  /** The kernel amplitude in standardised output units. */
  double amplitude() {
    return amplitude;
  }

  /** The noise variance in standardised output units. */
  double noise() {
    return noise;
  }

  /** The standard deviation used to standardise outputs: the scale of the data's units. */
  double outputScale() {
    return yScale;
  }

  int size() {
    return n;
  }

  private double[] kernelVector(double[] features, double[] distances) {
    double[] k = new double[n];
    for (int i = 0; i < n; i++) {
      double r2 = distanceSquared(features, 0, x, i * f);
      k[i] = amplitude * matern(r2);
      if (distances != null) {
        distances[i] = Math.sqrt(r2);
      }
    }
    return k;
  }

  /** Fills out (n x width, row-major) with k(x_i, candidate start + c). */
  private void fillCrossKernel(double[] candidates, int start, int width, double[] out, int stride) {
    for (int i = 0; i < n; i++) {
      int row = i * stride;
      for (int c = 0; c < width; c++) {
        out[row + c] = amplitude * matern(distanceSquared(candidates, (start + c) * f, x, i * f));
      }
    }
  }

  private double distanceSquared(double[] a, int aOffset, double[] b, int bOffset) {
    double r2 = 0.0;
    for (int m = 0; m < f; m++) {
      double d = a[aOffset + m] - b[bOffset + m];
      r2 += d * d * inverseSquared[m];
    }
    return r2;
  }

  /** Matern 5/2 as a function of the squared scaled distance. */
  private static double matern(double r2) {
    double r = Math.sqrt(r2);
    return (1.0 + SQRT5 * r + (5.0 / 3.0) * r2) * Math.exp(-SQRT5 * r);
  }

  private static double[] flatten(double[][] rows) {
    int f = rows[0].length;
    double[] flat = new double[rows.length * f];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != f) {
        throw new IllegalArgumentException("feature rows differ in length: " + f + " and " + rows[i].length);
      }
      System.arraycopy(rows[i], 0, flat, i * f, f);
    }
    return flat;
  }

  /** Writes standardised values and returns {mean, scale} as {@link #location} does. */
  private static double[] standardize(double[] values, double[] out) {
    double[] location = location(values);
    for (int i = 0; i < values.length; i++) {
      out[i] = (values[i] - location[0]) / location[1];
    }
    return location;
  }

  /** The mean and the (population) standard deviation of the values; constant data get scale 1. */
  static double[] location(double[] values) {
    double mean = 0.0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double variance = 0.0;
    for (double v : values) {
      variance += (v - mean) * (v - mean);
    }
    double scale = Math.sqrt(variance / values.length);
    if (!(scale > 1e-12 * Math.max(1.0, Math.abs(mean)))) {
      scale = 1.0;
    }
    return new double[] {mean, scale};
  }

  /** The negative log posterior of the hyperparameters and its gradient, over log-parameters. */
  private static final class Likelihood {
    private final int n;
    private final int f;
    private final double[] y;
    private final double[] pairDifferences;
    private final double[] pairDistance;
    private final double[] pairExp;
    private final double[] k;

    Likelihood(double[] x, int f, double[] y) {
      this.n = y.length;
      this.f = f;
      this.y = y;
      int pairs = n * (n - 1) / 2;
      this.pairDifferences = new double[pairs * f];
      this.pairDistance = new double[pairs];
      this.pairExp = new double[pairs];
      this.k = new double[n * n];
      int p = 0;
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          for (int m = 0; m < f; m++) {
            double d = x[i * f + m] - x[j * f + m];
            pairDifferences[p * f + m] = d * d;
          }
          p++;
        }
      }
    }

    double negativeLogPosterior(double[] theta, double[] gradient) {
      double[] inverseSquared = new double[f];
      for (int m = 0; m < f; m++) {
        inverseSquared[m] = Math.exp(-2.0 * theta[m]);
      }
      double amplitude = Math.exp(theta[f]);
      double noise = Math.exp(theta[f + 1]);
      int p = 0;
      for (int i = 0; i < n; i++) {
        k[i * n + i] = amplitude + noise;
        for (int j = i + 1; j < n; j++) {
          double r2 = 0.0;
          int base = p * f;
          for (int m = 0; m < f; m++) {
            r2 += pairDifferences[base + m] * inverseSquared[m];
          }
          double r = Math.sqrt(r2);
          double e = Math.exp(-SQRT5 * r);
          pairDistance[p] = r;
          pairExp[p] = e;
          double value = amplitude * (1.0 + SQRT5 * r + (5.0 / 3.0) * r2) * e;
          k[i * n + j] = value;
          k[j * n + i] = value;
          p++;
        }
      }
      Cholesky chol = Cholesky.factor(k, n);
      if (chol == null) {
        return Double.NaN;
      }
      double[] alpha = chol.solve(y);
      double fit = 0.0;
      for (int i = 0; i < n; i++) {
        fit += y[i] * alpha[i];
      }
      double logLikelihood = -0.5 * fit - 0.5 * chol.logDeterminant() - 0.5 * n * LOG_2PI;
      double[] inverse = chol.inverse();

      // d logL / d theta = 1/2 tr((alpha alpha^T - K^-1) dK/dtheta), summed over pairs i < j twice plus the diagonal.
      Arrays.fill(gradient, 0.0);
      double diagonalW = 0.0;
      for (int i = 0; i < n; i++) {
        diagonalW += alpha[i] * alpha[i] - inverse[i * n + i];
      }
      double amplitudeGradient = 0.5 * diagonalW * amplitude;
      double noiseGradient = 0.5 * diagonalW * noise;
      p = 0;
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          double w = alpha[i] * alpha[j] - inverse[i * n + j];
          amplitudeGradient += w * k[i * n + j];
          double r = pairDistance[p];
          double common = w * amplitude * (5.0 / 3.0) * (1.0 + SQRT5 * r) * pairExp[p];
          int base = p * f;
          for (int m = 0; m < f; m++) {
            gradient[m] += common * pairDifferences[base + m];
          }
          p++;
        }
      }
      double logPrior = 0.0;
      for (int m = 0; m < f; m++) {
        gradient[m] *= inverseSquared[m];
        // Prior -0.1 (l^2 + 1/l^2) with l^2 = 1 / inverseSquared; its derivative in log l is -0.2 (l^2 - 1/l^2).
        double l2 = 1.0 / inverseSquared[m];
        logPrior -= 0.1 * (l2 + inverseSquared[m]);
        gradient[m] += -0.2 * (l2 - inverseSquared[m]);
      }
      logPrior += Math.log(amplitude) - amplitude;
      amplitudeGradient += 1.0 - amplitude;
      logPrior += 0.1 * Math.log(noise) - 30.0 * noise;
      noiseGradient += 0.1 - 30.0 * noise;
      gradient[f] = amplitudeGradient;
      gradient[f + 1] = noiseGradient;
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] = -gradient[i];
      }
      return -(logLikelihood + logPrior);
    }
  }
}
