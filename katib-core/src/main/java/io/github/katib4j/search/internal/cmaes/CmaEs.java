package io.github.katib4j.search.internal.cmaes;

import io.github.katib4j.search.internal.numeric.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ask/tell CMA-ES on the box [0, 1]^d, minimising, with optional discrete coordinates and IPOP/BIPOP restarts.
 *
 * <p>Determinism and replay: candidate {@code i} of generation {@code g} is drawn from a generator keyed by (seed, g,
 * i), and a generation ends with the first lambda successful {@link #tell}s of its candidates, in tell order. The
 * state therefore depends only on the sequence of tells, never on when or how often {@link #ask} was called: a fresh
 * instance with the same settings that is told the same (id, value) sequence is in exactly the same state. Tells for
 * earlier generations are ignored (their trials ran too long), as are failures, so a generation always completes as
 * long as the caller keeps asking; candidates beyond lambda are further independent draws from the same distribution,
 * which is what parallel trials need.
 *
 * <p>Not thread-safe.
 */
public final class CmaEs {
  private static final long SAMPLE_STREAM = 1;
  private static final long RESTART_STREAM = 2;

  private final long seed;
  private final int[] levels;
  private final RestartStrategy restartStrategy;
  private final double sigma0;
  private final int defaultLambda;

  private Distribution current;
  private int generation;
  private int restarts;
  private int largeRestarts;
  private boolean smallRegime;
  private long largeBudget;
  private long smallBudget;
  private long runEvaluations;

  private int nextIndex;
  private final Map<Integer, double[]> samples = new HashMap<>();
  private final BitSet closed = new BitSet();
  private final List<double[]> toldSamples = new ArrayList<>();
  private final List<Double> toldValues = new ArrayList<>();

  private CmaEs(Builder builder) {
    this.seed = builder.seed;
    this.levels = builder.levels.clone();
    this.restartStrategy = builder.restartStrategy;
    this.sigma0 = builder.sigma0;
    int n = levels.length;
    this.defaultLambda = builder.populationSize > 0 ? builder.populationSize : 4 + (int) Math.floor(3 * Math.log(n));
    double[] mean = builder.initialMean != null ? builder.initialMean.clone() : filled(n, 0.5);
    this.current = new Distribution(levels, defaultLambda, mean, sigma0, sigma0);
  }

  /** A builder for a {@code dimension}-dimensional problem, all coordinates continuous unless set otherwise. */
  public static Builder builder(int dimension) {
    return new Builder(dimension);
  }

  /** The next candidate of the current generation. */
  public Candidate ask() {
    int index = nextIndex++;
    return new Candidate(Candidate.id(generation, index), generation, index,
        current.evaluationPoint(sample(index)));
  }

  /**
   * Reports the (finite or infinite) value of a candidate; NaN counts as a failure. Returns whether the value joined
   * the current generation, false when it is stale, a repeat, or NaN.
   *
   * @throws IllegalArgumentException if the id belongs to a generation that has not started yet
   */
  public boolean tell(long id, double value) {
    int index = indexOf(id);
    if (index < 0) {
      return false;
    }
    if (Double.isNaN(value)) {
      closed.set(index);
      return false;
    }
    closed.set(index);
    toldSamples.add(sample(index));
    toldValues.add(value);
    if (toldValues.size() == current.lambda()) {
      endGeneration();
    }
    return true;
  }

  /** Reports that a candidate could not be evaluated; it is left out of the update. Returns false when stale. */
  public boolean tellFailure(long id) {
    int index = indexOf(id);
    if (index < 0) {
      return false;
    }
    closed.set(index);
    return true;
  }

  /** The candidate's index in the current generation, or -1 if the tell is stale or a repeat. */
  private int indexOf(long id) {
    int idGeneration = (int) (id >>> 32);
    int index = (int) id;
    if (idGeneration > generation || index < 0) {
      throw new IllegalArgumentException("candidate id " + id + " (generation " + idGeneration + ", index " + index
          + ") was never asked: the current generation is " + generation + "; tell only ids returned by ask()");
    }
    if (idGeneration < generation || closed.get(index)) {
      return -1;
    }
    nextIndex = Math.max(nextIndex, index + 1);
    return index;
  }

  private double[] sample(int index) {
    return samples.computeIfAbsent(index, i -> current.sample(Rng.of(seed, SAMPLE_STREAM, generation, i)));
  }

  private void endGeneration() {
    int lambda = current.lambda();
    Integer[] order = new Integer[lambda];
    for (int i = 0; i < lambda; i++) {
      order[i] = i;
    }
    // Stable, so equal values keep tell order and the update is a function of the tell sequence alone.
    Arrays.sort(order, (p, q) -> Double.compare(toldValues.get(p), toldValues.get(q)));
    double[][] sorted = new double[lambda][];
    double[] values = new double[lambda];
    for (int i = 0; i < lambda; i++) {
      sorted[i] = toldSamples.get(order[i]);
      values[i] = toldValues.get(order[i]);
    }
    current.update(sorted, values);
    runEvaluations += lambda;
    generation++;
    nextIndex = 0;
    samples.clear();
    closed.clear();
    toldSamples.clear();
    toldValues.clear();
    if (restartStrategy != RestartStrategy.NONE && current.shouldStop()) {
      restart();
    }
  }

  private void restart() {
    restarts++;
    if (smallRegime) {
      smallBudget += runEvaluations;
    } else {
      largeBudget += runEvaluations;
    }
    runEvaluations = 0;
    Rng rng = Rng.of(seed, RESTART_STREAM, restarts);
    double[] mean = new double[levels.length];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = rng.nextDouble();
    }
    smallRegime = restartStrategy == RestartStrategy.BIPOP && smallBudget < largeBudget;
    if (smallRegime) {
      double u = rng.nextDouble();
      double largeLambda = defaultLambda * Math.pow(2, largeRestarts);
      int lambda = Math.max(defaultLambda, (int) Math.floor(defaultLambda * Math.pow(0.5 * largeLambda / defaultLambda,
          u * u)));
      current = new Distribution(levels, lambda, mean, sigma0 * Math.pow(10, -2 * rng.nextDouble()), sigma0);
    } else {
      largeRestarts++;
      current = new Distribution(levels, defaultLambda << largeRestarts, mean, sigma0, sigma0);
    }
  }

  /** The number of coordinates. */
  public int dimension() {
    return levels.length;
  }

  /** Lambda of the current run: the number of successful evaluations that complete a generation. */
  public int populationSize() {
    return current.lambda();
  }

  /** The current generation, counted across restarts from 0. */
  public int generation() {
    return generation;
  }

  /** How many times the search has restarted. */
  public int restarts() {
    return restarts;
  }

  /** The current step size. */
  public double sigma() {
    return current.sigma();
  }

  /** The current mean, in [0, 1]^d coordinates (discrete ones before mapping to levels). */
  public double[] mean() {
    return current.mean();
  }

  /**
   * Candidate {@code index} of the current generation, without asking for it: a caller that keeps its own record of
   * the indices in use (such as one label per trial) picks the next free one this way.
   */
  public Candidate candidate(int index) {
    return new Candidate(Candidate.id(generation, index), generation, index, current.evaluationPoint(sample(index)));
  }

  private static double[] filled(int n, double value) {
    double[] v = new double[n];
    Arrays.fill(v, value);
    return v;
  }

  /** Settings for {@link CmaEs}. */
  public static final class Builder {
    private final int dimension;
    private int[] levels;
    private long seed;
    private double sigma0 = 1.0 / 6.0;
    private RestartStrategy restartStrategy = RestartStrategy.NONE;
    private int populationSize;
    private double[] initialMean;

    private Builder(int dimension) {
      if (dimension < 1) {
        throw new IllegalArgumentException("CMA-ES needs at least one coordinate, got dimension " + dimension);
      }
      this.dimension = dimension;
      this.levels = new int[dimension];
    }

    /**
     * Marks discrete coordinates: {@code levels[i]} is 0 for a continuous coordinate and the number of evenly spaced
     * values (at least 1) for a discrete one, whose candidates are then {@code level / (levels[i] - 1)}.
     */
    public Builder levels(int... levels) {
      if (levels.length != dimension) {
        throw new IllegalArgumentException("expected " + dimension + " level counts, got " + levels.length);
      }
      for (int k : levels) {
        if (k < 0) {
          throw new IllegalArgumentException("level counts must be 0 (continuous) or positive, got " + k);
        }
      }
      this.levels = levels.clone();
      return this;
    }

    /** The seed; equal seeds and tell sequences give equal candidates. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The initial step size in [0, 1] units; default 1/6, so the initial 3-sigma range spans the box. */
    public Builder sigma0(double sigma0) {
      if (!(sigma0 > 0.0) || Double.isInfinite(sigma0)) {
        throw new IllegalArgumentException("sigma0 must be a positive finite number, got " + sigma0);
      }
      this.sigma0 = sigma0;
      return this;
    }

    /** What to do when a run stagnates; default {@link RestartStrategy#NONE}. */
    public Builder restartStrategy(RestartStrategy restartStrategy) {
      this.restartStrategy = restartStrategy;
      return this;
    }

    /** Lambda of the first run; default {@code 4 + floor(3 ln d)}. */
    public Builder populationSize(int populationSize) {
      if (populationSize < 2) {
        throw new IllegalArgumentException("the population needs at least 2 members, got " + populationSize);
      }
      this.populationSize = populationSize;
      return this;
    }

    /** The first run's mean in [0, 1]^d; default the centre. */
    public Builder initialMean(double... mean) {
      if (mean.length != dimension) {
        throw new IllegalArgumentException("expected a mean of length " + dimension + ", got " + mean.length);
      }
      for (double m : mean) {
        if (!(m >= 0.0 && m <= 1.0)) {
          throw new IllegalArgumentException("the initial mean must lie in [0, 1], got " + Arrays.toString(mean));
        }
      }
      this.initialMean = mean.clone();
      return this;
    }

    /** The optimiser. */
    public CmaEs build() {
      return new CmaEs(this);
    }
  }
}
