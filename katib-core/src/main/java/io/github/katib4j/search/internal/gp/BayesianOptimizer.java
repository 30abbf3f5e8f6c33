package io.github.katib4j.search.internal.gp;

import io.github.katib4j.search.internal.numeric.BoundedLbfgs;
import io.github.katib4j.search.internal.numeric.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ask/tell Bayesian optimisation with scikit-optimize's semantics (Katib's {@code bayesianoptimization}), minimising.
 *
 * <p>The first {@code initialPoints} suggestions are uniformly random; once that many values have been told, each
 * suggestion maximises an acquisition function of a surrogate fit to all told values. Pending points (asked, not yet
 * told) are handled by the constant liar: they enter the surrogate with the best value seen so far, so parallel
 * suggestions spread out.
 *
 * <p>Determinism and replay: a suggestion is a pure function of the settings, the told (point, value, duration)
 * sequence, the number of failures and the pending points. Random draws are keyed by those counts, the surrogate is
 * refit from scratch (no warm start carried between calls) and GP-Hedge's gains are recomputed from the history on
 * each ask (see {@link GaussianProcess#hedgeGains}). A fresh instance told the same history therefore suggests exactly
 * what the original would have.
 *
 * <p>Differences from scikit-optimize, all deliberate: {@code xi} is in units of the objective's standard deviation;
 * EI and PI are maximised in log space; {@code lbfgs} moves integer coordinates too (relaxed, then rounded) but never
 * categories; the GP has priors on its hyperparameters; for tree models GP-Hedge picks uniformly among EI, PI and LCB
 * because their gains cannot be recomputed cheaply.
 *
 * <p>Not thread-safe.
 */
public final class BayesianOptimizer {
  private static final long INITIAL_STREAM = 1;
  private static final long ASK_STREAM = 2;
  private static final long FIT_STREAM = 3;
  private static final long HEDGE_STREAM = 4;
  private static final long DURATION_STREAM = 5;

  private final SearchSpace space;
  private final Estimator estimator;
  private final int initialPoints;
  private final Acquisition acquisition;
  private final AcquisitionOptimizer optimizer;
  private final long seed;
  private final Acquisitions.Settings settings;
  private final int samplingPoints;
  private final int lbfgsStarts;
  private final int hedgeCandidates;
  private final double eta;

  private final List<double[]> features = new ArrayList<>();
  private final List<Double> values = new ArrayList<>();
  private final List<Double> durations = new ArrayList<>();
  private int failures;

  private Surrogate model;
  private Surrogate durationModel;
  private int modelSize = -1;

  private BayesianOptimizer(Builder b) {
    this.space = b.space;
    this.estimator = b.estimator;
    this.initialPoints = b.initialPoints;
    this.acquisition = b.acquisition;
    boolean differentiable = b.estimator == Estimator.GP;
    this.optimizer = differentiable && b.optimizer != AcquisitionOptimizer.SAMPLING
        ? AcquisitionOptimizer.LBFGS : AcquisitionOptimizer.SAMPLING;
    this.seed = b.seed;
    this.settings = new Acquisitions.Settings(b.xi, b.kappa);
    this.samplingPoints = b.samplingPoints;
    this.lbfgsStarts = b.lbfgsStarts;
    this.hedgeCandidates = Math.min(1000, b.samplingPoints);
    this.eta = b.eta;
  }

  /** A builder with scikit-optimize's defaults: GP, 10 initial points, gp_hedge, auto, seed 0. */
  public static Builder builder(SearchSpace space) {
    return new Builder(space);
  }

  /** Records the objective value of a point; returns false, and counts a failure, when the value is not finite. */
  public boolean tell(double[] point, double value) {
    return tell(point, value, Double.NaN);
  }

  /**
   * Records the objective value of a point and how long it took (needed by the per-second acquisitions; NaN if
   * unknown); returns false, and counts a failure, when the value is not finite.
   */
  public boolean tell(double[] point, double value, double durationSeconds) {
    double[] encoded = space.encode(point);
    if (!Double.isFinite(value)) {
      failures++;
      return false;
    }
    features.add(encoded);
    values.add(value);
    durations.add(durationSeconds > 0.0 && Double.isFinite(durationSeconds) ? durationSeconds : Double.NaN);
    return true;
  }

  /** Records that a suggestion could not be evaluated; it keys the next random draws, so they differ from its. */
  public void tellFailure() {
    failures++;
  }

  /** The number of values told. */
  public int observations() {
    return values.size();
  }

  /** The next point to evaluate, when nothing else is pending. */
  public double[] ask() {
    return ask(List.of());
  }

  /** The next point to evaluate while {@code pending} points are being evaluated. */
  public double[] ask(List<double[]> pending) {
    return ask(1, pending).get(0);
  }

  /** {@code count} points to evaluate in parallel, each chosen with the previous ones added to the pending points. */
  public List<double[]> ask(int count, List<double[]> pending) {
    List<double[]> inFlight = new ArrayList<>(pending);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double[] next = askOne(inFlight);
      out.add(next);
      inFlight.add(next);
    }
    return out;
  }

  private double[] askOne(List<double[]> pending) {
    int n = values.size();
    if (n < Math.max(1, initialPoints)) {
      return space.sample(Rng.of(seed, INITIAL_STREAM, n + failures + pending.size()));
    }
    fitModels();
    double best = Double.POSITIVE_INFINITY;
    for (double v : values) {
      best = Math.min(best, v);
    }
    double[][] pendingFeatures = new double[pending.size()][];
    for (int i = 0; i < pendingFeatures.length; i++) {
      pendingFeatures[i] = space.encode(pending.get(i));
    }
    Surrogate surrogate = withLies(model, features.toArray(new double[0][]), toArray(values), pendingFeatures, best,
        FIT_STREAM);
    Surrogate timeModel = durationModel == null ? null
        : withLies(durationModel, durationFeatures(), logDurations(), pendingFeatures, minimum(logDurations()),
            DURATION_STREAM);

    Rng rng = Rng.of(seed, ASK_STREAM, n, failures, pending.size());
    int f = space.features();
    int m = samplingPoints;
    double[][] raw = new double[m][];
    double[] candidates = new double[m * f];
    for (int c = 0; c < m; c++) {
      raw[c] = space.sample(rng);
      System.arraycopy(space.encode(raw[c]), 0, candidates, c * f, f);
    }
    double[] means = new double[m];
    double[] stds = new double[m];
    surrogate.predictAll(candidates, m, means, stds);
    double[] logTimes = null;
    if (timeModel != null) {
      logTimes = new double[m];
      timeModel.predictAll(candidates, m, logTimes, new double[m]);
    }
    Acquisitions scores = new Acquisitions(settings, GaussianProcess.location(toArray(values))[1]);
    List<Acquisition> family = acquisition == Acquisition.GP_HEDGE ? Acquisitions.HEDGED : List.of(acquisition);
    double[][] nominees = new double[family.size()][];
    for (int a = 0; a < family.size(); a++) {
      nominees[a] = nominate(family.get(a), surrogate, timeModel, scores, best, raw, candidates, means, stds,
          logTimes);
    }
    if (nominees.length == 1) {
      return nominees[0];
    }
    double[] gains = model instanceof GaussianProcess gp
        ? gp.hedgeGains(candidates, hedgeCandidates, Math.max(1, initialPoints), settings)
        : new double[nominees.length];
    return nominees[softmaxChoice(gains, Rng.of(seed, HEDGE_STREAM, n, failures, pending.size()).nextDouble())];
  }

  /** The point one acquisition function picks: the best sample, refined by L-BFGS when configured. */
  private double[] nominate(Acquisition a, Surrogate surrogate, Surrogate timeModel, Acquisitions scores, double best,
      double[][] raw, double[] candidates, double[] means, double[] stds, double[] logTimes) {
    int m = raw.length;
    int f = space.features();
    double[] score = new double[m];
    for (int c = 0; c < m; c++) {
      score[c] = scores.score(a, means[c], stds[c], best) - (logTimes == null ? 0.0 : logTimes[c]);
    }
    int[] order = topIndices(score, optimizer == AcquisitionOptimizer.LBFGS ? Math.min(lbfgsStarts, m) : 1);
    double[] bestPoint = raw[order[0]].clone();
    if (optimizer != AcquisitionOptimizer.LBFGS) {
      return bestPoint;
    }
    boolean[] movable = space.movableFeatures();
    int[] index = new int[f];
    int free = 0;
    for (int i = 0; i < f; i++) {
      if (movable[i]) {
        index[free++] = i;
      }
    }
    if (free == 0) {
      return bestPoint;
    }
    int[] variables = Arrays.copyOf(index, free);
    double bestScore = score[order[0]];
    double[] lower = new double[free];
    double[] upper = new double[free];
    Arrays.fill(upper, 1.0);
    BoundedLbfgs lbfgs = BoundedLbfgs.of(30, 1e-9, 1e-12);
    double[] out = new double[2];
    for (int s = 0; s < order.length; s++) {
      double[] full = Arrays.copyOfRange(candidates, order[s] * f, (order[s] + 1) * f);
      double[] start = new double[free];
      for (int i = 0; i < free; i++) {
        start[i] = full[variables[i]];
      }
      BoundedLbfgs.Result result = lbfgs.minimize(
          (theta, gradient) -> negativeScore(a, surrogate, timeModel, scores, best, full, variables, theta, gradient),
          start, lower, upper);
      for (int i = 0; i < free; i++) {
        full[variables[i]] = result.x()[i];
      }
      space.snap(full);
      surrogate.predict(full, out);
      double value = scores.score(a, out[0], out[1], best);
      if (timeModel != null) {
        timeModel.predict(full, out);
        value -= out[0];
      }
      if (value > bestScore) {
        bestScore = value;
        bestPoint = space.decode(full);
      }
    }
    return bestPoint;
  }

  /** The indices of the k largest scores, largest first; ties go to the lower index. */
  private static int[] topIndices(double[] score, int k) {
    int[] top = new int[k];
    int filled = 0;
    for (int c = 0; c < score.length; c++) {
      if (filled == k && !(score[c] > score[top[k - 1]])) {
        continue;
      }
      int position = filled < k ? filled++ : k - 1;
      while (position > 0 && score[c] > score[top[position - 1]]) {
        top[position] = top[position - 1];
        position--;
      }
      top[position] = c;
    }
    return top;
  }

  private static double negativeScore(Acquisition a, Surrogate surrogate, Surrogate timeModel, Acquisitions scores,
      double best, double[] full, int[] variables, double[] theta, double[] gradient) {
    int f = full.length;
    for (int i = 0; i < variables.length; i++) {
      full[variables[i]] = theta[i];
    }
    double[] out = new double[2];
    double[] meanGradient = new double[f];
    double[] stdGradient = new double[f];
    surrogate.predictWithGradient(full, out, meanGradient, stdGradient);
    double[] d = new double[2];
    double value = scores.scoreWithDerivatives(a, out[0], out[1], best, d);
    double[] timeGradient = null;
    if (timeModel != null) {
      timeGradient = new double[f];
      timeModel.predictWithGradient(full, out, timeGradient, new double[f]);
      value -= out[0];
    }
    for (int i = 0; i < variables.length; i++) {
      int v = variables[i];
      double g = d[0] * meanGradient[v] + d[1] * stdGradient[v] - (timeGradient == null ? 0.0 : timeGradient[v]);
      gradient[i] = -g;
    }
    return -value;
  }

  /** Index drawn with probabilities softmax(eta * gains), from one uniform number. */
  private int softmaxChoice(double[] gains, double u) {
    double max = Double.NEGATIVE_INFINITY;
    for (double g : gains) {
      max = Math.max(max, g);
    }
    double[] weights = new double[gains.length];
    double total = 0.0;
    for (int i = 0; i < gains.length; i++) {
      weights[i] = Math.exp(eta * (gains[i] - max));
      total += weights[i];
    }
    double threshold = u * total;
    for (int i = 0; i < weights.length; i++) {
      threshold -= weights[i];
      if (threshold < 0.0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Fits the surrogate (and duration model) to the told values, unless already fit to exactly these. */
  private void fitModels() {
    int n = values.size();
    if (modelSize == n) {
      return;
    }
    model = fit(features.toArray(new double[0][]), toArray(values), Rng.of(seed, FIT_STREAM, n));
    durationModel = null;
    if (acquisition.perSecond()) {
      double[] logDurations = logDurations();
      if (logDurations.length > 0) {
        durationModel = fit(durationFeatures(), logDurations, Rng.of(seed, DURATION_STREAM, n));
      }
    }
    modelSize = n;
  }

  private Surrogate fit(double[][] x, double[] y, Rng rng) {
    switch (estimator) {
      case GP:
        return GaussianProcess.fit(x, y, rng, gpStarts(y.length));
      case RF:
        return TreeEnsemble.fit(x, y, false, rng);
      case ET:
        return TreeEnsemble.fit(x, y, true, rng);
      default:
        return QuantileBoosting.fit(x, y);
    }
  }

  /** Fewer hyperparameter restarts as each likelihood evaluation gets dearer (O(n^3)). */
  private static int gpStarts(int n) {
    return n <= 60 ? 3 : n <= 150 ? 2 : 1;
  }

  /** The model with pending points added at the lie value: conditioned for a GP, refit for the trees. */
  private Surrogate withLies(Surrogate base, double[][] x, double[] y, double[][] pending, double lie, long stream) {
    if (pending.length == 0) {
      return base;
    }
    double[] lies = new double[pending.length];
    Arrays.fill(lies, lie);
    if (base instanceof GaussianProcess gp) {
      return gp.condition(pending, lies);
    }
    double[][] allX = Arrays.copyOf(x, x.length + pending.length);
    System.arraycopy(pending, 0, allX, x.length, pending.length);
    double[] allY = Arrays.copyOf(y, y.length + lies.length);
    System.arraycopy(lies, 0, allY, y.length, lies.length);
    return fit(allX, allY, Rng.of(seed, stream, y.length, pending.length));
  }

  private double[][] durationFeatures() {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < durations.size(); i++) {
      if (!Double.isNaN(durations.get(i))) {
        out.add(features.get(i));
      }
    }
    return out.toArray(new double[0][]);
  }

  private double[] logDurations() {
    return durations.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Math::log).toArray();
  }

  private static double minimum(double[] values) {
    return Arrays.stream(values).min().orElse(0.0);
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Settings for {@link BayesianOptimizer}; defaults are scikit-optimize's. */
  public static final class Builder {
    private final SearchSpace space;
    private Estimator estimator = Estimator.GP;
    private int initialPoints = 10;
    private Acquisition acquisition = Acquisition.GP_HEDGE;
    private AcquisitionOptimizer optimizer = AcquisitionOptimizer.AUTO;
    private long seed;
    private double xi = 0.01;
    private double kappa = 1.96;
    private int samplingPoints = 10_000;
    private int lbfgsStarts = 5;
    private double eta = 1.0;

    private Builder(SearchSpace space) {
      this.space = space;
    }

    /** The surrogate model; default {@link Estimator#GP}. */
    public Builder estimator(Estimator estimator) {
      this.estimator = estimator;
      return this;
    }

    /** How many random points come before the first model-based one; default 10. */
    public Builder initialPoints(int initialPoints) {
      if (initialPoints < 0) {
        throw new IllegalArgumentException("initialPoints must be >= 0, got " + initialPoints);
      }
      this.initialPoints = initialPoints;
      return this;
    }

    /** The acquisition function; default {@link Acquisition#GP_HEDGE}. */
    public Builder acquisition(Acquisition acquisition) {
      this.acquisition = acquisition;
      return this;
    }

    /** How the acquisition function is maximised; default {@link AcquisitionOptimizer#AUTO}. */
    public Builder acquisitionOptimizer(AcquisitionOptimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** The seed; equal seeds and histories give equal suggestions. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** EI's and PI's improvement margin, in standard deviations of the told values; default 0.01. */
    public Builder xi(double xi) {
      this.xi = xi;
      return this;
    }

    /** LCB's exploration weight; default 1.96. */
    public Builder kappa(double kappa) {
      this.kappa = kappa;
      return this;
    }

    /** How many random points the acquisition is evaluated at; default 10,000. */
    public Builder samplingPoints(int samplingPoints) {
      if (samplingPoints < 1) {
        throw new IllegalArgumentException("samplingPoints must be >= 1, got " + samplingPoints);
      }
      this.samplingPoints = samplingPoints;
      return this;
    }

    /** From how many of the best samples L-BFGS starts; default 5. */
    public Builder lbfgsStarts(int lbfgsStarts) {
      if (lbfgsStarts < 1) {
        throw new IllegalArgumentException("lbfgsStarts must be >= 1, got " + lbfgsStarts);
      }
      this.lbfgsStarts = lbfgsStarts;
      return this;
    }

    /** GP-Hedge's softmax temperature; default 1. */
    public Builder eta(double eta) {
      this.eta = eta;
      return this;
    }

    /** The optimiser. */
    public BayesianOptimizer build() {
      return new BayesianOptimizer(this);
    }
  }
}
