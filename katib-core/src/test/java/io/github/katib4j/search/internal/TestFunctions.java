package io.github.katib4j.search.internal;

/** Closed-form benchmark objectives with the constants of botorch's synthetic test functions, all minimised. */
public final class TestFunctions {
  /** Branin's global minimum. */
  public static final double BRANIN_MINIMUM = 0.397887;
  /** Hartmann6's global minimum. */
  public static final double HARTMANN6_MINIMUM = -3.322368;

  private static final double[] HARTMANN_ALPHA = {1.0, 1.2, 3.0, 3.2};
  private static final double[][] HARTMANN_A = {
      {10, 3, 17, 3.5, 1.7, 8},
      {0.05, 10, 17, 0.1, 8, 14},
      {3, 3.5, 1.7, 10, 17, 8},
      {17, 8, 0.05, 10, 0.1, 14}};
  private static final double[][] HARTMANN_P = {
      {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
      {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
      {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
      {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

  private static final double[][] HARTMANN3_A = {{3, 10, 30}, {0.1, 10, 35}, {3, 10, 30}, {0.1, 10, 35}};
  private static final double[][] HARTMANN3_P = {
      {0.3689, 0.1170, 0.2673},
      {0.4699, 0.4387, 0.7470},
      {0.1091, 0.8732, 0.5547},
      {0.0381, 0.5743, 0.8828}};

  private TestFunctions() {}

  /** Hartmann3 on [0, 1]^3; minimum -3.86278. */
  public static double hartmann3(double[] x) {
    double s = 0;
    for (int i = 0; i < 4; i++) {
      double inner = 0;
      for (int j = 0; j < 3; j++) {
        double d = x[j] - HARTMANN3_P[i][j];
        inner += HARTMANN3_A[i][j] * d * d;
      }
      s -= HARTMANN_ALPHA[i] * Math.exp(-inner);
    }
    return s;
  }

  /** Branin on x1 in [-5, 10], x2 in [0, 15]. */
  public static double branin(double x1, double x2) {
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double t = 1 / (8 * Math.PI);
    double a = x2 - b * x1 * x1 + c * x1 - 6;
    return a * a + 10 * (1 - t) * Math.cos(x1) + 10;
  }

  /** Branin on [0, 1]^2, scaled to its usual domain. */
  public static double braninUnit(double[] u) {
    return branin(-5 + 15 * u[0], 15 * u[1]);
  }

  /** Hartmann6 on [0, 1]^6. */
  public static double hartmann6(double[] x) {
    double s = 0;
    for (int i = 0; i < 4; i++) {
      double inner = 0;
      for (int j = 0; j < 6; j++) {
        double d = x[j] - HARTMANN_P[i][j];
        inner += HARTMANN_A[i][j] * d * d;
      }
      s -= HARTMANN_ALPHA[i] * Math.exp(-inner);
    }
    return s;
  }

  /** Rosenbrock on [-5, 10]^d scaled from [0, 1]^d; minimum 0 at all ones. */
  public static double rosenbrockUnit(double[] u) {
    double s = 0;
    for (int i = 0; i + 1 < u.length; i++) {
      double a = -5 + 15 * u[i];
      double b = -5 + 15 * u[i + 1];
      s += 100 * (b - a * a) * (b - a * a) + (1 - a) * (1 - a);
    }
    return s;
  }

  /** Levy on [-10, 10]^d scaled from [0, 1]^d; minimum 0 at all ones. */
  public static double levyUnit(double[] u) {
    int d = u.length;
    double[] w = new double[d];
    for (int i = 0; i < d; i++) {
      w[i] = 1 + (-10 + 20 * u[i] - 1) / 4;
    }
    double s = Math.pow(Math.sin(Math.PI * w[0]), 2);
    for (int i = 0; i < d - 1; i++) {
      s += (w[i] - 1) * (w[i] - 1) * (1 + 10 * Math.pow(Math.sin(Math.PI * w[i] + 1), 2));
    }
    s += (w[d - 1] - 1) * (w[d - 1] - 1) * (1 + Math.pow(Math.sin(2 * Math.PI * w[d - 1]), 2));
    return s;
  }
}
