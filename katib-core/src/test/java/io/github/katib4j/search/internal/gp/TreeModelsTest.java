package io.github.katib4j.search.internal.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.katib4j.search.internal.numeric.Rng;
import org.junit.jupiter.api.Test;

class TreeModelsTest {
  private static double[][] grid(int n) {
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {(i + 0.5) / n, ((i * 7) % n + 0.5) / n};
    }
    return x;
  }

  private static double step(double[] p) {
    return p[0] < 0.5 ? 1.0 : 5.0;
  }

  private static double[] predict(Surrogate s, double... x) {
    double[] out = new double[2];
    s.predict(x, out);
    return out;
  }

  @Test
  void regressionTree_stepFunction_isFitExactlyWithOneSplit() {
    double[][] rows = grid(20);
    double[] x = new double[40];
    double[] y = new double[20];
    int[] all = new int[20];
    for (int i = 0; i < 20; i++) {
      System.arraycopy(rows[i], 0, x, 2 * i, 2);
      y[i] = step(rows[i]);
      all[i] = i;
    }

    RegressionTree tree = RegressionTree.fit(x, 2, y, all, 1, Integer.MAX_VALUE, null);

    assertThat(tree.value(tree.leaf(new double[] {0.2, 0.9}))).isEqualTo(1.0);
    assertThat(tree.value(tree.leaf(new double[] {0.8, 0.1}))).isEqualTo(5.0);
    assertThat(tree.variance(tree.leaf(new double[] {0.8, 0.1}))).isZero();
  }

  @Test
  void regressionTree_fewerThanTwiceMinLeafSamples_staysOneLeafAtTheMean() {
    double[] x = {0.1, 0.2, 0.3, 0.4, 0.5};
    double[] y = {1, 2, 3, 4, 10};

    RegressionTree tree = RegressionTree.fit(x, 1, y, new int[] {0, 1, 2, 3, 4}, 3, Integer.MAX_VALUE, null);

    assertThat(tree.value(tree.leaf(new double[] {0.1}))).isEqualTo(4.0);
    assertThat(tree.leaf(new double[] {0.1})).isEqualTo(tree.leaf(new double[] {0.5}));
    assertThat(tree.variance(0)).isCloseTo(10.0, within(1e-12));
  }

  @Test
  void randomForest_stepFunction_predictsEachSideWithLittleSpread() {
    double[][] x = grid(60);
    double[] y = new double[60];
    for (int i = 0; i < 60; i++) {
      y[i] = step(x[i]);
    }

    TreeEnsemble forest = TreeEnsemble.fit(x, y, false, Rng.of(1));

    assertThat(predict(forest, 0.2, 0.5)[0]).isCloseTo(1.0, within(0.05));
    assertThat(predict(forest, 0.8, 0.5)[0]).isCloseTo(5.0, within(0.05));
    assertThat(predict(forest, 0.2, 0.5)[1]).isLessThan(0.3);
    // Near the jump the trees disagree, so the spread is larger there.
    assertThat(predict(forest, 0.5, 0.5)[1]).isGreaterThan(predict(forest, 0.2, 0.5)[1]);
  }

  @Test
  void extraTrees_smoothFunction_approximatesItAndIsDeterministicPerSeed() {
    double[][] x = grid(80);
    double[] y = new double[80];
    for (int i = 0; i < 80; i++) {
      y[i] = Math.sin(3 * x[i][0]) + x[i][1];
    }

    TreeEnsemble a = TreeEnsemble.fit(x, y, true, Rng.of(2));
    TreeEnsemble b = TreeEnsemble.fit(x, y, true, Rng.of(2));

    double[] out = predict(a, 0.4, 0.6);
    assertThat(out[0]).isCloseTo(Math.sin(1.2) + 0.6, within(0.2));
    assertThat(out).containsExactly(predict(b, 0.4, 0.6));
  }

  @Test
  void quantileBoosting_noisyData_ordersItsQuantilesAndCoversAboutTwoThirds() {
    int n = 200;
    Rng rng = Rng.of(3);
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {rng.nextDouble()};
      y[i] = 2 * x[i][0] + rng.nextGaussian();
    }

    QuantileBoosting model = QuantileBoosting.fit(x, y);

    int covered = 0;
    for (int i = 0; i < n; i++) {
      double[] q = model.quantiles(x[i]);
      assertThat(q[0]).isLessThanOrEqualTo(q[1]);
      assertThat(q[1]).isLessThanOrEqualTo(q[2]);
      if (y[i] >= q[0] && y[i] <= q[2]) {
        covered++;
      }
    }
    assertThat(covered / (double) n).isBetween(0.5, 0.85);
    double[] out = predict(model, 0.5);
    assertThat(out[0]).isCloseTo(1.0, within(0.5));
    assertThat(out[1]).isBetween(0.4, 1.5);
  }
}
