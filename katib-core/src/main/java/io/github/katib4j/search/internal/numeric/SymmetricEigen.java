package io.github.katib4j.search.internal.numeric;

/**
 * Eigendecomposition of a symmetric matrix by the cyclic Jacobi method.
 *
 * <p>Jacobi is slower than Householder plus QL but short, unconditionally stable and accurate to working precision in
 * the small eigenvalues, which is what CMA-ES needs from its covariance matrix (dimension in the tens, decomposed at
 * most once per generation).
 */
public final class SymmetricEigen {
  private final double[] values;
  private final double[][] vectors;

  private SymmetricEigen(double[] values, double[][] vectors) {
    this.values = values;
    this.vectors = vectors;
  }

  /** Decomposes the symmetric matrix {@code a} (only its upper triangle is read; it is not modified). */
  public static SymmetricEigen of(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][n];
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        m[i][j] = a[i][j];
        m[j][i] = a[i][j];
      }
      v[i][i] = 1.0;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0.0;
      double diag = 0.0;
      for (int i = 0; i < n; i++) {
        diag += m[i][i] * m[i][i];
        for (int j = i + 1; j < n; j++) {
          off += m[i][j] * m[i][j];
        }
      }
      if (off <= 1e-30 * diag || off == 0.0) {
        break;
      }
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          if (m[p][q] != 0.0) {
            rotate(m, v, p, q);
          }
        }
      }
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = m[i][i];
    }
    return new SymmetricEigen(values, v);
  }

  /** Zeroes m[p][q] with one plane rotation and accumulates it into the eigenvector matrix v (columns). */
  private static void rotate(double[][] m, double[][] v, int p, int q) {
    int n = m.length;
    double apq = m[p][q];
    double theta = (m[q][q] - m[p][p]) / (2.0 * apq);
    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
    if (theta == 0.0) {
      t = 1.0;
    }
    double c = 1.0 / Math.sqrt(t * t + 1.0);
    double s = t * c;
    for (int k = 0; k < n; k++) {
      double mkp = m[k][p];
      double mkq = m[k][q];
      m[k][p] = c * mkp - s * mkq;
      m[k][q] = s * mkp + c * mkq;
    }
    for (int k = 0; k < n; k++) {
      double mpk = m[p][k];
      double mqk = m[q][k];
      m[p][k] = c * mpk - s * mqk;
      m[q][k] = s * mpk + c * mqk;
    }
    m[p][q] = 0.0;
    m[q][p] = 0.0;
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }

  /** The eigenvalues, in no particular order; {@code values()[i]} belongs to column i of {@link #vectors()}. */
  public double[] values() {
    return values.clone();
  }

  /** The orthonormal eigenvectors as the columns of a square matrix. */
  public double[][] vectors() {
    double[][] copy = new double[vectors.length][];
    for (int i = 0; i < vectors.length; i++) {
      copy[i] = vectors[i].clone();
    }
    return copy;
  }
}
