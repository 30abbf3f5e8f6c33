package io.github.katib4j.search.internal;

import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.SearchParameter;
import java.util.OptionalLong;
import java.util.Set;

/** Katib's {@code random} (hyperopt's {@code rand.suggest}): independent draws from each parameter's distribution. */
public final class RandomSuggester extends HistorySuggester {
  private RandomSuggester(AlgorithmContext context, long seed) {
    super(context, seed);
  }

  /** Validates {@code random}'s settings and parameters as Katib's hyperopt service does. */
  public static RandomSuggester create(AlgorithmContext context) {
    SettingsReader settings = context.settings();
    settings.rejectUnknown(Set.of("random_state"));
    OptionalLong randomState = settings.integer("random_state", v -> v >= 0, "random_state should be >= 0");
    checkHyperoptSpace(context);
    return new RandomSuggester(context, context.seed(randomState));
  }

  @Override
  protected Proposal propose(int ordinal, Rng rng) {
    return Proposal.builder().assignment(PriorSampler.sample(searchSpace(), rng)).build();
  }

  /** hyperopt takes the logarithm of the bounds of log distributions, so they must be positive. */
  static void checkHyperoptSpace(AlgorithmContext context) {
    for (SearchParameter p : context.space().parameters()) {
      if (p.isNumeric() && p.isLog() && p.min() <= 0) {
        context.problem(p, "feasibleSpace.min", "parameter " + p.name() + " uses distribution "
            + p.distribution() + ", which needs min > 0 (algorithm " + context.algorithmName()
            + " samples the logarithm of the bounds); found min " + p.min());
      }
    }
  }
}
