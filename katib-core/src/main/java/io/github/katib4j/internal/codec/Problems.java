package io.github.katib4j.internal.codec;

import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
import java.util.Comparator;

/** Orderings of problems. */
public final class Problems {
  /** By line and column where known (in the order a reader meets them), keeping the others after, in their order. */
  public static final Comparator<Problem> IN_SOURCE_ORDER = Comparator.comparing(
      (Problem p) -> p.position().map(SourcePosition::line).orElse(Integer.MAX_VALUE))
      .thenComparing(p -> p.position().map(SourcePosition::column).orElse(Integer.MAX_VALUE));

  private Problems() {}
}
