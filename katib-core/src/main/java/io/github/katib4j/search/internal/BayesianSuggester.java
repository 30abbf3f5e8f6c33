package io.github.katib4j.search.internal;

import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.ParameterValue;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.SearchParameter;
import io.github.katib4j.search.TrialState;
import io.github.katib4j.search.internal.gp.Acquisition;
import io.github.katib4j.search.internal.gp.AcquisitionOptimizer;
import io.github.katib4j.search.internal.gp.BayesianOptimizer;
import io.github.katib4j.search.internal.gp.Dimension;
import io.github.katib4j.search.internal.gp.Estimator;
import io.github.katib4j.search.internal.gp.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Katib's {@code bayesianoptimization} (scikit-optimize's {@code Optimizer}): a surrogate model of the objective
 * ({@code base_estimator} GP, RF, ET or GBRT) fit to the results, {@code n_initial_points} random trials first (10),
 * then the maximum of {@code acq_func} (gp_hedge, LCB, EI, PI, EIps, PIps) found by {@code acq_optimizer} (auto,
 * sampling, lbfgs), seeded with {@code random_state}.
 *
 * <p>Parameters map as in Katib's skopt service: {@code double} is log-uniform (so {@code min > 0}), {@code int} an
 * integer range, {@code categorical} and {@code discrete} categories. Unlike Katib's service, a {@code step} is
 * honoured: a stepped {@code int} becomes the integer range of its step indices, a stepped {@code double} is rounded
 * to its nearest step. Trials that succeeded or stopped early with a value are results; failed ones are counted,
 * which keys the random draws; running ones are pending, entering the model at the best value so far (the constant
 * liar), so that parallel trials spread out. Katib's service fails on {@code EIps} and {@code PIps} once it tells a
 * result, and on {@code lbfgs} with a model without gradients (rule {@code S-bayesianoptimization}); where they are
 * allowed (every trial in the first request), {@code EIps} and {@code PIps} rank as {@code EI} and {@code PI} do.
 *
 * <p>Replay: results are told to the optimiser in trial order (not in the order they arrived), failures as a count and
 * pending trials in trial order, so a proposal is a function of the trials alone.
 */
public final class BayesianSuggester extends HistorySuggester {
  private final List<SearchParameter> parameters;
  private final BayesianOptimizer.Builder settings;

  private BayesianOptimizer optimizer;
  /** The ordinals of the results told to {@link #optimizer}, in the order told, and its count of failures. */
  private final List<Integer> told = new ArrayList<>();
  private int failures;

  private BayesianSuggester(AlgorithmContext context, long seed, BayesianOptimizer.Builder settings) {
    super(context, seed);
    this.parameters = context.space().parameters();
    this.settings = settings.seed(seed);
  }

  /** Katib's {@code bayesianoptimization} with its settings. */
  public static BayesianSuggester create(AlgorithmContext context) {
    if (!context.isValid()) {
      return null;
    }
    SettingsReader settings = context.settings();
    List<Dimension> dimensions = new ArrayList<>();
    for (SearchParameter p : context.space().parameters()) {
      dimensions.add(dimension(p));
    }
    BayesianOptimizer.Builder builder = BayesianOptimizer.builder(SearchSpace.of(dimensions))
        .estimator(Estimator.valueOf(settings.raw("base_estimator").orElse("GP")))
        .initialPoints((int) Math.min(Integer.MAX_VALUE, settings.pyInt("n_initial_points").orElse(10)))
        .acquisition(acquisition(settings.raw("acq_func").orElse("gp_hedge")))
        .acquisitionOptimizer(AcquisitionOptimizer.valueOf(settings.raw("acq_optimizer").orElse("auto")
            .toUpperCase(Locale.ROOT)));
    return new BayesianSuggester(context, context.seed(settings.pyInt("random_state")), builder);
  }

  private static Acquisition acquisition(String name) {
    switch (name) {
      case "EIps":
        return Acquisition.EI_PER_SECOND;
      case "PIps":
        return Acquisition.PI_PER_SECOND;
      case "gp_hedge":
        return Acquisition.GP_HEDGE;
      default:
        return Acquisition.valueOf(name);
    }
  }

  private static Dimension dimension(SearchParameter p) {
    switch (p.type()) {
      case DOUBLE:
        return Dimension.logReal(p.min(), p.max());
      case INT:
        return steps(p) ? Dimension.integer(0, p.cardinality() - 1)
            : Dimension.integer((long) p.min(), (long) p.max());
      default:
        return Dimension.categorical(p.values().size());
    }
  }

  /**
   * Whether an int parameter is searched by step index: when it sets a step, unless the steps are too many to count
   * (then it is searched as the whole numbers of its range and rounded to its step, as {@code PriorSampler} does).
   */
  private static boolean steps(SearchParameter p) {
    return p.hasExplicitStep() && p.cardinality() < Long.MAX_VALUE;
  }

  @Override
  protected Proposal propose(int ordinal, Rng rng) {
    List<Integer> results = new ArrayList<>();
    List<double[]> pending = new ArrayList<>();
    int failed = 0;
    for (Entry e : entries()) {
      if (e.hasResult()) {
        results.add(e.ordinal());
      } else if (e.state() == TrialState.RUNNING) {
        pending.add(point(e.assignment()));
      } else {
        failed++;
      }
    }
    if (optimizer == null || failed < failures || results.size() < told.size()
        || !results.subList(0, told.size()).equals(told)) {
      // A result arrived out of trial order (or a trial changed its outcome): tell everything again in trial order.
      optimizer = settings.build();
      told.clear();
      failures = 0;
    }
    for (int result : results.subList(told.size(), results.size())) {
      Entry e = entries().get(result);
      optimizer.tell(point(e.assignment()), e.loss());
      told.add(result);
    }
    for (; failures < failed; failures++) {
      optimizer.tellFailure();
    }
    return Proposal.builder().assignment(unseen(assignment(optimizer.ask(pending)), rng)).build();
  }

  /** The optimiser's point for an assignment: reals as they are, step indices, whole numbers, category indices. */
  private double[] point(Assignment assignment) {
    double[] x = new double[parameters.size()];
    for (int i = 0; i < x.length; i++) {
      SearchParameter p = parameters.get(i);
      ParameterValue v = assignment.get(p.name());
      if (!p.isNumeric()) {
        x[i] = v.index().orElseThrow();
      } else if (p.type() == ParameterType.INT && steps(p)) {
        x[i] = Math.round((v.asDouble() - p.min()) / p.step().getAsDouble());
      } else {
        x[i] = v.asDouble();
      }
    }
    return x;
  }

  private Assignment assignment(double[] x) {
    List<ParameterValue> values = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      SearchParameter p = parameters.get(i);
      if (!p.isNumeric()) {
        values.add(p.choice((int) x[i]));
      } else if (p.type() == ParameterType.INT && steps(p)) {
        // Clamped: with more steps than a double resolves, the index read back from a double can pass the last one.
        values.add(p.gridPoint(Math.max(0, Math.min(p.cardinality() - 1, (long) x[i]))));
      } else {
        values.add(PriorSampler.quantise(p, x[i]));
      }
    }
    return Assignment.of(values);
  }
}
