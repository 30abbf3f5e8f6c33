package io.github.katib4j.search.internal;

import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.ParameterValue;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.SearchParameter;
import io.github.katib4j.search.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.IntUnaryOperator;

/**
 * The Tree-structured Parzen Estimator: Katib's {@code tpe} (hyperopt's, one parameter at a time) and
 * {@code multivariate-tpe} (Optuna's, all parameters jointly, with the constant liar).
 *
 * <p>{@code multivariate-tpe} draws its first 10 trials (or {@code n_startup_trials}) from the prior, as Optuna does.
 * {@code tpe} draws from the prior only while fewer trials have results than the current request asks for: Katib's
 * hyperopt service passes {@code n_startup_jobs = current_request_number} on every request, so with
 * {@code parallelTrialCount} 1 it models from the second trial. Then trials with results are split
 * into a good group ({@link #goodGroupSize}) and the rest; running trials join the rest (the constant liar, so that
 * parallel trials spread out). A Parzen estimator is fitted to each group, the candidates ({@code n_EI_candidates})
 * are drawn from the good one, and the candidate with the largest ratio of the two densities is proposed, unless a
 * trial already has it.
 */
public final class TpeSuggester extends HistorySuggester {
  /** Optuna's default n_startup_trials, for multivariate-tpe. */
  static final int STARTUP_TRIALS = 10;
  /** tpe's startup: hyperopt's n_startup_jobs, which Katib sets to the request's size (see {@link #startup}). */
  private static final int REQUEST_SIZE = -1;

  /** hyperopt's and Optuna's cap on the good group, and the number of newest trials that keep full weight. */
  private static final int MAX_GOOD = 25;
  private static final int MAX_CANDIDATES = 100_000;
  /**
   * The default {@code n_EI_candidates} of {@code tpe}: 8, not hyperopt's 24. {@code tpe} picks the best candidate
   * of each parameter separately, so its greed compounds over the parameters; with fewer candidates each parameter
   * keeps more of the good group's spread. On the benchmark problems (docs/benchmarks.md, 120 seeds outside the
   * table's) 8 found better values than 24 at 50, 100 and 200 trials. {@code multivariate-tpe} picks one candidate
   * for all parameters at once and keeps Optuna's 24.
   */
  static final int HYPEROPT_CANDIDATES = 8;

  private final boolean multivariate;
  private final IntUnaryOperator goodGroup;
  private final int startupTrials;
  private final int candidates;
  private final double priorWeight;
  private final List<TpeDimension> dims = new ArrayList<>();
  private final List<double[]> coordinates = new ArrayList<>();

  private TpeSuggester(AlgorithmContext context, long seed, boolean multivariate, IntUnaryOperator goodGroup,
      int startupTrials, int candidates, double priorWeight) {
    super(context, seed);
    this.multivariate = multivariate;
    this.goodGroup = goodGroup;
    this.startupTrials = startupTrials;
    this.candidates = Math.max(1, candidates);
    this.priorWeight = priorWeight;
    for (SearchParameter p : context.space().parameters()) {
      dims.add(TpeDimension.of(p, multivariate));
    }
  }

  /**
   * Katib's {@code tpe}, with hyperopt's settings {@code gamma} (0 &lt; x &lt; 1; when set, hyperopt's split: the best
   * {@code ceil(gamma * sqrt(n))} results, at most 25, form the good group), {@code prior_weight} (&gt; 0, default 1),
   * {@code n_EI_candidates} (&gt; 0, default {@value #HYPEROPT_CANDIDATES}) and {@code random_state}.
   */
  public static TpeSuggester hyperopt(AlgorithmContext context) {
    SettingsReader settings = context.settings();
    OptionalDouble gamma = settings.pyFloat("gamma");
    double priorWeight = settings.pyFloat("prior_weight").orElse(1.0);
    long candidates = settings.pyInt("n_EI_candidates").orElse(HYPEROPT_CANDIDATES);
    OptionalLong randomState = settings.pyInt("random_state");
    IntUnaryOperator good = gamma.isPresent()
        ? n -> Math.min((int) Math.ceil(gamma.getAsDouble() * Math.sqrt(n)), MAX_GOOD)
        : TpeSuggester::goodGroupSize;
    return new TpeSuggester(context, context.seed(randomState), false, good, REQUEST_SIZE,
        (int) Math.min(candidates, MAX_CANDIDATES), priorWeight);
  }

  /**
   * Katib's {@code multivariate-tpe}, with Optuna's settings {@code n_startup_trials} (&gt;= 0, default 10),
   * {@code n_ei_candidates} (&gt;= 0, default 24) and {@code random_state}.
   */
  public static TpeSuggester multivariate(AlgorithmContext context) {
    SettingsReader settings = context.settings();
    long startup = settings.pyInt("n_startup_trials").orElse(STARTUP_TRIALS);
    long candidates = settings.pyInt("n_ei_candidates").orElse(24);
    OptionalLong randomState = settings.pyInt("random_state");
    return new TpeSuggester(context, context.seed(randomState), true, TpeSuggester::goodGroupSize,
        (int) Math.min(startup, Integer.MAX_VALUE), (int) Math.min(candidates, MAX_CANDIDATES), 1.0);
  }

  /**
   * The size of the good group for {@code n} results: 15 % of them until that reaches 15, then Optuna's 10 %, at most
   * 25. The wider group early explores more; measured against Optuna's 10 % and hyperopt's {@code 0.25 * sqrt(n)}
   * on the benchmark problems (docs/benchmarks.md), it found better values at 50 and 100 trials and the same at 200.
   */
  static int goodGroupSize(int n) {
    return Math.min(Math.min((int) Math.ceil(0.15 * n), Math.max(15, (int) Math.ceil(0.1 * n))), MAX_GOOD);
  }

  @Override
  protected void told(Entry entry) {
    double[] point = new double[dims.size()];
    for (int d = 0; d < dims.size(); d++) {
      point[d] = dims.get(d).coordinate(entry.assignment().get(dims.get(d).parameter.name()));
    }
    if (entry.ordinal() == coordinates.size()) {
      coordinates.add(point);
    } else {
      coordinates.set(entry.ordinal(), point);
    }
  }

  @Override
  protected Proposal propose(int ordinal, Rng rng) {
    List<Entry> results = new ArrayList<>();
    List<Entry> running = new ArrayList<>();
    for (Entry e : entries()) {
      if (e.hasResult()) {
        results.add(e);
      } else if (e.state() == TrialState.RUNNING) {
        running.add(e);
      }
    }
    if (results.size() < startup() || results.isEmpty()) {
      return Proposal.builder().assignment(unseen(prior(rng), rng)).build();
    }
    results.sort(Comparator.comparingDouble(Entry::loss).thenComparingInt(Entry::ordinal));
    int nBelow = Math.max(1, Math.min(results.size(), goodGroup.applyAsInt(results.size())));
    List<Entry> good = new ArrayList<>(results.subList(0, nBelow));
    List<Entry> bad = new ArrayList<>(results.subList(nBelow, results.size()));
    bad.addAll(running);
    good.sort(Comparator.comparingInt(Entry::ordinal));
    bad.sort(Comparator.comparingInt(Entry::ordinal));
    Assignment best = multivariate ? jointly(good, bad, rng) : oneByOne(good, bad, rng);
    return Proposal.builder().assignment(unseen(best, rng)).build();
  }

  /**
   * How many trials need results before TPE models: {@code n_startup_trials} for {@code multivariate-tpe}; for
   * {@code tpe}, the size of the current request, which Katib's hyperopt service passes as {@code n_startup_jobs} on
   * every request (hyperopt then draws at random while it has fewer results than that).
   */
  private int startup() {
    return startupTrials == REQUEST_SIZE ? requestSize() : startupTrials;
  }

  /**
   * {@code tpe} draws from hyperopt's mapping of the parameters; {@code multivariate-tpe} from Optuna's, as its random
   * sampler does: uniformly in each dimension's coordinate, so on a log scale from Optuna's raised lower bound (1 for
   * ints, 1e-10 for doubles) when a logUniform range starts at 0 or below, where hyperopt's mapping has no logarithm.
   */
  @Override
  protected Assignment prior(Rng rng) {
    if (!multivariate) {
      return super.prior(rng);
    }
    List<ParameterValue> values = new ArrayList<>();
    for (TpeDimension dim : dims) {
      values.add(dim.prior(rng));
    }
    return Assignment.of(values);
  }

  private Assignment jointly(List<Entry> good, List<Entry> bad, Rng rng) {
    ParzenEstimator l = new ParzenEstimator(dims, points(good), weights(good.size()), priorWeight);
    ParzenEstimator g = new ParzenEstimator(dims, points(bad), weights(bad.size()), priorWeight);
    double[] best = bestCandidate(l, g, rng);
    List<ParameterValue> values = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      values.add(dims.get(d).value(best[d]));
    }
    return Assignment.of(values);
  }

  private Assignment oneByOne(List<Entry> good, List<Entry> bad, Rng rng) {
    double[][] goodPoints = points(good);
    double[][] badPoints = points(bad);
    double[] goodWeights = weights(good.size());
    double[] badWeights = weights(bad.size());
    List<ParameterValue> values = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      List<TpeDimension> one = List.of(dims.get(d));
      ParzenEstimator l = new ParzenEstimator(one, column(goodPoints, d), goodWeights, priorWeight);
      ParzenEstimator g = new ParzenEstimator(one, column(badPoints, d), badWeights, priorWeight);
      values.add(dims.get(d).value(bestCandidate(l, g, rng)[0]));
    }
    return Assignment.of(values);
  }

  /** TPE's choice: of the candidates drawn from the good density l, the one with the highest l(x) / g(x). */
  private double[] bestCandidate(ParzenEstimator l, ParzenEstimator g, Rng rng) {
    double[][] samples = l.sample(rng, candidates);
    double[] scoreL = l.logPdf(samples);
    double[] scoreG = g.logPdf(samples);
    int best = 0;
    for (int c = 1; c < samples.length; c++) {
      if (scoreL[c] - scoreG[c] > scoreL[best] - scoreG[best]) {
        best = c;
      }
    }
    return samples[best];
  }

  private double[][] points(List<Entry> group) {
    double[][] points = new double[group.size()][];
    for (int i = 0; i < group.size(); i++) {
      points[i] = coordinates.get(group.get(i).ordinal());
    }
    return points;
  }

  private static double[][] column(double[][] points, int d) {
    double[][] column = new double[points.length][1];
    for (int i = 0; i < points.length; i++) {
      column[i][0] = points[i][d];
    }
    return column;
  }

  /** Optuna's default weights: equal below 25 observations, else a ramp from 1/n up to 1 for all but the newest 25. */
  static double[] weights(int n) {
    double[] w = new double[n];
    if (n < MAX_GOOD) {
      Arrays.fill(w, 1);
      return w;
    }
    int ramp = n - MAX_GOOD;
    for (int i = 0; i < ramp; i++) {
      w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1);
    }
    for (int i = ramp; i < n; i++) {
      w[i] = 1;
    }
    return w;
  }
}
