package io.github.katib4j.search;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.search.internal.MedianStop;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Makes the early stopper for an experiment's {@code spec.earlyStopping}, by Katib name ({@code medianstop}). */
public final class EarlyStoppers {
  private EarlyStoppers() {}

  /**
   * The early stopper for {@code spec.earlyStopping}, or empty when the experiment sets none.
   *
   * @throws KatibValidationException listing every problem Katib's early-stopping service would report
   */
  public static Optional<EarlyStopper> create(ExperimentSpec spec) {
    List<Problem> problems = new ArrayList<>();
    Optional<EarlyStopper> stopper = MedianStop.create(spec, problems);
    if (!problems.isEmpty()) {
      throw new KatibValidationException("Early stopping " + spec.earlyStopping().map(e -> e.algorithmName())
          .orElse(""), problems);
    }
    return stopper;
  }

  /** Every problem {@link #create} would report for {@code spec}; empty when it would succeed. */
  public static List<Problem> validate(ExperimentSpec spec) {
    List<Problem> problems = new ArrayList<>();
    MedianStop.create(spec, problems);
    return problems;
  }
}
