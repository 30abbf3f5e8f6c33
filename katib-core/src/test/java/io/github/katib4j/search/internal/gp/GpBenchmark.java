package io.github.katib4j.search.internal.gp;

import io.github.katib4j.search.internal.TestFunctions;
import io.github.katib4j.search.internal.numeric.Rng;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the time of one Bayesian-optimisation suggestion (model fit plus acquisition optimisation) after n told
 * observations, for n = 50, 100, 200, 500. Not a test: run it with
 * {@code java -cp katib-core/target/classes:katib-core/target/test-classes
 * io.github.katib4j.search.internal.gp.GpBenchmark [dims...]}.
 *
 * <p>Reports wall time and the process's CPU time (which includes the JIT and GC threads); on a shared, loaded
 * machine the CPU time is the steadier number.
 */
public final class GpBenchmark {
  private GpBenchmark() {}

  public static void main(String[] args) {
    int[] dims = args.length == 0 ? new int[] {5, 10} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt)
        .toArray();
    warmUp();
    System.out.println("estimator acq dims n   wall_ms  cpu_ms");
    for (String setting : new String[] {"GP/GP_HEDGE", "GP/EI", "RF/GP_HEDGE", "ET/GP_HEDGE", "GBRT/GP_HEDGE"}) {
      Estimator estimator = Estimator.valueOf(setting.split("/")[0]);
      Acquisition acquisition = Acquisition.valueOf(setting.split("/")[1]);
      for (int d : dims) {
        for (int n : new int[] {50, 100, 200, 500}) {
          if (estimator != Estimator.GP && n > 200) {
            continue;
          }
          BayesianOptimizer bo = told(estimator, acquisition, d, n);
          int repeats = n >= 500 ? 1 : 3;
          long wall = 0;
          long cpu = 0;
          for (int r = 0; r < repeats; r++) {
            long w0 = System.nanoTime();
            long c0 = cpuNanos();
            double[] x = bo.ask();
            wall += System.nanoTime() - w0;
            cpu += cpuNanos() - c0;
            // The next ask refits: one more observation, as in a real run.
            bo.tell(x, objective(x));
          }
          System.out.printf("%-9s %-8s %2d %4d %8.0f %7.0f%n", estimator, acquisition, d, n,
              wall / 1e6 / repeats, cpu / 1e6 / repeats);
        }
      }
    }
  }

  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static void warmUp() {
    BayesianOptimizer bo = told(Estimator.GP, Acquisition.GP_HEDGE, 5, 60);
    for (int i = 0; i < 5; i++) {
      double[] x = bo.ask();
      bo.tell(x, objective(x));
    }
  }

  private static BayesianOptimizer told(Estimator estimator, Acquisition acquisition, int d, int n) {
    List<Dimension> dims = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      dims.add(Dimension.real(0, 1));
    }
    BayesianOptimizer bo = BayesianOptimizer.builder(SearchSpace.of(dims)).estimator(estimator)
        .acquisition(acquisition).seed(1).build();
    Rng rng = Rng.of(7, d, n);
    for (int i = 0; i < n; i++) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = rng.nextDouble();
      }
      bo.tell(x, objective(x));
    }
    return bo;
  }

  /** Hartmann6 on the first six coordinates (cycled when fewer), so every dimension count has structure. */
  private static double objective(double[] x) {
    double[] six = new double[6];
    for (int j = 0; j < 6; j++) {
      six[j] = x[j % x.length];
    }
    return TestFunctions.hartmann6(six) + 0.01 * x[x.length - 1];
  }
}
