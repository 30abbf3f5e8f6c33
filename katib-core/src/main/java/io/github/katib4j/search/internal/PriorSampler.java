package io.github.katib4j.search.internal;

import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.experiment.ParameterType;
import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.ParameterValue;
import io.github.katib4j.search.SearchParameter;
import io.github.katib4j.search.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws values from each parameter's own distribution, following the mapping of Katib's hyperopt service: uniform,
 * log-uniform, normal with mean (min+max)/2 and deviation (max-min)/6, log-normal with the same rule on the logs,
 * quantised to the step, ints truncated.
 *
 * <p>Unlike hyperopt, normal draws are truncated to [min, max] (the bounds always hold), steps count from {@code min}
 * (hyperopt rounds to multiples of the step from 0), and uniform draws on a grid give every grid point the same
 * chance (hyperopt gives the two end points half).
 */
public final class PriorSampler {
  private PriorSampler() {}

  /** One value for each parameter. */
  public static Assignment sample(SearchSpace space, Rng rng) {
    List<ParameterValue> values = new ArrayList<>();
    for (SearchParameter p : space.parameters()) {
      values.add(sample(p, rng));
    }
    return Assignment.of(values);
  }

  /**
   * The distribution {@code p} is drawn from: its own, except that a log distribution of a range that starts at 0 or
   * below, which has no logarithm, is uniform. Katib's services that ignore distributions (goptuna's sobol and cmaes,
   * hyperband, pbt) search every range uniformly, while hyperopt fails on such a range (rules S-random, S-tpe
   * refuse it) and Optuna raises its bound (multivariate-tpe draws from its own dimensions).
   */
  public static Distribution distribution(SearchParameter p) {
    if (p.isNumeric() && p.isLog() && !(p.min() > 0)) {
      return Distribution.UNIFORM;
    }
    return p.distribution();
  }

  /** One value of {@code p}. */
  public static ParameterValue sample(SearchParameter p, Rng rng) {
    if (!p.isNumeric()) {
      return p.choice(rng.nextInt(p.values().size()));
    }
    long cardinality = p.cardinality();
    if (distribution(p) == Distribution.UNIFORM && cardinality > 0 && cardinality < Long.MAX_VALUE) {
      return p.gridPoint(rng.nextLong(cardinality));
    }
    return quantise(p, continuous(p, rng.nextDouble()));
  }

  /**
   * The continuous draw of a numeric parameter for a uniform number {@code u} in [0, 1): the inverse CDF of its
   * distribution (truncated to the bounds), which also maps a Sobol coordinate.
   */
  public static double continuous(SearchParameter p, double u) {
    double min = p.min();
    double max = p.max();
    double x;
    switch (distribution(p)) {
      case LOG_UNIFORM:
        x = Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
        break;
      case NORMAL:
        x = Gaussian.truncated((min + max) / 2, (max - min) / 6, min, max, u);
        break;
      case LOG_NORMAL:
        double logMin = Math.log(min);
        double logMax = Math.log(max);
        x = Math.exp(Gaussian.truncated((logMin + logMax) / 2, (logMax - logMin) / 6, logMin, logMax, u));
        break;
      default:
        x = min + u * (max - min);
    }
    return Math.min(max, Math.max(min, x));
  }

  /** A continuous value of {@code p} on its step grid (nearest point), or truncated to a whole number for ints. */
  public static ParameterValue quantise(SearchParameter p, double x) {
    long cardinality = p.cardinality();
    if (cardinality == Long.MAX_VALUE) {
      // Too many values to number them in a long (such as an int range over most of the 64-bit integers).
      return p.nearest(x);
    }
    if (p.hasExplicitStep()) {
      long last = cardinality - 1;
      long k = Math.round((x - p.min()) / p.step().getAsDouble());
      return p.gridPoint(Math.max(0, Math.min(last, k)));
    }
    if (p.type() == ParameterType.INT) {
      return p.number((long) x);
    }
    return p.number(x);
  }
}
