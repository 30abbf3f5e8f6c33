package io.github.katib4j.search.internal.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearAlgebraTest {
  private static double[] randomSpd(int n, long seed) {
    Rng rng = Rng.of(seed);
    double[] g = new double[n * n];
    for (int i = 0; i < g.length; i++) {
      g[i] = rng.nextGaussian();
    }
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = i == j ? n : 0.0;
        for (int k = 0; k < n; k++) {
          s += g[i * n + k] * g[j * n + k];
        }
        a[i * n + j] = s;
      }
    }
    return a;
  }

  private static double[] multiply(double[] a, double[] x) {
    int n = x.length;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[i] += a[i * n + j] * x[j];
      }
    }
    return out;
  }

  @Test
  void cholesky_solve_recoversTheRightHandSide() {
    int n = 30;
    double[] a = randomSpd(n, 1);
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = i - 10.0;
    }

    double[] x = Cholesky.factor(a, n).solve(b);

    double[] back = multiply(a, x);
    for (int i = 0; i < n; i++) {
      assertThat(back[i]).isCloseTo(b[i], within(1e-9));
    }
  }

  @Test
  void cholesky_inverse_timesTheMatrixIsTheIdentity() {
    int n = 25;
    double[] a = randomSpd(n, 2);

    double[] inverse = Cholesky.factor(a, n).inverse();

    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += a[i * n + k] * inverse[k * n + j];
        }
        assertThat(s).isCloseTo(i == j ? 1.0 : 0.0, within(1e-10));
      }
    }
  }

  @Test
  void cholesky_logDeterminant_matchesTheProductOfPivots() {
    double[] a = {4, 2, 2, 3};

    assertThat(Cholesky.factor(a, 2).logDeterminant()).isCloseTo(Math.log(8), within(1e-14));
  }

  @Test
  void cholesky_ofASingularMatrix_isNull() {
    double[] a = {1, 1, 1, 1};

    assertThat(Cholesky.factor(a, 2)).isNull();
  }

  @Test
  void cholesky_extend_equalsFactoringTheGrownMatrix() {
    int n = 12;
    double[] a = randomSpd(n, 3);
    double[] leading = new double[(n - 1) * (n - 1)];
    for (int i = 0; i < n - 1; i++) {
      System.arraycopy(a, i * n, leading, i * (n - 1), n - 1);
    }
    double[] column = new double[n - 1];
    for (int i = 0; i < n - 1; i++) {
      column[i] = a[i * n + n - 1];
    }

    Cholesky grown = Cholesky.factor(leading, n - 1).extend(column, a[n * n - 1]);
    Cholesky direct = Cholesky.factor(a, n);

    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        assertThat(grown.upper(i, j)).isCloseTo(direct.upper(i, j), within(1e-12));
      }
    }
  }

  @Test
  void cholesky_solveLowerInPlace_matchesOneVectorAtATime() {
    int n = 9;
    int m = 5;
    Cholesky chol = Cholesky.factor(randomSpd(n, 4), n);
    double[] block = new double[n * m];
    Rng rng = Rng.of(5);
    for (int i = 0; i < block.length; i++) {
      block[i] = rng.nextGaussian();
    }
    double[] original = block.clone();

    chol.solveLowerInPlace(block, m);

    for (int c = 0; c < m; c++) {
      double[] column = new double[n];
      for (int i = 0; i < n; i++) {
        column[i] = original[i * m + c];
      }
      double[] v = chol.solveLower(column);
      for (int i = 0; i < n; i++) {
        assertThat(block[i * m + c]).isCloseTo(v[i], within(1e-12));
      }
    }
  }

  @Test
  void symmetricEigen_reconstructsTheMatrixWithOrthonormalVectors() {
    int n = 8;
    double[] flat = randomSpd(n, 6);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = flat[i * n + j];
      }
    }

    SymmetricEigen eigen = SymmetricEigen.of(a);
    double[] values = eigen.values();
    double[][] v = eigen.vectors();

    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double reconstructed = 0;
        double gram = 0;
        for (int k = 0; k < n; k++) {
          reconstructed += v[i][k] * values[k] * v[j][k];
          gram += v[k][i] * v[k][j];
        }
        assertThat(reconstructed).isCloseTo(a[i][j], within(1e-10));
        assertThat(gram).isCloseTo(i == j ? 1.0 : 0.0, within(1e-12));
      }
    }
  }

  @Test
  void symmetricEigen_ofADiagonalMatrix_returnsItsDiagonal() {
    double[][] a = {{3, 0, 0}, {0, 1e-12, 0}, {0, 0, 7}};

    assertThat(SymmetricEigen.of(a).values()).containsExactly(3, 1e-12, 7);
  }
}
