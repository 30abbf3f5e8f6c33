package io.github.katib4j.search.internal;

import io.github.katib4j.experiment.Distribution;
import io.github.katib4j.search.Assignment;
import io.github.katib4j.search.ParameterValue;
import io.github.katib4j.search.Proposal;
import io.github.katib4j.search.SearchParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Katib's {@code sobol} (goptuna's Sobol sampler): trial {@code k} takes point {@code k} of a scrambled Sobol
 * sequence, one dimension per parameter, mapped through the parameter's distribution.
 *
 * <p>Katib's goptuna service ignores every setting and every distribution and uses the unscrambled sequence from its
 * second point; here the sequence is scrambled with the seed ({@code random_state} when it is a valid seed, else the
 * engine's), so the first point is as good as any, and {@code logUniform}, {@code normal} and {@code logNormal} are
 * honoured through their inverse CDFs (a log distribution of a range from 0 or below, which has no logarithm, is
 * searched uniformly, with a note).
 */
public final class SobolSuggester extends HistorySuggester {
  private final SobolSequence sequence;
  private final List<SearchParameter> parameters;

  private SobolSuggester(AlgorithmContext context, long seed) {
    super(context, seed);
    this.parameters = context.space().parameters();
    this.sequence = new SobolSequence(parameters.size(), seed);
  }

  /**
   * Katib's {@code sobol}; adds a problem (K-local) for more parameters than the direction numbers cover, and notes
   * the log distributions from 0 or below, which it searches uniformly as Katib's goptuna service searches every
   * range.
   */
  public static SobolSuggester create(AlgorithmContext context) {
    if (context.space().size() > SobolSequence.MAX_DIMENSIONS) {
      // Katib's goptuna service has direction numbers for 21,199 dimensions; Joe and Kuo's table for that many takes
      // at least 350 KB however it is packed, so katib4j embeds the first 256.
      context.localProblem("spec.parameters", "katib4j's sobol supports up to " + SobolSequence.MAX_DIMENSIONS
          + " parameters (Katib's goptuna service up to 21199), this experiment has " + context.space().size()
          + "; use random, or Katib on a cluster");
    }
    context.noteUniformLogRanges();
    if (!context.isValid()) {
      return null;
    }
    // goptuna ignores settings, so a bad random_state is not an error; a valid one seeds the scrambling.
    OptionalLong randomState = context.settings().goInt("random_state");
    return new SobolSuggester(context, context.seed(randomState.isPresent() && randomState.getAsLong() >= 0
        ? randomState : OptionalLong.empty()));
  }

  @Override
  public boolean ignoresResults() {
    return true;
  }

  @Override
  protected Proposal propose(int ordinal, Rng rng) {
    double[] point = sequence.point(ordinal);
    List<ParameterValue> values = new ArrayList<>();
    for (int j = 0; j < parameters.size(); j++) {
      values.add(value(parameters.get(j), point[j]));
    }
    return Proposal.builder().assignment(Assignment.of(values)).build();
  }

  private static ParameterValue value(SearchParameter p, double u) {
    if (!p.isNumeric()) {
      return p.choice((int) Math.min(p.values().size() - 1, (long) (u * p.values().size())));
    }
    long cardinality = p.cardinality();
    if (PriorSampler.distribution(p) == Distribution.UNIFORM && cardinality > 0 && cardinality < Long.MAX_VALUE) {
      return p.gridPoint(Math.min(cardinality - 1, (long) (u * cardinality)));
    }
    return PriorSampler.quantise(p, PriorSampler.continuous(p, u));
  }
}
