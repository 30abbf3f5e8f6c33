package io.github.katib4j.search;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.search.internal.Algorithms;
import java.util.List;
import java.util.Set;

/**
 * Makes the suggester for an experiment's algorithm, by Katib name: {@code random}, {@code grid}, {@code sobol},
 * {@code tpe}, {@code multivariate-tpe}, {@code hyperband} and {@code pbt}.
 *
 * <p>Settings are read and checked as Katib's suggestion service for the algorithm does (same names, defaults and
 * ranges, and the same parameter types), so an experiment katib4j accepts is one Katib's service accepts.
 */
public final class Suggesters {
  private Suggesters() {}

  /**
   * The suggester for {@code spec.algorithm}, seeded with the algorithm's {@code random_state} setting where Katib
   * has one and it is set, else with {@code seed}.
   *
   * @throws KatibValidationException listing every problem: an unknown algorithm (or one that needs a Katib
   *     cluster), a setting Katib's service would reject, a parameter the algorithm cannot sample
   */
  public static Suggester create(ExperimentSpec spec, long seed) {
    return Algorithms.create(spec, seed);
  }

  /** Every problem {@link #create} would report for {@code spec}; empty when it would succeed. */
  public static List<Problem> validate(ExperimentSpec spec) {
    return Algorithms.validate(spec);
  }

  /** The algorithm names katib4j runs without a cluster. */
  public static Set<String> algorithmNames() {
    return Algorithms.names();
  }
}
