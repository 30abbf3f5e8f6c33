package io.github.katib4j.bench;

import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.Objective;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.Suggester;
import io.github.katib4j.search.Suggesters;
import io.github.katib4j.search.TrialState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * katib4j's side of the search benchmark: best value after 50, 100 and 200 trials per problem, algorithm and seed,
 * and the time per suggestion after 100, 1,000 and 2,000 trials; one JSON object per line.
 *
 * <p>Algorithms not available in this build (cmaes and bayesianoptimization until they are wired) are reported as
 * skipped, so they join the table as soon as {@code Suggesters} knows them.
 */
public final class SearchBenchmark {
  private static final List<String> ALGORITHMS =
      List.of("random", "sobol", "tpe", "multivariate-tpe", "cmaes", "bayesianoptimization");

  public static void main(String[] args) throws IOException {
    int seeds = 20;
    int firstSeed = 0;
    int trials = 200;
    List<String> algorithms = ALGORITHMS;
    List<String> problems = List.of("branin", "hartmann6", "levy5", "rosenbrock4", "mixed");
    int[] latencyAt = {100, 1000, 2000};
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--first-seed" -> firstSeed = Integer.parseInt(args[++i]);
        case "--trials" -> trials = Integer.parseInt(args[++i]);
        case "--algorithms" -> algorithms = List.of(args[++i].split(","));
        case "--problems" -> problems = List.of(args[++i].split(","));
        case "--latency" -> latencyAt = Arrays.stream(args[++i].split(",")).filter(s -> !s.isEmpty())
            .mapToInt(Integer::parseInt).toArray();
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    PrintStream sink = out == null ? System.out : new PrintStream(Files.newOutputStream(out), true, "UTF-8");
    for (String algorithm : algorithms) {
      if (!Suggesters.algorithmNames().contains(algorithm)) {
        sink.printf("{\"side\":\"katib4j\",\"sampler\":\"%s\",\"skipped\":\"not available in this build\"}%n",
            algorithm);
        continue;
      }
      for (Problems.Problem problem : Problems.all()) {
        if (!problems.contains(problem.name())) {
          continue;
        }
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
          double[] best = run(algorithm, problem, seed, trials);
          sink.printf(Locale.ROOT, "{\"side\":\"katib4j\",\"sampler\":\"%s\",\"problem\":\"%s\",\"seed\":%d,"
              + "\"best50\":%.10g,\"best100\":%.10g,\"best200\":%.10g}%n",
              algorithm, problem.name(), seed, best[49], best[Math.min(99, trials - 1)], best[trials - 1]);
        }
      }
      if (latencyAt.length > 0) {
        // GP's cost grows with the cube of the history, so it is timed where the issue sets its target (200).
        latency(algorithm, algorithm.equals("bayesianoptimization") ? new int[] {100, 200} : latencyAt, sink);
      }
    }
    sink.flush();
  }

  static ExperimentSpec spec(String algorithm, Problems.Problem problem) {
    return ExperimentSpec.builder()
        .objective(Objective.minimize("value"))
        .algorithm(Algorithm.named(algorithm))
        .parameters(problem.parameters())
        .build();
  }

  /** The best value after each trial. */
  static double[] run(String algorithm, Problems.Problem problem, long seed, int trials) {
    Suggester suggester = Suggesters.create(spec(algorithm, problem), seed);
    double[] best = new double[trials];
    double bestSoFar = Double.POSITIVE_INFINITY;
    for (int t = 0; t < trials; t++) {
      Proposal proposal = suggester.ask(1).get(0);
      double value = problem.objective().applyAsDouble(proposal.assignment());
      bestSoFar = Math.min(bestSoFar, value);
      best[t] = bestSoFar;
      suggester.tell(proposal.toTrial("t" + t).withState(TrialState.SUCCEEDED).withObjectiveValue(value));
    }
    return best;
  }

  /** Median time of one ask in a window of 21 trials around each history size, 5 continuous parameters. */
  static void latency(String algorithm, int[] at, PrintStream sink) {
    Problems.Problem sphere = new Problems.Problem("sphere5", Problems.box("x", 5, -5, 5), a -> {
      double f = 0;
      for (double x : Problems.vector(a, "x", 5)) {
        f += x * x;
      }
      return f;
    }, 0);
    int last = Arrays.stream(at).max().orElse(0) + 11;
    // Warm the JIT on a shorter run first, so the first window is not measuring the interpreter.
    timedRun(algorithm, sphere, 99, Math.min(last, 400));
    long[] nanos = timedRun(algorithm, sphere, 0, last);
    for (int n : at) {
      List<Long> window = new ArrayList<>();
      for (int t = n - 10; t <= n + 10; t++) {
        window.add(nanos[t]);
      }
      window.sort(null);
      sink.printf(Locale.ROOT, "{\"side\":\"katib4j\",\"sampler\":\"%s\",\"latency_n\":%d,\"ms\":%.4f}%n",
          algorithm, n, window.get(window.size() / 2) / 1e6);
    }
  }

  private static long[] timedRun(String algorithm, Problems.Problem problem, long seed, int trials) {
    Suggester suggester = Suggesters.create(spec(algorithm, problem), seed);
    long[] nanos = new long[trials];
    for (int t = 0; t < trials; t++) {
      long start = System.nanoTime();
      Proposal proposal = suggester.ask(1).get(0);
      nanos[t] = System.nanoTime() - start;
      double value = problem.objective().applyAsDouble(proposal.assignment());
      suggester.tell(proposal.toTrial("t" + t).withState(TrialState.SUCCEEDED).withObjectiveValue(value));
    }
    return nanos;
  }
}
