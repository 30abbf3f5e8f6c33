package io.github.katib4j.search.internal.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.katib4j.search.internal.numeric.Cholesky;
import io.github.katib4j.search.internal.numeric.Rng;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {
  private static double[][] randomPoints(int n, int d, long seed) {
    Rng rng = Rng.of(seed);
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = rng.nextDouble();
      }
    }
    return x;
  }

  private static double[] evaluate(double[][] x, ToDoubleFunction<double[]> f) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = f.applyAsDouble(x[i]);
    }
    return y;
  }

  private static double[] predict(Surrogate s, double... x) {
    double[] out = new double[2];
    s.predict(x, out);
    return out;
  }

  @Test
  void predict_atTrainingPoints_interpolatesWithSmallVariance() {
    double[][] x = randomPoints(12, 1, 1);
    double[] y = evaluate(x, p -> Math.sin(6 * p[0]) + 3);
    GaussianProcess gp = GaussianProcess.of(x, y, new double[] {0.3}, 1.0, 1e-6);

    for (int i = 0; i < x.length; i++) {
      double[] out = predict(gp, x[i]);
      assertThat(out[0]).isCloseTo(y[i], within(1e-3));
      assertThat(out[1]).isLessThan(1e-2);
    }
  }

  @Test
  void predict_awayFromTheData_hasLargerVarianceThanAtIt() {
    double[][] x = {{0.1}, {0.2}, {0.3}};
    double[] y = {1, 2, 1.5};
    GaussianProcess gp = GaussianProcess.of(x, y, new double[] {0.1}, 1.0, 1e-4);

    double atData = predict(gp, 0.2)[1];
    double near = predict(gp, 0.45)[1];
    double far = predict(gp, 0.95)[1];

    assertThat(atData).isLessThan(near);
    assertThat(near).isLessThan(far);
    // Far from everything the posterior falls back to the prior: the data mean and the full amplitude.
    assertThat(predict(gp, 0.95)[0]).isCloseTo(1.5, within(1e-3));
    assertThat(far).isCloseTo(Math.sqrt(1.0) * gp.outputScale(), within(1e-3));
  }

  @Test
  void fit_functionOfOneCoordinateOnly_learnsAShortAndALongLengthScale() {
    double[][] x = randomPoints(40, 2, 2);
    double[] y = evaluate(x, p -> Math.sin(8 * p[0]));

    GaussianProcess gp = GaussianProcess.fit(x, y, Rng.of(3), 3);

    double[] lengths = gp.lengthScales();
    assertThat(lengths[0]).isBetween(0.05, 0.6);
    assertThat(lengths[1]).isGreaterThan(5 * lengths[0]);
    assertThat(gp.noise()).isLessThan(1e-3);
  }

  @Test
  void fit_noisyData_estimatesTheNoise() {
    double[][] x = randomPoints(80, 1, 4);
    Rng noise = Rng.of(5);
    double[] y = evaluate(x, p -> Math.sin(4 * p[0]) + 0.3 * noise.nextGaussian());

    GaussianProcess gp = GaussianProcess.fit(x, y, Rng.of(6), 3);

    double noiseStd = Math.sqrt(gp.noise()) * gp.outputScale();
    assertThat(noiseStd).isBetween(0.2, 0.45);
  }

  @Test
  void fit_duplicatedPoints_staysFiniteAndPredictsTheirMean() {
    double[][] x = new double[30][];
    double[] y = new double[30];
    for (int i = 0; i < 30; i++) {
      x[i] = new double[] {(i / 3) / 10.0, 0.5};
      y[i] = (i / 3) + (i % 3) * 1e-9;
    }

    GaussianProcess gp = GaussianProcess.fit(x, y, Rng.of(7), 3);

    double[] out = predict(gp, 0.3, 0.5);
    assertThat(out[0]).isCloseTo(3.0, within(1e-3));
    assertThat(out[1]).isFinite();
    assertThat(gp.logMarginalLikelihood()).isFinite();
  }

  @Test
  void negativeLogPosterior_gradient_matchesFiniteDifferences() {
    double[][] x = randomPoints(25, 3, 8);
    double[] y = evaluate(x, p -> Math.sin(5 * p[0]) + p[1] * p[2]);
    double[] theta = {Math.log(0.3), Math.log(0.7), Math.log(2.0), Math.log(1.3), Math.log(1e-3)};
    double[] gradient = new double[theta.length];

    GaussianProcess.negativeLogPosterior(x, y, theta, gradient);

    double h = 1e-6;
    for (int i = 0; i < theta.length; i++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[i] += h;
      minus[i] -= h;
      double[] scratch = new double[theta.length];
      double numeric = (GaussianProcess.negativeLogPosterior(x, y, plus, scratch)
          - GaussianProcess.negativeLogPosterior(x, y, minus, scratch)) / (2 * h);
      assertThat(gradient[i]).as("d/dtheta[%d]", i).isCloseTo(numeric, within(1e-5 * Math.max(1, Math.abs(numeric))));
    }
  }

  @Test
  void predictWithGradient_matchesFiniteDifferencesOfMeanAndStd() {
    double[][] x = randomPoints(20, 3, 9);
    double[] y = evaluate(x, p -> Math.cos(4 * p[0]) + p[1]);
    GaussianProcess gp = GaussianProcess.of(x, y, new double[] {0.3, 0.5, 0.8}, 1.5, 1e-4);
    double[] point = {0.41, 0.27, 0.66};
    double[] out = new double[2];
    double[] meanGradient = new double[3];
    double[] stdGradient = new double[3];

    assertThat(gp.predictWithGradient(point, out, meanGradient, stdGradient)).isTrue();

    assertThat(out).containsExactly(predict(gp, point), within(1e-12));
    double h = 1e-6;
    for (int m = 0; m < 3; m++) {
      double[] plus = point.clone();
      double[] minus = point.clone();
      plus[m] += h;
      minus[m] -= h;
      double[] p = predict(gp, plus);
      double[] q = predict(gp, minus);
      assertThat(meanGradient[m]).isCloseTo((p[0] - q[0]) / (2 * h), within(1e-6));
      assertThat(stdGradient[m]).isCloseTo((p[1] - q[1]) / (2 * h), within(1e-6));
    }
  }

  @Test
  void predictAll_equalsPredictingOneAtATime() {
    double[][] x = randomPoints(30, 2, 10);
    GaussianProcess gp = GaussianProcess.of(x, evaluate(x, p -> p[0] - p[1]), new double[] {0.4, 0.4}, 1.0, 1e-3);
    int m = 300;
    double[][] candidates = randomPoints(m, 2, 11);
    double[] flat = new double[2 * m];
    for (int c = 0; c < m; c++) {
      System.arraycopy(candidates[c], 0, flat, 2 * c, 2);
    }
    double[] means = new double[m];
    double[] stds = new double[m];

    gp.predictAll(flat, m, means, stds);

    for (int c = 0; c < m; c++) {
      double[] out = predict(gp, candidates[c]);
      assertThat(means[c]).isCloseTo(out[0], within(1e-10));
      assertThat(stds[c]).isCloseTo(out[1], within(1e-10));
    }
  }

  @Test
  void condition_onALie_pinsThePosteriorThereAndLeavesFarPointsAlone() {
    double[][] x = randomPoints(15, 2, 12);
    double[] y = evaluate(x, p -> p[0] * p[0] + p[1]);
    GaussianProcess gp = GaussianProcess.of(x, y, new double[] {0.2, 0.2}, 1.0, 1e-5);
    double[] lie = {0.5, 0.5};

    GaussianProcess lied = gp.condition(new double[][] {lie, lie}, new double[] {-7, -7});

    assertThat(lied.size()).isEqualTo(17);
    assertThat(predict(lied, lie)[0]).isCloseTo(-7, within(0.05));
    assertThat(predict(lied, lie)[1]).isLessThan(predict(gp, lie)[1]);
    double[] far = x[0];
    if (Math.hypot(far[0] - 0.5, far[1] - 0.5) > 0.4) {
      assertThat(predict(lied, far)[0]).isCloseTo(predict(gp, far)[0], within(1e-2));
    }
  }

  /** Brute force: every prefix's posterior from its own Cholesky factor, with the full fit's scaling. */
  @Test
  void hedgeGains_equalRefactoringEveryPrefix() {
    double[][] x = randomPoints(18, 2, 13);
    double[] y = evaluate(x, p -> Math.sin(5 * p[0]) + p[1]);
    double[] lengths = {0.3, 0.6};
    double amplitude = 1.2;
    double noise = 1e-4;
    GaussianProcess gp = GaussianProcess.of(x, y, lengths, amplitude, noise);
    int m = 200;
    double[][] candidates = randomPoints(m, 2, 14);
    double[] flat = new double[2 * m];
    for (int c = 0; c < m; c++) {
      System.arraycopy(candidates[c], 0, flat, 2 * c, 2);
    }
    Acquisitions.Settings settings = new Acquisitions.Settings(0.01, 1.96);
    int firstPrefix = 5;

    double[] gains = gp.hedgeGains(flat, m, firstPrefix, settings);

    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= y.length;
    double variance = 0;
    for (double v : y) {
      variance += (v - mean) * (v - mean);
    }
    double scale = Math.sqrt(variance / y.length);
    double[] z = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      z[i] = (y[i] - mean) / scale;
    }
    Acquisitions acquisitions = new Acquisitions(settings, 1.0);
    double[] expected = new double[3];
    for (int k = firstPrefix; k < y.length; k++) {
      double[][] posteriorK = posterior(x, z, k, candidates, lengths, amplitude, noise);
      double[][] posteriorNext = posterior(x, z, k + 1, candidates, lengths, amplitude, noise);
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < k; i++) {
        best = Math.min(best, z[i]);
      }
      for (int a = 0; a < 3; a++) {
        int arg = 0;
        for (int c = 1; c < m; c++) {
          if (acquisitions.score(Acquisitions.HEDGED.get(a), posteriorK[0][c], posteriorK[1][c], best)
              > acquisitions.score(Acquisitions.HEDGED.get(a), posteriorK[0][arg], posteriorK[1][arg], best)) {
            arg = c;
          }
        }
        expected[a] -= posteriorNext[0][arg];
      }
    }
    assertThat(gains).containsExactly(expected, within(1e-9));
    assertThat(gains[0]).isNotZero();
  }

  private static double[][] posterior(double[][] x, double[] z, int k, double[][] candidates, double[] lengths,
      double amplitude, double noise) {
    double[] kk = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        kk[i * k + j] = amplitude * matern(x[i], x[j], lengths) + (i == j ? noise : 0);
      }
    }
    Cholesky chol = Cholesky.factor(kk, k);
    double[] alpha = chol.solve(java.util.Arrays.copyOf(z, k));
    double[][] out = new double[2][candidates.length];
    for (int c = 0; c < candidates.length; c++) {
      double[] kc = new double[k];
      for (int i = 0; i < k; i++) {
        kc[i] = amplitude * matern(candidates[c], x[i], lengths);
      }
      double mean = 0;
      for (int i = 0; i < k; i++) {
        mean += kc[i] * alpha[i];
      }
      double[] v = chol.solveLower(kc);
      double variance = amplitude;
      for (double vi : v) {
        variance -= vi * vi;
      }
      out[0][c] = mean;
      out[1][c] = Math.sqrt(Math.max(variance, 0));
    }
    return out;
  }

  private static double matern(double[] a, double[] b, double[] lengths) {
    double r2 = 0;
    for (int m = 0; m < a.length; m++) {
      r2 += (a[m] - b[m]) * (a[m] - b[m]) / (lengths[m] * lengths[m]);
    }
    double r = Math.sqrt(r2);
    return (1 + Math.sqrt(5) * r + 5.0 / 3.0 * r2) * Math.exp(-Math.sqrt(5) * r);
  }
}
