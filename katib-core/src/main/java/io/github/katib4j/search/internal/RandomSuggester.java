package io.github.katib4j.search.internal;

import io.github.katib4j.search.Proposal;

/** Katib's {@code random} (hyperopt's {@code rand.suggest}): independent draws from each parameter's distribution. */
public final class RandomSuggester extends HistorySuggester {
  private RandomSuggester(AlgorithmContext context, long seed) {
    super(context, seed);
  }

  /** Katib's {@code random}, seeded with {@code random_state} when set. */
  public static RandomSuggester create(AlgorithmContext context) {
    return new RandomSuggester(context, context.seed(context.settings().pyInt("random_state")));
  }

  @Override
  public boolean ignoresResults() {
    return true;
  }

  @Override
  protected Proposal propose(int ordinal, Rng rng) {
    return Proposal.builder().assignment(PriorSampler.sample(searchSpace(), rng)).build();
  }
}
