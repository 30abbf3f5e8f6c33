package io.github.katib4j.search.internal;

import io.github.katib4j.search.internal.cmaes.Candidate;
import io.github.katib4j.search.internal.cmaes.CmaEs;
import io.github.katib4j.search.internal.gp.BayesianOptimizer;
import io.github.katib4j.search.internal.gp.Dimension;
import io.github.katib4j.search.internal.gp.SearchSpace;
import io.github.katib4j.search.internal.numeric.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Best-so-far quality of CMA-ES, GP-BO and random search (the peer, measured in the same run) on the functions of
 * perf-reliability.md A1.4, as mean (median) over seeds at the given checkpoints. Not a test; run with
 * {@code java -cp katib-core/target/classes:katib-core/target/test-classes
 * io.github.katib4j.search.internal.SearchBenchmark <cmaes|gp|random> <problem> <seeds> <checkpoint>...}.
 */
public final class SearchBenchmark {
  private record Problem(int dimension, ToDoubleFunction<double[]> f) {}

  private static final Map<String, Problem> PROBLEMS = Map.of(
      "branin2", new Problem(2, TestFunctions::braninUnit),
      "hartmann3", new Problem(3, TestFunctions::hartmann3),
      "hartmann6", new Problem(6, TestFunctions::hartmann6),
      "rosenbrock4", new Problem(4, TestFunctions::rosenbrockUnit),
      "levy5", new Problem(5, TestFunctions::levyUnit));

  private SearchBenchmark() {}

  public static void main(String[] args) {
    String algorithm = args[0];
    Problem problem = PROBLEMS.get(args[1]);
    int seeds = Integer.parseInt(args[2]);
    int[] checkpoints = Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray();
    int budget = checkpoints[checkpoints.length - 1];
    double[][] results = new double[checkpoints.length][seeds];
    long start = System.nanoTime();
    for (int seed = 0; seed < seeds; seed++) {
      double[] trace = run(algorithm, problem, seed, budget);
      for (int c = 0; c < checkpoints.length; c++) {
        results[c][seed] = trace[checkpoints[c] - 1];
      }
    }
    StringBuilder line = new StringBuilder(String.format("%-7s %-12s", algorithm, args[1]));
    for (int c = 0; c < checkpoints.length; c++) {
      double[] r = results[c].clone();
      Arrays.sort(r);
      double mean = Arrays.stream(r).average().orElse(Double.NaN);
      line.append(String.format("  @%d %.4g (%.4g)", checkpoints[c], mean, r[r.length / 2]));
    }
    line.append(String.format("  [%.1f s for %d seeds]", (System.nanoTime() - start) / 1e9, seeds));
    System.out.println(line);
  }

  /** The best value seen after each evaluation. */
  private static double[] run(String algorithm, Problem problem, int seed, int budget) {
    double[] trace = new double[budget];
    double best = Double.POSITIVE_INFINITY;
    int d = problem.dimension();
    switch (algorithm) {
      case "cmaes": {
        CmaEs cma = CmaEs.builder(d).seed(seed).build();
        for (int i = 0; i < budget; i++) {
          Candidate c = cma.ask();
          double y = problem.f().applyAsDouble(c.x());
          cma.tell(c.id(), y);
          best = Math.min(best, y);
          trace[i] = best;
        }
        return trace;
      }
      case "gp": {
        List<Dimension> dims = new ArrayList<>();
        for (int j = 0; j < d; j++) {
          dims.add(Dimension.real(0, 1));
        }
        BayesianOptimizer bo = BayesianOptimizer.builder(SearchSpace.of(dims)).seed(seed).build();
        for (int i = 0; i < budget; i++) {
          double[] x = bo.ask();
          double y = problem.f().applyAsDouble(x);
          bo.tell(x, y);
          best = Math.min(best, y);
          trace[i] = best;
        }
        return trace;
      }
      case "random": {
        Rng rng = Rng.of(seed, 424242);
        for (int i = 0; i < budget; i++) {
          double[] x = new double[d];
          for (int j = 0; j < d; j++) {
            x[j] = rng.nextDouble();
          }
          best = Math.min(best, problem.f().applyAsDouble(x));
          trace[i] = best;
        }
        return trace;
      }
      default:
        throw new IllegalArgumentException("algorithm must be cmaes, gp or random, got " + algorithm);
    }
  }
}
