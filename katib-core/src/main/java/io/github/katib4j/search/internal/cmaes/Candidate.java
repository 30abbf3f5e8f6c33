package io.github.katib4j.search.internal.cmaes;

/**
 * One point to evaluate, as asked from {@link CmaEs}.
 *
 * @param id what to pass back to {@link CmaEs#tell} or {@link CmaEs#tellFailure}; keep it with the trial so that a
 *     replay can tell the same ids again
 * @param generation the generation the candidate was drawn from (part of the id)
 * @param index the candidate's index within its generation (part of the id)
 * @param x the point in [0, 1]^d; a coordinate with k levels is exactly {@code level / (k - 1)}
 */
public record Candidate(long id, int generation, int index, double[] x) {
  /** Copies {@code x}, so the candidate cannot change under its holder. */
  public Candidate {
    x = x.clone();
  }

  /** The id of candidate {@code index} of {@code generation}. */
  public static long id(int generation, int index) {
    return ((long) generation << 32) | (index & 0xFFFFFFFFL);
  }

  /** The level (0 to k - 1) of a coordinate that has k levels. */
  public int level(int dimension, int levels) {
    return (int) Math.round(x[dimension] * (levels - 1));
  }

  @Override
  public double[] x() {
    return x.clone();
  }
}
