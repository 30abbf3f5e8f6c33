package io.github.katib4j.search.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Parzen estimator over some dimensions: a weighted mixture with one kernel per observation plus one prior kernel;
 * each kernel is a product of truncated normals (numeric dimensions, with the probability of a grid cell for stepped
 * ones) and of smoothed one-hot distributions (list dimensions). Bandwidths follow hyperopt and Optuna: the larger gap
 * to the neighbouring observations, clipped to [range / min(100, kernels), range].
 */
final class ParzenEstimator {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private final List<TpeDimension> dims;
  private final int kernels;
  private final double[] logWeights;
  private final double[] cumulativeWeights;
  /** Per numeric dimension: kernel means, deviations and log normalisers; null for list dimensions. */
  private final double[][] mus;
  private final double[][] sigmas;
  private final double[][] logNorms;
  /** Per list dimension: per kernel, the log probability of each item; null for numeric dimensions. */
  private final double[][][] logProbabilities;

  /**
   * An estimator of {@code observations} (rows of coordinates, one column per dimension) with these weights (one per
   * observation, oldest first) and the prior kernel weighted {@code priorWeight}.
   */
  ParzenEstimator(List<TpeDimension> dims, double[][] observations, double[] weights, double priorWeight) {
    this.dims = dims;
    int n = observations.length;
    this.kernels = n + 1;
    double[] w = Arrays.copyOf(weights, kernels);
    w[n] = n == 0 ? 1 : priorWeight;
    double total = 0;
    for (double x : w) {
      total += x;
    }
    logWeights = new double[kernels];
    cumulativeWeights = new double[kernels];
    double running = 0;
    for (int k = 0; k < kernels; k++) {
      logWeights[k] = Math.log(w[k] / total);
      running += w[k] / total;
      cumulativeWeights[k] = running;
    }
    mus = new double[dims.size()][];
    sigmas = new double[dims.size()][];
    logNorms = new double[dims.size()][];
    logProbabilities = new double[dims.size()][][];
    for (int d = 0; d < dims.size(); d++) {
      TpeDimension dim = dims.get(d);
      double[] column = new double[n];
      for (int i = 0; i < n; i++) {
        column[i] = observations[i][d];
      }
      if (dim.categorical) {
        logProbabilities[d] = categorical(dim, column, priorWeight);
      } else {
        numeric(d, dim, column);
      }
    }
  }

  private double[][] categorical(TpeDimension dim, double[] column, double priorWeight) {
    double[][] table = new double[kernels][dim.choices];
    for (int k = 0; k < kernels; k++) {
      double[] row = table[k];
      if (k == kernels - 1) {
        Arrays.fill(row, 1.0 / dim.choices);
      } else {
        Arrays.fill(row, priorWeight / kernels);
        row[(int) column[k]] += 1;
        double sum = 0;
        for (double p : row) {
          sum += p;
        }
        for (int j = 0; j < row.length; j++) {
          row[j] /= sum;
        }
      }
      for (int j = 0; j < row.length; j++) {
        row[j] = Math.log(row[j]);
      }
    }
    return table;
  }

  private void numeric(int d, TpeDimension dim, double[] column) {
    int n = column.length;
    double low = dim.low;
    double high = dim.high;
    double[] mu = Arrays.copyOf(column, kernels);
    double[] sigma = new double[kernels];
    if (n > 0) {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (i, j) -> Double.compare(column[i], column[j]));
      for (int r = 0; r < n; r++) {
        double left = r == 0 ? low : column[order[r - 1]];
        double right = r == n - 1 ? high : column[order[r + 1]];
        double here = column[order[r]];
        double s = Math.max(here - left, right - here);
        // The end points' kernels use the gap to their one neighbour, not to the bound (consider_endpoints=False).
        if (n >= 2 && r == 0) {
          s = right - here;
        } else if (n >= 2 && r == n - 1) {
          s = here - left;
        }
        sigma[order[r]] = s;
      }
    }
    double maxSigma = dim.priorSigma;
    double minSigma = dim.priorSigma / Math.min(100.0, 1.0 + kernels);
    for (int i = 0; i < n; i++) {
      sigma[i] = Math.min(maxSigma, Math.max(minSigma, sigma[i]));
    }
    mu[n] = dim.priorMu;
    sigma[n] = dim.priorSigma;
    double[] logNorm = new double[kernels];
    for (int k = 0; k < kernels; k++) {
      logNorm[k] = Gaussian.logMass((low - mu[k]) / sigma[k], (high - mu[k]) / sigma[k]);
    }
    mus[d] = mu;
    sigmas[d] = sigma;
    logNorms[d] = logNorm;
  }

  /** {@code count} draws, as snapped coordinates. */
  double[][] sample(Rng rng, int count) {
    double[][] samples = new double[count][dims.size()];
    for (int c = 0; c < count; c++) {
      int k = Arrays.binarySearch(cumulativeWeights, rng.nextDouble());
      k = Math.min(kernels - 1, k < 0 ? -k - 1 : k);
      for (int d = 0; d < dims.size(); d++) {
        TpeDimension dim = dims.get(d);
        if (dim.categorical) {
          double u = rng.nextDouble();
          double[] row = logProbabilities[d][k];
          int j = 0;
          double acc = Math.exp(row[0]);
          while (acc < u && j < row.length - 1) {
            j++;
            acc += Math.exp(row[j]);
          }
          samples[c][d] = j;
        } else {
          double x = Gaussian.truncated(mus[d][k], sigmas[d][k], dim.low, dim.high, rng.nextDouble());
          samples[c][d] = dim.snap(x);
        }
      }
    }
    return samples;
  }

  /** The log density (or log probability, for stepped and list dimensions) of each point. */
  double[] logPdf(double[][] points) {
    int count = points.length;
    double[][] terms = new double[count][];
    for (int c = 0; c < count; c++) {
      terms[c] = logWeights.clone();
    }
    for (int d = 0; d < dims.size(); d++) {
      TpeDimension dim = dims.get(d);
      if (dim.categorical) {
        for (int c = 0; c < count; c++) {
          int j = (int) points[c][d];
          double[] term = terms[c];
          for (int k = 0; k < kernels; k++) {
            term[k] += logProbabilities[d][k][j];
          }
        }
      } else if (dim.isStepped()) {
        int column = d;
        Map<Double, double[]> cells = new HashMap<>();
        for (int c = 0; c < count; c++) {
          double[] cell = cells.computeIfAbsent(points[c][d], x -> cellLogMass(dim, x, column));
          double[] term = terms[c];
          for (int k = 0; k < kernels; k++) {
            term[k] += cell[k];
          }
        }
      } else {
        double[] mu = mus[d];
        double[] sigma = sigmas[d];
        double[] logNorm = logNorms[d];
        double[] offset = new double[kernels];
        double[] inverse = new double[kernels];
        for (int k = 0; k < kernels; k++) {
          offset[k] = -Math.log(sigma[k]) - LOG_SQRT_2PI - logNorm[k];
          inverse[k] = 1 / sigma[k];
        }
        for (int c = 0; c < count; c++) {
          double x = points[c][d];
          double[] term = terms[c];
          for (int k = 0; k < kernels; k++) {
            double z = (x - mu[k]) * inverse[k];
            term[k] += offset[k] - 0.5 * z * z;
          }
        }
      }
    }
    double[] result = new double[count];
    for (int c = 0; c < count; c++) {
      result[c] = logSumExp(terms[c]);
    }
    return result;
  }

  private double[] cellLogMass(TpeDimension dim, double x, int d) {
    double value = dim.log ? Math.exp(x) : x;
    double left = dim.cellLow(value);
    double right = dim.cellHigh(value);
    double[] mass = new double[kernels];
    for (int k = 0; k < kernels; k++) {
      double sigma = sigmas[d][k];
      mass[k] = Gaussian.logMass((left - mus[d][k]) / sigma, (right - mus[d][k]) / sigma) - logNorms[d][k];
    }
    return mass;
  }

  private static double logSumExp(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double v : values) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }
}
