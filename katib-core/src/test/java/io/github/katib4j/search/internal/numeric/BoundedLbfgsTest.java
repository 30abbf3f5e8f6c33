package io.github.katib4j.search.internal.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedLbfgsTest {
  private static double rosenbrock(double[] x, double[] g) {
    double f = 0;
    Arrays.fill(g, 0);
    for (int i = 0; i + 1 < x.length; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      f += 100 * a * a + b * b;
      g[i] += -400 * x[i] * a - 2 * b;
      g[i + 1] += 200 * a;
    }
    return f;
  }

  @Test
  void minimize_rosenbrockInsideTheBox_findsTheValley() {
    double[] lower = {-5, -5, -5, -5};
    double[] upper = {5, 5, 5, 5};

    BoundedLbfgs.Result result = BoundedLbfgs.of(500, 1e-9, 0)
        .minimize(BoundedLbfgsTest::rosenbrock, new double[] {-1.2, 1, -1.2, 1}, lower, upper);

    assertThat(result.value()).isLessThan(1e-10);
    for (double xi : result.x()) {
      assertThat(xi).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void minimize_optimumOutsideTheBox_stopsOnTheActiveBound() {
    double[] centre = {2, -3, 0.25};
    BoundedLbfgs.Objective f = (x, g) -> {
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        double d = x[i] - centre[i];
        s += (i + 1) * d * d;
        g[i] = 2 * (i + 1) * d;
      }
      return s;
    };

    BoundedLbfgs.Result result = BoundedLbfgs.of(100, 1e-10, 0)
        .minimize(f, new double[] {0.5, 0.5, 0.5}, new double[] {0, 0, 0}, new double[] {1, 1, 1});

    assertThat(result.x()[0]).isEqualTo(1.0);
    assertThat(result.x()[1]).isEqualTo(0.0);
    assertThat(result.x()[2]).isCloseTo(0.25, within(1e-8));
  }

  @Test
  void minimize_startOutsideTheBox_isProjectedFirst() {
    BoundedLbfgs.Objective f = (x, g) -> {
      g[0] = 2 * x[0];
      return x[0] * x[0];
    };

    BoundedLbfgs.Result result = BoundedLbfgs.of(10, 1e-12, 0)
        .minimize(f, new double[] {-7}, new double[] {1}, new double[] {3});

    assertThat(result.x()[0]).isEqualTo(1.0);
    assertThat(result.value()).isEqualTo(1.0);
  }

  @Test
  void minimize_nonFiniteRegions_areBacktrackedOutOf() {
    BoundedLbfgs.Objective f = (x, g) -> {
      if (x[0] > 0.8) {
        return Double.NaN;
      }
      g[0] = 2 * (x[0] - 0.7);
      return (x[0] - 0.7) * (x[0] - 0.7);
    };

    BoundedLbfgs.Result result = BoundedLbfgs.of(50, 1e-10, 0)
        .minimize(f, new double[] {-3}, new double[] {-10}, new double[] {10});

    assertThat(result.x()[0]).isCloseTo(0.7, within(1e-6));
  }
}
