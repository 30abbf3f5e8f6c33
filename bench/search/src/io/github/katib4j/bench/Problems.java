package io.github.katib4j.bench;

import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.search.Assignment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The benchmark problems of perf-reliability.md A1, with botorch's constants; all minimised. */
final class Problems {
  private Problems() {}

  /** A problem: its name, parameters, objective and known optimum. */
  record Problem(String name, List<Parameter> parameters, ToDoubleFunction<Assignment> objective, double optimum) {}

  static List<Problem> all() {
    return List.of(branin(), hartmann6(), levy5(), rosenbrock4(), mixed());
  }

  static Problem branin() {
    return new Problem("branin", List.of(Parameter.doubleRange("x1", -5, 10), Parameter.doubleRange("x2", 0, 15)),
        a -> branin(a.asDouble("x1"), a.asDouble("x2")), 0.397887);
  }

  static double branin(double x1, double x2) {
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double t = 1 / (8 * Math.PI);
    double u = x2 - b * x1 * x1 + c * x1 - 6;
    return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
  }

  static Problem hartmann6() {
    return new Problem("hartmann6", unitCube("x", 6), a -> hartmann6(vector(a, "x", 6)), -3.322368011);
  }

  static double hartmann6(double[] x) {
    double[] alpha = {1.0, 1.2, 3.0, 3.2};
    double[][] a = {
      {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    double[][] p = {
      {1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
      {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      double inner = 0;
      for (int j = 0; j < 6; j++) {
        double d = x[j] - 1e-4 * p[i][j];
        inner += a[i][j] * d * d;
      }
      sum += alpha[i] * Math.exp(-inner);
    }
    return -sum;
  }

  static Problem levy5() {
    return new Problem("levy5", box("x", 5, -10, 10), a -> levy(vector(a, "x", 5)), 0);
  }

  static double levy(double[] x) {
    int d = x.length;
    double[] w = new double[d];
    for (int i = 0; i < d; i++) {
      w[i] = 1 + (x[i] - 1) / 4;
    }
    double f = Math.pow(Math.sin(Math.PI * w[0]), 2);
    for (int i = 0; i < d - 1; i++) {
      f += (w[i] - 1) * (w[i] - 1) * (1 + 10 * Math.pow(Math.sin(Math.PI * w[i] + 1), 2));
    }
    f += (w[d - 1] - 1) * (w[d - 1] - 1) * (1 + Math.pow(Math.sin(2 * Math.PI * w[d - 1]), 2));
    return f;
  }

  static Problem rosenbrock4() {
    return new Problem("rosenbrock4", box("x", 4, -5, 10), a -> rosenbrock(vector(a, "x", 4)), 0);
  }

  static double rosenbrock(double[] x) {
    double f = 0;
    for (int i = 0; i < x.length - 1; i++) {
      f += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(x[i] - 1, 2);
    }
    return f;
  }

  /** Four Styblinski-Tang dimensions, an int k adding (k-2)^2 and a categorical adding 0, 5, 10 or 20. */
  static Problem mixed() {
    List<Parameter> parameters = new ArrayList<>(box("x", 4, -5, 5));
    parameters.add(Parameter.intRange("k", -5, 5));
    parameters.add(Parameter.categorical("c", "a", "b", "c", "d"));
    return new Problem("mixed", parameters, a -> {
      double f = 0;
      for (double xi : vector(a, "x", 4)) {
        f += 0.5 * (Math.pow(xi, 4) - 16 * xi * xi + 5 * xi);
      }
      long k = a.asLong("k");
      f += (k - 2) * (k - 2);
      f += switch (a.text("c")) {
        case "a" -> 0;
        case "b" -> 5;
        case "c" -> 10;
        default -> 20;
      };
      return f;
    }, -156.664664);
  }

  static List<Parameter> unitCube(String prefix, int d) {
    return box(prefix, d, 0, 1);
  }

  static List<Parameter> box(String prefix, int d, double low, double high) {
    List<Parameter> parameters = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      parameters.add(Parameter.doubleRange(prefix + i, low, high));
    }
    return parameters;
  }

  static double[] vector(Assignment a, String prefix, int d) {
    double[] x = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = a.asDouble(prefix + i);
    }
    return x;
  }
}
