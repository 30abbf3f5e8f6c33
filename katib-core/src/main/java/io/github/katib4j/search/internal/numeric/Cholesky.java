package io.github.katib4j.search.internal.numeric;

/**
 * The Cholesky factor of a symmetric positive definite matrix, {@code A = U^T U} with U upper triangular.
 *
 * <p>Matrices are flat row-major arrays. U is kept upper and row-major so that the factorisation, the forward solves
 * and the inverse all run as unit-stride {@code y += a * x} loops, which the JIT vectorises; the Gaussian-process fit
 * spends nearly all of its time here.
 */
public final class Cholesky {
  private final int n;
  private final double[] u;

  private Cholesky(int n, double[] u) {
    this.n = n;
    this.u = u;
  }

  /** The factor of the n x n matrix {@code a}, or null when {@code a} is not numerically positive definite. */
  public static Cholesky factor(double[] a, int n) {
    double[] u = new double[n * n];
    for (int i = 0; i < n; i++) {
      // Row i of U from the rows above it: the row being written stays in L1 while rows k stream past.
      int rowI = i * n;
      System.arraycopy(a, rowI + i, u, rowI + i, n - i);
      for (int k = 0; k < i; k++) {
        int rowK = k * n;
        double uki = u[rowK + i];
        if (uki != 0.0) {
          for (int j = i; j < n; j++) {
            u[rowI + j] -= uki * u[rowK + j];
          }
        }
      }
      double pivot = u[rowI + i];
      if (!(pivot > 0.0) || Double.isInfinite(pivot)) {
        return null;
      }
      double uii = Math.sqrt(pivot);
      u[rowI + i] = uii;
      double inv = 1.0 / uii;
      for (int j = i + 1; j < n; j++) {
        u[rowI + j] *= inv;
      }
    }
    return new Cholesky(n, u);
  }

  /** The order of the factored matrix. */
  public int size() {
    return n;
  }

  /** The (i, j) entry of U; equivalently L(j, i) of the lower factor {@code L = U^T}. */
  public double upper(int i, int j) {
    return u[i * n + j];
  }

  /** {@code log det A}. */
  public double logDeterminant() {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      sum += Math.log(u[i * n + i]);
    }
    return 2.0 * sum;
  }

  /** Solves {@code L v = b} (L = U^T) and returns v; {@code b} is left unchanged. */
  public double[] solveLower(double[] b) {
    double[] v = b.clone();
    for (int j = 0; j < n; j++) {
      int rowJ = j * n;
      double vj = v[j] / u[rowJ + j];
      v[j] = vj;
      if (vj != 0.0) {
        for (int i = j + 1; i < n; i++) {
          v[i] -= vj * u[rowJ + i];
        }
      }
    }
    return v;
  }

  /** Solves {@code U w = v} and returns w; {@code v} is left unchanged. */
  public double[] solveUpper(double[] v) {
    double[] w = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      int rowI = i * n;
      double s = v[i];
      for (int j = i + 1; j < n; j++) {
        s -= u[rowI + j] * w[j];
      }
      w[i] = s / u[rowI + i];
    }
    return w;
  }

  /** Solves {@code A x = b}. */
  public double[] solve(double[] b) {
    return solveUpper(solveLower(b));
  }

  /**
   * Solves {@code L V = B} in place for an n x m row-major right-hand side, for many vectors at once: row i of V is a
   * combination of the rows above it, so the inner loop runs along m contiguous values.
   */
  public void solveLowerInPlace(double[] b, int m) {
    for (int i = 0; i < n; i++) {
      int rowI = i * m;
      for (int j = 0; j < i; j++) {
        double lij = u[j * n + i];
        if (lij != 0.0) {
          int rowJ = j * m;
          for (int c = 0; c < m; c++) {
            b[rowI + c] -= lij * b[rowJ + c];
          }
        }
      }
      double inv = 1.0 / u[i * n + i];
      for (int c = 0; c < m; c++) {
        b[rowI + c] *= inv;
      }
    }
  }

  /** The full symmetric inverse {@code A^-1 = L^-T L^-1}, as a flat row-major n x n array. */
  public double[] inverse() {
    // V = L^-1 is lower triangular; row i is (e_i - sum_{j<i} L(i,j) V_j) / L(i,i), so each row is built in L1 from
    // the finished rows above it.
    double[] v = new double[n * n];
    for (int i = 0; i < n; i++) {
      int rowI = i * n;
      v[rowI + i] = 1.0;
      for (int j = 0; j < i; j++) {
        double lij = u[j * n + i];
        if (lij != 0.0) {
          int rowJ = j * n;
          for (int c = 0; c <= j; c++) {
            v[rowI + c] -= lij * v[rowJ + c];
          }
        }
      }
      double inv = 1.0 / u[rowI + i];
      for (int c = 0; c <= i; c++) {
        v[rowI + c] *= inv;
      }
    }
    // A^-1 = V^T V: row a is sum_{i >= a} V(i,a) V_i; again the row being written stays in L1.
    double[] out = new double[n * n];
    for (int a = 0; a < n; a++) {
      int rowA = a * n;
      for (int i = a; i < n; i++) {
        int rowI = i * n;
        double via = v[rowI + a];
        if (via != 0.0) {
          for (int b = a; b <= i; b++) {
            out[rowA + b] += via * v[rowI + b];
          }
        }
      }
    }
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        out[b * n + a] = out[a * n + b];
      }
    }
    return out;
  }

  /**
   * The factor of the matrix grown by one row and column: {@code column} holds its first n entries and {@code diagonal}
   * the new corner. Returns null when the grown matrix is not positive definite. Costs O(n^2), not O(n^3).
   */
  public Cholesky extend(double[] column, double diagonal) {
    double[] c = solveLower(column);
    double d = diagonal;
    for (double ci : c) {
      d -= ci * ci;
    }
    if (!(d > 0.0)) {
      return null;
    }
    int m = n + 1;
    double[] grown = new double[m * m];
    for (int i = 0; i < n; i++) {
      System.arraycopy(u, i * n + i, grown, i * m + i, n - i);
      grown[i * m + n] = c[i];
    }
    grown[n * m + n] = Math.sqrt(d);
    return new Cholesky(m, grown);
  }
}
